"""« Mes préférences de notification »: reminders by email and/or SMS (procedure messages always go by email)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from hubpro.domain.dates import now
from hubpro.models import ReminderPreference


@dataclass(frozen=True)
class ReminderPrefs:
    """What the preferences form shows."""

    email: bool = True
    sms: bool = True


def get_prefs(db: Session, *, driver_id: int) -> ReminderPrefs:
    """The driver's choice (both channels until they change it)."""
    row = db.get(ReminderPreference, driver_id)
    return ReminderPrefs(row.email, row.sms) if row else ReminderPrefs()


def set_prefs(db: Session, *, driver_id: int, email: bool, sms: bool) -> ReminderPrefs:
    """Record the driver's choice for reminders."""
    row = db.get(ReminderPreference, driver_id) or ReminderPreference(driver_id=driver_id)
    row.email, row.sms, row.updated_at = bool(email), bool(sms), now()
    db.add(row)
    db.commit()
    return ReminderPrefs(row.email, row.sms)
