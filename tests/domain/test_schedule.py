"""Tests of daily due times in Paris across daylight-saving changes, month ends and 29 February."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from hubpro.domain.schedule import Daily

EIGHT = Daily(time(8, 0))


@pytest.mark.parametrize(
    ("moment", "due"),
    [
        (datetime(2026, 1, 15, 6, 0, tzinfo=UTC), datetime(2026, 1, 15, 7, 0, tzinfo=UTC)),  # winter, UTC+1
        (datetime(2026, 1, 15, 7, 0, tzinfo=UTC), datetime(2026, 1, 16, 7, 0, tzinfo=UTC)),  # strictly after
        (datetime(2026, 3, 28, 8, 0, tzinfo=UTC), datetime(2026, 3, 29, 6, 0, tzinfo=UTC)),  # clocks go forward
        (datetime(2026, 10, 24, 7, 0, tzinfo=UTC), datetime(2026, 10, 25, 7, 0, tzinfo=UTC)),  # clocks go back
        (datetime(2028, 2, 28, 8, 0, tzinfo=UTC), datetime(2028, 2, 29, 7, 0, tzinfo=UTC)),  # 29 February
        (datetime(2026, 12, 31, 23, 30, tzinfo=UTC), datetime(2027, 1, 1, 7, 0, tzinfo=UTC)),  # year end
    ],
)
def test_next_daily_due_time(moment, due):
    assert EIGHT.next_after(moment) == due


def test_every_interval():
    from datetime import timedelta

    from hubpro.domain.schedule import Every

    assert Every(timedelta(minutes=1)).next_after(datetime(2026, 1, 31, 23, 59, 30, tzinfo=UTC)) == datetime(
        2026, 2, 1, 0, 0, 30, tzinfo=UTC
    )
