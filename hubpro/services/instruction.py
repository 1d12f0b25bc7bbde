"""Operator side of card requests: queue, review per item, complement, validate (card), ship, reject."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from hubpro.domain import card_requests as rules
from hubpro.domain import trainings as training_rules
from hubpro.domain.cards import CardAction, IllegalCardTransition, new_card_number
from hubpro.domain.dates import now
from hubpro.domain.kinds import Fee, ReplacementMotif
from hubpro.models import Agent, Card, CardRequest, Certificate, Driver, Training
from hubpro.services import errors
from hubpro.services import history as transitions
from hubpro.services.card_requests import documents
from hubpro.services.paging import Page, keyset
from hubpro.services.request_flow import Conflict, move
from hubpro.services.trainings import today

A = rules.RequestAction
REASON_MAX = 300
AGENT_VISIBLE = frozenset(
    s.value for s in rules.RequestStatus if s not in (rules.RequestStatus.DRAFT, rules.RequestStatus.CANCELLED)
)  # like load(): agents never see drafts nor cancelled requests


class Refused(errors.Refused):
    """Not allowed now; the message is French."""


def _agent(db: Session, agent_id: int) -> Agent:
    agent = db.get(Agent, agent_id)
    if agent is None or not agent.active:
        raise PermissionError("not an active agent")
    return agent


def queue_page(db: Session, *, agent_id: int, status: str = "", after: str = "", before: str = "") -> Page:
    """One page of requests to instruct with their drivers, oldest submission first (keyset on submitted_at, id).

    One status, or every status to instruct; never drafts nor cancelled ones. Items are (request, driver).
    """
    _agent(db, agent_id)
    statuses = [status] if status in AGENT_VISIBLE else [s.value for s in rules.TO_INSTRUCT]
    stmt = (
        select(CardRequest, Driver)
        .join(Driver, Driver.id == CardRequest.driver_id)
        .where(CardRequest.status.in_(statuses))
    )
    return keyset(db, stmt, CardRequest, after=after, before=before)


def queue(db: Session, *, agent_id: int, status: str = "") -> list[CardRequest]:
    """The first page of requests to instruct, oldest submission first (see queue_page)."""
    return [r for r, _ in queue_page(db, agent_id=agent_id, status=status).items]


def load(db: Session, *, agent_id: int, public_id: str) -> CardRequest:
    """One request for an agent.

    Raises:
        LookupError: when unknown.
    """
    _agent(db, agent_id)
    req = db.exec(select(CardRequest).where(CardRequest.public_id == str(public_id))).first()
    if req is None or req.status in (rules.RequestStatus.DRAFT, rules.RequestStatus.CANCELLED):
        raise LookupError(public_id)
    return req


def _act(db: Session, req: CardRequest, action: rules.RequestAction, agent_id: int, reason: str = "") -> None:
    try:
        move(db, req, action, actor_kind="agent", actor_id=agent_id, reason=reason)
    except (rules.IllegalTransition, Conflict) as exc:
        db.rollback()
        raise Refused("Action impossible dans l'état actuel de la demande : rechargez la page.") from exc


def take(db: Session, *, agent_id: int, public_id: str) -> None:
    """« Prendre en charge »: the request is being instructed."""
    req = load(db, agent_id=agent_id, public_id=public_id)
    if rules.can(req.kind, req.status, A.TAKE):
        _act(db, req, A.TAKE, agent_id)
        db.commit()


def review(db: Session, *, agent_id: int, public_id: str, item: str, ok: bool, reason: str = "") -> str:
    """« conforme » / « non conforme » with a reason for one document or field; returns "" or an error."""
    req = load(db, agent_id=agent_id, public_id=public_id)
    if item not in rules.ITEM_LABELS:
        return "Élément inconnu."
    if not rules.instructable(req.kind, req.status):
        return "La demande n'est pas en instruction."
    reason = " ".join(str(reason or "").split())[:REASON_MAX]
    if not ok and not reason:
        return "Indiquez la raison de la non-conformité."
    req.review = {**req.review, item: {"ok": bool(ok), "reason": "" if ok else reason}}
    db.add(req)
    db.commit()
    return ""


def request_info(db: Session, *, agent_id: int, public_id: str) -> None:
    """« Demander un complément » for every item marked « non conforme »."""
    req = load(db, agent_id=agent_id, public_id=public_id)
    items = {k: v["reason"] for k, v in req.review.items() if isinstance(v, dict) and not v.get("ok")}
    if not items:
        raise Refused("Marquez au moins un élément « non conforme » avec sa raison.")
    req.info_items = items
    req.review = {"_asked_at": now().isoformat()}
    _act(db, req, A.REQUEST_INFO, agent_id, "; ".join(f"{rules.ITEM_LABELS[k]} : {v}" for k, v in items.items()))
    db.commit()


def validate(db: Session, *, agent_id: int, public_id: str) -> Card:
    """« Valider »: the card is created and goes into production in the same transaction."""
    req = load(db, agent_id=agent_id, public_id=public_id)
    bad = [k for k, v in req.review.items() if isinstance(v, dict) and not v.get("ok")]
    if bad:
        raise Refused("Des éléments sont « non conformes » : demandez un complément ou corrigez l'analyse.")
    if rules.missing_documents(set(documents(db, req))):
        raise Refused("Documents manquants : la demande ne peut pas être validée.")
    _act(db, req, A.VALIDATE, agent_id)
    card = _new_card(db, req)
    _act(db, req, A.PRODUCE, agent_id)
    try:
        db.commit()
    except IntegrityError:  # card number collision (1 in 10^10): retry once with a new number
        db.rollback()
        raise Refused("Veuillez valider à nouveau.") from None
    return card


def _new_card(db: Session, req: CardRequest) -> Card:
    driver = db.get(Driver, req.driver_id)
    cert = db.get(Certificate, req.certificate_id)
    training = db.get(Training, cert.training_id)
    facts = [
        training_rules.Fact(t.type, t.sector, t.end_date)
        for t in db.exec(select(Training).where(Training.driver_id == driver.id)).all()
        if t.end_date <= training.end_date
    ]
    expires = training_rules.qualifications(facts, today())[training.sector].valid_until
    photo = documents(db, req).get(rules.DocKind.PHOTO.value)
    card = Card(
        number=new_card_number(),
        driver_id=driver.id,
        request_id=req.id,
        sector=training.sector,
        categories=training_rules.CATEGORIES[training_rules.Sector(training.sector)],
        birth_name=driver.birth_name,
        usage_name=driver.usage_name,
        first_names=driver.first_names,
        birth_date=driver.birth_date,
        birth_place=f"{driver.birth_city} ({driver.birth_country})",
        licence_number=driver.licence_number,
        issued_on=today(),
        expires_on=expires,
        photo_file_id=photo.file_id if photo else None,
    )
    db.add(card)
    db.flush()
    return card


def ship(db: Session, *, agent_id: int, public_id: str) -> None:
    """« Enregistrer l'expédition »: request and card are shipped."""
    from hubpro.services.returned_mail import card_of

    req = load(db, agent_id=agent_id, public_id=public_id)
    _act(db, req, A.SHIP, agent_id)
    try:
        transitions.apply(db, card_of(db, req), CardAction.SHIP, actor_kind="agent", actor_id=agent_id,
                      values={"shipped_on": today()})  # fmt: skip
    except (IllegalCardTransition, Conflict) as exc:
        db.rollback()
        raise Refused("Action impossible dans l'état actuel de la demande : rechargez la page.") from exc
    db.commit()


