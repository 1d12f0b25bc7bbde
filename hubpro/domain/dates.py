"""Date helpers: UTC storage, Europe/Paris display (JJ/MM/AAAA)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


def now() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


def aware(value: datetime) -> datetime:
    """The same instant as an aware UTC datetime (SQLite gives naive values back)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def fr_date(value: date | datetime | None) -> str:
    """JJ/MM/AAAA, in Paris time for datetimes."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = aware(value).astimezone(PARIS).date()
    return value.strftime("%d/%m/%Y")


def fr_datetime(value: datetime | None) -> str:
    """JJ/MM/AAAA à HH:MM in Paris time."""
    if value is None:
        return ""
    local = aware(value).astimezone(PARIS)
    return local.strftime("%d/%m/%Y à %H:%M")


def age_on(birth: date, day: date) -> int:
    """Full years between birth and day."""
    years = day.year - birth.year
    if (day.month, day.day) < (birth.month, birth.day):
        years -= 1
    return years


def elapsed_fr(start: datetime, end: datetime) -> str:
    """A short French age such as « 3 h » or « 2 j 4 h »."""
    seconds = max(0, int((aware(end) - aware(start)).total_seconds()))
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes} min"
    hours = minutes // 60
    if hours < 24:
        return f"{hours} h"
    return f"{hours // 24} j {hours % 24} h"
