"""When scheduled jobs fall due: daily at a Paris wall-clock time, whatever the daylight-saving change (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from hubpro.domain.dates import PARIS, aware


@dataclass(frozen=True)
class Daily:
    """Every day at ``at`` (Europe/Paris)."""

    at: time

    def next_after(self, moment: datetime) -> datetime:
        """The first due time strictly after ``moment``, as aware UTC."""
        local = aware(moment).astimezone(PARIS)
        day = local.date()
        for _ in range(3):
            due = datetime.combine(day, self.at, tzinfo=PARIS).astimezone(UTC)
            if due > aware(moment):
                return due
            day += timedelta(days=1)
        raise AssertionError("unreachable: a due time exists within two days")


@dataclass(frozen=True)
class Every:
    """Every ``interval`` from the end of the previous run."""

    interval: timedelta

    def next_after(self, moment: datetime) -> datetime:
        """``moment`` plus the interval, as aware UTC."""
        return aware(moment).astimezone(UTC) + self.interval
