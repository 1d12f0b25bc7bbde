"""Tests of date helpers: JJ/MM/AAAA in Paris time, ages and short French durations."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from hubpro.domain import dates


def test_now_is_aware_utc():
    value = dates.now()
    assert value.utcoffset() == timedelta(0)


def test_fr_date_of_a_date():
    assert dates.fr_date(date(2026, 3, 5)) == "05/03/2026"


def test_fr_date_of_none_is_empty():
    assert dates.fr_date(None) == ""
    assert dates.fr_datetime(None) == ""


@pytest.mark.parametrize(
    ("utc", "paris_day"),
    [
        (datetime(2026, 3, 5, 23, 30, tzinfo=UTC), "06/03/2026"),  # winter, UTC+1
        (datetime(2026, 3, 5, 22, 59, tzinfo=UTC), "05/03/2026"),
        (datetime(2026, 7, 14, 22, 30, tzinfo=UTC), "15/07/2026"),  # summer, UTC+2
        (datetime(2026, 7, 14, 21, 59, tzinfo=UTC), "14/07/2026"),
        (datetime(2026, 12, 31, 23, 15, tzinfo=UTC), "01/01/2027"),  # new year in Paris first
    ],
)
def test_fr_date_of_a_utc_datetime_uses_the_paris_day(utc, paris_day):
    assert dates.fr_date(utc) == paris_day


def test_naive_datetimes_are_read_as_utc():
    # SQLite gives naive values back: 22:30 UTC in July is already the next day in Paris.
    assert dates.fr_date(datetime(2026, 7, 14, 22, 30)) == "15/07/2026"
    assert dates.aware(datetime(2026, 7, 14, 22, 30)) == datetime(2026, 7, 14, 22, 30, tzinfo=UTC)


def test_fr_datetime_shows_paris_time():
    assert dates.fr_datetime(datetime(2026, 7, 14, 22, 30, tzinfo=UTC)) == "15/07/2026 à 00:30"
    assert dates.fr_datetime(datetime(2026, 1, 10, 8, 5, tzinfo=UTC)) == "10/01/2026 à 09:05"


@pytest.mark.parametrize(
    ("day", "age"),
    [
        (date(2026, 6, 14), 25),  # the day before the birthday
        (date(2026, 6, 15), 26),  # the birthday
        (date(2026, 6, 16), 26),
        (date(2026, 12, 31), 26),
        (date(2000, 6, 15), 0),
    ],
)
def test_age_on_around_a_birthday(day, age):
    assert dates.age_on(date(2000, 6, 15), day) == age


@pytest.mark.parametrize(
    ("day", "age"),
    [
        (date(2022, 2, 28), 17),  # no 29 February in 2022: not yet 18
        (date(2022, 3, 1), 18),
        (date(2024, 2, 28), 19),
        (date(2024, 2, 29), 20),  # a leap year: the birthday itself
    ],
)
def test_age_on_for_someone_born_on_29_february(day, age):
    assert dates.age_on(date(2004, 2, 29), day) == age


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(0), "0 min"),
        (timedelta(seconds=59), "0 min"),
        (timedelta(minutes=59, seconds=59), "59 min"),
        (timedelta(hours=1), "1 h"),
        (timedelta(hours=23, minutes=59), "23 h"),
        (timedelta(hours=24), "1 j 0 h"),
        (timedelta(days=2, hours=4, minutes=30), "2 j 4 h"),
    ],
)
def test_elapsed_fr(delta, text):
    start = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)
    assert dates.elapsed_fr(start, start + delta) == text


def test_elapsed_fr_never_negative_and_accepts_naive_values():
    start = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)
    assert dates.elapsed_fr(start, start - timedelta(hours=3)) == "0 min"
    assert dates.elapsed_fr(datetime(2026, 5, 4, 8, 0), start + timedelta(hours=3)) == "3 h"
