"""Reminders already sent (one row per reminder, its unique key), reminder preferences and scheduled jobs."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from hubpro.models._base import timestamp


class SentReminder(SQLModel, table=True):
    """A reminder sent (or decided) once: written in the transaction of its outbox rows."""

    __table_args__ = (
        UniqueConstraint("driver_id", "kind", "object_ref", "deadline", "offset_code", name="uq_sent_reminder"),
    )

    id: int | None = Field(default=None, primary_key=True)
    driver_id: int = Field(foreign_key="driver.id", index=True)
    kind: str = Field(max_length=20)  # domain.reminders.ReminderKind
    object_ref: str = Field(max_length=40)
    deadline: date
    offset_code: str = Field(max_length=12)  # its place in the series (domain.reminders.Offset.code)
    due_on: date = Field(index=True)
    channels: str = Field(default="", max_length=20)  # "email,sms", "" when the driver turned both off
    sent_at: datetime = timestamp()


class ReminderPreference(SQLModel, table=True):
    """« Mes préférences de notification »: reminders by email and/or SMS (both by default)."""

    driver_id: int = Field(foreign_key="driver.id", primary_key=True)
    email: bool = True
    sms: bool = True
    updated_at: datetime = timestamp()


class ScheduledJob(SQLModel, table=True):
    """A job of the in-app scheduler: its next due time and the lease of the worker running it."""

    name: str = Field(primary_key=True, max_length=40)
    next_run_at: datetime
    lease_owner: str | None = Field(default=None, max_length=64)
    lease_until: datetime | None = None
    last_run_at: datetime | None = None
    last_result: str = Field(default="", max_length=200)
    runs: int = 0