def receive(db: Session, *, agent_id: int, public_id: str) -> None:
    """Qualité: « Carte reçue » – the returned card arrived; its analysis starts."""
    req = load(db, agent_id=agent_id, public_id=public_id)
    _act(db, req, A.RECEIVE, agent_id)
    db.commit()


def quality_outcome(db: Session, *, agent_id: int, public_id: str, fault: str, reason: str = "") -> None:
    """Qualité analysis: the operator's fault → free replacement in production; the driver's → fee to pay."""
    from hubpro.domain import payments as money
    from hubpro.domain import replacements as motifs
    from hubpro.models import Payment

    req = load(db, agent_id=agent_id, public_id=public_id)
    reason = " ".join(str(reason or "").split())[:REASON_MAX]
    if fault == "operator":
        _act(db, req, A.OPERATOR_FAULT, agent_id, reason or "Défaut imputable à l'opérateur : remplacement gratuit.")
        _reproduce(db, req)
    elif fault == "driver":
        if not reason:
            raise Refused("Indiquez ce qui est imputable au conducteur (il en sera informé).")
        old = db.get(Card, req.old_card_id)
        quality = ReplacementMotif.QUALITY
        db.add(Payment(driver_id=req.driver_id, request_id=req.id, purpose=f"replacement_{quality}",
                       designation=motifs.designation(quality, old.number),
                       amount_cents=money.fee_for(Fee.QUALITY_DRIVER), billing_name=req.billing_name,
                       billing_address=req.billing_address))  # fmt: skip
        _act(db, req, A.DRIVER_FAULT, agent_id, reason)
    else:
        raise Refused("Choisissez l'origine du défaut.")
    db.commit()


def _reproduce(db: Session, req: CardRequest) -> None:
    from hubpro.services import replacements

    try:
        replacements.reproduce(db, req)
    except (rules.IllegalTransition, Conflict) as exc:
        db.rollback()
        raise Refused("Action impossible dans l'état actuel de la demande : rechargez la page.") from exc


def reject(db: Session, *, agent_id: int, public_id: str, reason: str) -> None:
    """« Rejeter » with a reason (shown to the driver)."""
    req = load(db, agent_id=agent_id, public_id=public_id)
    reason = " ".join(str(reason or "").split())[:REASON_MAX]
    if not reason:
        raise Refused("Indiquez le motif du rejet.")
    req.reject_reason = reason
    _act(db, req, A.REJECT, agent_id, reason)
    db.commit()
