"""« Pli non distribué »: the operator records a returned card; the driver confirms or changes the address."""

from __future__ import annotations

import secrets

from sqlmodel import Session, select

from hubpro.domain import card_requests as rules
from hubpro.domain import contact
from hubpro.domain import payments as money
from hubpro.domain.accounts import clean_text
from hubpro.domain.cards import CardAction, CardStatus, IllegalCardTransition
from hubpro.domain.dates import now
from hubpro.domain.kinds import Fee, RequestKind, ReturnedMailChoice
from hubpro.models import Agent, Card, CardRequest, Driver, Notice, Payment
from hubpro.notify import templates
from hubpro.notify.outbox import enqueue_email, enqueue_sms
from hubpro.services import history
from hubpro.services.card_requests import NotFound, Refused
from hubpro.services.request_flow import Conflict, move

A = rules.RequestAction
FINAL = ("shipped", "cancelled", "rejected")


def card_of(db: Session, req: CardRequest) -> Card | None:
    """The card a request produced (or re-ships)."""
    if req.kind == RequestKind.RETURNED_MAIL:
        return db.get(Card, req.old_card_id)
    return db.exec(select(Card).where(Card.request_id == req.id)).first()


def page_link(card: Card) -> str:
    """The driver's « pli non distribué » page of a card."""
    return f"/espace/cartes/{card.public_id}/pli-non-distribue"


def record_returned(db: Session, *, agent_id: int, public_id: str, reason: str) -> None:
    """The card of a shipped request came back from La Poste: driver told by email, SMS and notice."""
    agent = db.get(Agent, agent_id)
    if agent is None or not agent.active:
        raise PermissionError("not an active agent")
    if reason not in rules.PND_REASONS:
        raise Refused("Choisissez le motif du retour indiqué par La Poste.")
    req = db.exec(select(CardRequest).where(CardRequest.public_id == str(public_id))).first()
    card = card_of(db, req) if req else None
    try:
        if card is None:
            raise IllegalCardTransition("no card")
        history.apply(
            db,
            card,
            CardAction.RETURN_MAIL,
            actor_kind="agent",
            actor_id=agent_id,
            reason=rules.PND_REASONS[reason],
            values={"returned_reason": reason, "returned_at": now()},
        )
    except (IllegalCardTransition, Conflict) as exc:
        db.rollback()
        raise Refused("Seule une carte expédiée peut être enregistrée en pli non distribué.") from exc
    driver = db.get(Driver, card.driver_id)
    label = rules.PND_REASONS[reason]
    enqueue_email(db, driver.email, templates.returned_mail(driver.display_name, card.number, label, page_link(card)))
    enqueue_sms(db, driver.phone, templates.returned_mail_sms(card.number))
    db.add(Notice(driver_id=driver.id, text=f"Votre carte n° {card.number} nous a été retournée par La Poste "
                  f"(« {label} »).", link=page_link(card), tone="warning"))  # fmt: skip
    db.commit()


def returned_card(db: Session, *, driver_id: int, card_public_id: str) -> Card:
    """One of the driver's cards in « pli non distribué » (anything else: NotFound)."""
    card = db.exec(select(Card).where(Card.public_id == str(card_public_id))).first()
    if card is None or card.driver_id != driver_id:
        raise NotFound()
    return card


def _open_request(db: Session, card: Card) -> CardRequest | None:
    return db.exec(
        select(CardRequest).where(
            CardRequest.kind == RequestKind.RETURNED_MAIL,
            CardRequest.old_card_id == card.id,
            CardRequest.status.not_in(FINAL),
        )
    ).first()


def _new_request(
    db: Session, card: Card, motif: ReturnedMailChoice, address: str, postal: str, city: str
) -> CardRequest:
    at = now()
    driver = db.get(Driver, card.driver_id)
    req = CardRequest(
        reference=f"PND-{at.year}-{secrets.token_hex(3).upper()}", driver_id=card.driver_id,
        kind=RequestKind.RETURNED_MAIL,
        motif=motif, old_card_id=card.id, step="summary", identity_confirmed=True, delivery_address=address,
        delivery_postal_code=postal, delivery_city=city, billing_name=driver.display_name,
        billing_address=f"{address}\n{postal} {city}", created_at=at, updated_at=at, submitted_at=at,
    )  # fmt: skip
    db.add(req)
    db.flush()
    return req


def _close_notice(db: Session, card: Card) -> None:
    for notice in db.exec(select(Notice).where(Notice.driver_id == card.driver_id, Notice.closed_at == None)):  # noqa: E711
        if notice.link == page_link(card):
            notice.closed_at = now()
            db.add(notice)


def confirm_address(db: Session, *, driver_id: int, card_public_id: str) -> CardRequest:
    """Solution 1: the address is right; the card is re-sent there, free."""
    card = returned_card(db, driver_id=driver_id, card_public_id=card_public_id)
    if (existing := _open_request(db, card)) is not None:
        return existing
    if card.status != CardStatus.RETURNED.value:
        raise Refused("Cette carte n'est pas en pli non distribué.")
    last = db.get(CardRequest, card.request_id)
    same = ReturnedMailChoice.SAME_ADDRESS
    req = _new_request(db, card, same, last.delivery_address, last.delivery_postal_code, last.delivery_city)
    try:
        move(db, req, A.CONFIRM_ADDRESS, actor_kind="driver", actor_id=driver_id)
        move(db, req, A.PRODUCE, actor_kind="system", actor_id=None)
        history.apply(db, card, CardAction.RESHIP, actor_kind="driver", actor_id=driver_id)
    except (Conflict, IllegalCardTransition) as exc:
        db.rollback()
        raise Refused("Votre choix est déjà enregistré.") from exc
    _close_notice(db, card)
    db.commit()
    return req


def new_address(db: Session, *, driver_id: int, card_public_id: str, data: dict) -> tuple[dict[str, str], str]:
    """Solution 2: a new address and the re-shipping fee; returns (errors, payment public id)."""
    card = returned_card(db, driver_id=driver_id, card_public_id=card_public_id)
    if (existing := _open_request(db, card)) is not None:
        payment = db.exec(select(Payment).where(Payment.request_id == existing.id)).first()
        return {}, payment.public_id if payment else ""
    if card.status != CardStatus.RETURNED.value:
        raise Refused("Cette carte n'est pas en pli non distribué.")
    address, postal, city = (clean_text(str(data.get(k, ""))) for k in ("address", "postal_code", "city"))
    errors = contact.address_errors(address, postal, city)
    if errors:
        return errors, ""
    req = _new_request(db, card, ReturnedMailChoice.NEW_ADDRESS, address[:200], postal, city[:80])
    move(db, req, A.SUBMIT_PAYABLE, actor_kind="driver", actor_id=driver_id)
    payment = Payment(driver_id=driver_id, request_id=req.id, purpose="reshipping",
                      designation=f"Réexpédition de la carte CQC n° {card.number} à une nouvelle adresse",
                      amount_cents=money.fee_for(Fee.RESHIPPING_NEW_ADDRESS), billing_name=req.billing_name,
                      billing_address=req.billing_address)  # fmt: skip
    db.add(payment)
    _close_notice(db, card)
    db.commit()
    return {}, payment.public_id


def after_payment(db: Session, req: CardRequest) -> None:
    """Paid re-shipping: back into production for a new shipment (caller's transaction)."""
    history.apply(db, db.get(Card, req.old_card_id), CardAction.RESHIP, actor_kind="system", actor_id=None)
    move(db, req, A.PRODUCE, actor_kind="system", actor_id=None)
