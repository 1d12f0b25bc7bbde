"""Reminder series: when each reminder of a deadline falls due, and which one a tick sends (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from hubpro.domain.trainings import add_months


class ReminderKind(StrEnum):
    """Why a driver is reminded."""

    CERTIFICATE = "certificate"  # certificate without a card request
    QUALIFICATION = "qualification"  # qualification ends: « inscrivez-vous à une FCO »
    INFO_REQUESTED = "info_requested"  # request awaiting a complement
    PAYMENT = "payment"  # payment not completed
    RETURNED_MAIL = "returned_mail"  # pli non distribué not answered


@dataclass(frozen=True)
class Offset:
    """A reminder's place in its series: months and days from the anchor date (negative: before)."""

    code: str  # stored in the reminder's unique key
    months: int = 0
    days: int = 0

    def due(self, anchor: date) -> date:
        """The day this reminder falls due."""
        return add_months(anchor, self.months) + timedelta(days=self.days)


# Anchors: the certificate's issue date then its end; the qualification's end; the day the
# request entered its status; the day the card was recorded as returned.
SERIES: dict[ReminderKind, tuple[Offset, ...]] = {
    ReminderKind.CERTIFICATE: (Offset("issue+30d", days=30), Offset("end-30d", days=-30), Offset("end-7d", days=-7)),
    ReminderKind.QUALIFICATION: (
        Offset("end-12m", months=-12),
        Offset("end-6m", months=-6),
        Offset("end-3m", months=-3),
        Offset("end-30d", days=-30),
    ),
    ReminderKind.INFO_REQUESTED: (Offset("since+3d", days=3), Offset("since+7d", days=7)),
    ReminderKind.PAYMENT: (Offset("since+1d", days=1),),
    ReminderKind.RETURNED_MAIL: (Offset("since+7d", days=7),),
}


@dataclass(frozen=True)
class Subject:
    """A live reason to remind: its kind, the object it is about and its dates.

    ``deadline`` is the date the driver must act by (certificate or qualification end) or the day
    the waiting started (requests, returned cards); ``issued_on`` is the certificate's issue date.
    """

    kind: ReminderKind
    object_ref: str  # certificate or request reference, sector, card number
    deadline: date
    issued_on: date | None = None


@dataclass(frozen=True)
class DueReminder:
    """One reminder to send now; (driver, kind, object_ref, deadline, offset) is sent once."""

    kind: ReminderKind
    object_ref: str
    deadline: date
    offset: str
    due_on: date


def _anchor(subject: Subject, offset: Offset) -> date:
    if subject.kind == ReminderKind.CERTIFICATE and offset.code.startswith("issue") and subject.issued_on:
        return subject.issued_on
    return subject.deadline


def _still_relevant(subject: Subject, today: date) -> bool:
    """A deadline already passed is not reminded (the dashboard says it); waits always are."""
    if subject.kind in (ReminderKind.CERTIFICATE, ReminderKind.QUALIFICATION):
        return today <= subject.deadline
    return True


def due_reminder(subject: Subject, today: date) -> DueReminder | None:
    """The reminder of this subject to send today: the latest one already due, or None.

    Only the latest due reminder of a series is offered, so a tick that comes late (server down,
    new account) sends one message rather than the whole missed series.
    """
    if not _still_relevant(subject, today):
        return None
    latest: DueReminder | None = None
    for offset in SERIES[subject.kind]:
        due_on = offset.due(_anchor(subject, offset))
        if due_on <= today and (latest is None or due_on >= latest.due_on):
            latest = DueReminder(subject.kind, subject.object_ref, subject.deadline, offset.code, due_on)
    return latest


def schedule(subject: Subject) -> tuple[date, ...]:
    """Every due day of a subject's series, in order (for tests and the README)."""
    return tuple(sorted(o.due(_anchor(subject, o)) for o in SERIES[subject.kind]))
