"""What a driver's deadlines are made of, loaded with a fixed number of queries (no N+1)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, select

from hubpro.domain import request_flow as flow
from hubpro.domain.cards import CardStatus
from hubpro.domain.deadlines import QualificationDeadline
from hubpro.domain.trainings import Fact, qualifications
from hubpro.models import Card, CardRequest, Certificate, Payment, Training

ACTIVE_CARDS = (CardStatus.IN_PRODUCTION, CardStatus.SHIPPED, CardStatus.RETURNED)
SHOWN_REQUESTS = frozenset({flow.RequestStatus.DRAFT, *flow.OPEN})


@dataclass
class DriverFacts:
    """The rows behind « Accueil » and the agenda files of one driver."""

    qualifications: list[QualificationDeadline] = field(default_factory=list)
    free_certificates: list[Certificate] = field(default_factory=list)  # still valid, no request made for them
    requests: list[CardRequest] = field(default_factory=list)  # drafts and open requests, newest first
    payments: dict[int, Payment] = field(default_factory=dict)  # request id → its payment (awaiting payment)
    cards: list[Card] = field(default_factory=list)  # not replaced, newest first


def load_facts(db: Session, *, driver_id: int, today: date) -> DriverFacts:
    """Load one driver's deadlines in five queries at most, whatever the number of rows."""
    facts = DriverFacts()
    trainings = db.exec(select(Training).where(Training.driver_id == driver_id)).all()
    quals = qualifications([Fact(t.type, t.sector, t.end_date) for t in trainings], today)
    facts.qualifications = [QualificationDeadline(q.sector, q.valid_until, q.early_fco_from) for q in quals.values()]
    requests = db.exec(
        select(CardRequest).where(CardRequest.driver_id == driver_id).order_by(CardRequest.id.desc())
    ).all()
    used = {r.certificate_id for r in requests if r.status not in flow.FREES_CERTIFICATE}
    certs = db.exec(
        select(Certificate)
        .where(Certificate.driver_id == driver_id, Certificate.valid_until >= today)
        .order_by(Certificate.issued_on.desc(), Certificate.id.desc())
    ).all()
    facts.free_certificates = [c for c in certs if c.id not in used]
    facts.requests = [r for r in requests if r.status in SHOWN_REQUESTS]
    awaiting = [r.id for r in facts.requests if r.status == flow.RequestStatus.AWAITING_PAYMENT]
    if awaiting:
        rows = db.exec(select(Payment).where(Payment.request_id.in_(awaiting)).order_by(Payment.id)).all()
        facts.payments = {p.request_id: p for p in rows}
    facts.cards = list(
        db.exec(
            select(Card).where(Card.driver_id == driver_id, Card.status != CardStatus.REPLACED).order_by(Card.id.desc())
        ).all()
    )
    return facts
