"""Deadline reminders: find what is due today, send each reminder once (unique key + outbox, one transaction)."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from hubpro import routes
from hubpro.domain import request_flow as flow
from hubpro.domain.accounts import AccountStatus
from hubpro.domain.cards import CardStatus
from hubpro.domain.dates import PARIS, aware, fr_date
from hubpro.domain.reminders import DueReminder, Subject, due_reminder
from hubpro.domain.reminders import ReminderKind as K
from hubpro.domain.trainings import QUALIFICATION_YEARS, SECTOR_LABELS, Fact, add_years, qualifications
from hubpro.models import Card, CardRequest, Certificate, Driver, Payment, ReminderPreference, SentReminder, Training
from hubpro.notify import reminder_templates as texts
from hubpro.notify.outbox import enqueue_email, enqueue_sms

log = logging.getLogger("hubpro.reminders")
CQC_REQUEST = routes.REQUESTS + "/carte-cqc"
LOOKBACK_DAYS = 400  # keys older than any series (12 months + margin) cannot come up again


@dataclass(frozen=True)
class Candidate:
    """A live reason to remind one driver, with what the message names and where it links."""

    driver_id: int
    subject: Subject
    what: str
    link: str


def _day(value) -> date:
    return aware(value).astimezone(PARIS).date()


def _certificates(db: Session, today: date) -> list[Candidate]:
    certs = db.exec(select(Certificate).where(Certificate.driver_id != None, Certificate.valid_until >= today)).all()  # noqa: E711
    if not certs:
        return []
    used = set(
        db.exec(
            select(CardRequest.certificate_id).where(
                CardRequest.certificate_id.in_([c.id for c in certs]),
                CardRequest.status.not_in([s.value for s in flow.FREES_CERTIFICATE]),
            )
        ).all()
    )
    return [
        Candidate(
            c.driver_id, Subject(K.CERTIFICATE, c.reference, c.valid_until, c.issued_on), c.reference, CQC_REQUEST
        )
        for c in certs
        if c.id not in used
    ]


def _qualifications(db: Session, today: date) -> list[Candidate]:
    since = add_years(today, -2 * QUALIFICATION_YEARS)
    rows = db.exec(
        select(Training.driver_id, Training.type, Training.sector, Training.end_date).where(
            Training.driver_id != None,  # noqa: E711
            Training.end_date >= since,
        )
    ).all()
    facts: dict[int, list[Fact]] = defaultdict(list)
    for driver_id, type_, sector, end in rows:
        facts[driver_id].append(Fact(type_, sector, end))
    out = []
    for driver_id, items in facts.items():
        for q in qualifications(items, today).values():
            label = SECTOR_LABELS.get(q.sector, q.sector)
            out.append(Candidate(driver_id, Subject(K.QUALIFICATION, q.sector, q.valid_until), label, routes.TRAININGS))
    return out


def _waits(db: Session) -> list[Candidate]:
    waiting = (flow.RequestStatus.INFO_REQUESTED, flow.RequestStatus.AWAITING_PAYMENT)
    reqs = db.exec(select(CardRequest).where(CardRequest.status.in_(waiting))).all()
    pay_ids = [r.id for r in reqs if r.status == flow.RequestStatus.AWAITING_PAYMENT]
    payments = {}
    if pay_ids:
        payments = {p.request_id: p for p in db.exec(select(Payment).where(Payment.request_id.in_(pay_ids))).all()}
    out = []
    for r in reqs:
        kind = K.INFO_REQUESTED if r.status == flow.RequestStatus.INFO_REQUESTED else K.PAYMENT
        link = f"{routes.REQUESTS}/{r.public_id}"
        if kind == K.PAYMENT and (p := payments.get(r.id)):
            link = f"{routes.PAYMENT}/{p.public_id}"
        out.append(Candidate(r.driver_id, Subject(kind, r.reference, _day(r.updated_at)), r.reference, link))
    cards = db.exec(select(Card).where(Card.status == CardStatus.RETURNED)).all()
    out += [
        Candidate(
            c.driver_id,
            Subject(K.RETURNED_MAIL, c.number, _day(c.returned_at or c.created_at)),
            c.number,
            f"{routes.CARDS}/{c.public_id}/pli-non-distribue",
        )
        for c in cards
    ]
    return out


def due_now(db: Session, *, today: date) -> list[tuple[Candidate, DueReminder]]:
    """Every reminder due today whose reason still holds and that was not sent yet."""
    found = [
        (c, due)
        for c in _certificates(db, today) + _qualifications(db, today) + _waits(db)
        if (due := due_reminder(c.subject, today)) is not None
    ]
    if not found:
        return []
    sent = set(
        db.exec(
            select(
                SentReminder.driver_id,
                SentReminder.kind,
                SentReminder.object_ref,
                SentReminder.deadline,
                SentReminder.offset_code,
            ).where(SentReminder.due_on >= today - timedelta(days=LOOKBACK_DAYS))
        ).all()
    )
    return [(c, d) for c, d in found if (c.driver_id, d.kind.value, d.object_ref, d.deadline, d.offset) not in sent]


def _send_one(db: Session, c: Candidate, due: DueReminder, driver: Driver, pref, today: date) -> bool:
    want_email = pref.email if pref else True
    want_sms = (pref.sms if pref else True) and bool(driver.phone)
    channels = ",".join(name for name, on in (("email", want_email), ("sms", want_sms)) if on)
    db.add(
        SentReminder(
            driver_id=c.driver_id, kind=due.kind.value, object_ref=due.object_ref, deadline=due.deadline,
            offset_code=due.offset, due_on=due.due_on, channels=channels,
        )
    )  # fmt: skip
    try:
        db.flush()
    except IntegrityError:  # another worker sent it first
        db.rollback()
        return False
    shown = fr_date(c.subject.deadline)
    t = texts.ReminderText(due.kind, driver.first_names, c.what, shown, (c.subject.deadline - today).days, c.link)
    if want_email:
        enqueue_email(db, driver.email, texts.email(t))
    if want_sms:
        enqueue_sms(db, driver.phone, texts.sms(t))
    try:
        db.commit()
    except IntegrityError:
        db.rollback()
        return False
    return True


def send_due(db: Session, *, today: date) -> int:
    """Send every reminder due today once; returns how many this call sent (0 for those already sent)."""
    todo = due_now(db, today=today)
    ids = sorted({c.driver_id for c, _ in todo})
    drivers = {d.id: d for d in db.exec(select(Driver).where(Driver.id.in_(ids))).all()} if ids else {}
    prefs = (
        {p.driver_id: p for p in db.exec(select(ReminderPreference).where(ReminderPreference.driver_id.in_(ids))).all()}
        if ids
        else {}
    )
    db.rollback()  # end the read transaction: each reminder is written in its own
    sent = 0
    for c, due in todo:
        driver = drivers.get(c.driver_id)
        if driver is None or driver.status != AccountStatus.ACTIVE:
            continue
        sent += _send_one(db, c, due, driver, prefs.get(c.driver_id), today)
    log.info("%d reminder(s) sent", sent)
    return sent
