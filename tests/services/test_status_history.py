"""Cards and payments change status through their tables, each change with its history row; refusals write none."""

from __future__ import annotations

import pytest
from sqlmodel import select

from hubpro.models import Card, CardEvent, CardRequest, Payment, PaymentEvent
from hubpro.services import card_requests, history, payment_sync, returned_mail
from hubpro.services.history import Conflict
from tests.services.test_payments import _payable, _returned


def _card_moves(db, card_id: int) -> list[tuple[str, str, str, str]]:
    db.expire_all()
    rows = db.exec(select(CardEvent).where(CardEvent.card_id == card_id).order_by(CardEvent.id)).all()
    return [(e.action, e.from_status, e.to_status, e.actor_kind) for e in rows]


def _payment_moves(db, payment_id: int) -> list[tuple[str, str, str]]:
    db.expire_all()
    rows = db.exec(select(PaymentEvent).where(PaymentEvent.payment_id == payment_id).order_by(PaymentEvent.id)).all()
    return [(e.action, e.from_status, e.to_status) for e in rows]


def test_a_returned_card_is_recorded_resent_and_shipped_with_its_history(db):
    driver, card, agent_id = _returned(db, "historique.carte@example.fr")
    assert _card_moves(db, card.id) == [
        ("ship", "in_production", "shipped", "agent"),
        ("return_mail", "shipped", "returned", "agent"),
    ]
    reason = db.exec(select(CardEvent).where(CardEvent.action == "return_mail")).one().reason
    assert reason == "N'habite pas à l'adresse indiquée"
    resent = returned_mail.confirm_address(db, driver_id=driver.id, card_public_id=card.public_id)
    assert _card_moves(db, card.id)[-1] == ("reship", "returned", "in_production", "driver")
    req = db.get(CardRequest, card.request_id)
    with pytest.raises(card_requests.Refused):  # the table refuses a second return of a card not shipped
        returned_mail.record_returned(db, agent_id=agent_id, public_id=req.public_id, reason="absent")
    assert len(_card_moves(db, card.id)) == 3
    from hubpro.services import instruction

    instruction.ship(db, agent_id=agent_id, public_id=resent.public_id)
    assert _card_moves(db, card.id)[-1] == ("ship", "in_production", "shipped", "agent")


def test_a_replaced_card_gets_the_motif_status_with_its_history(db):
    from hubpro.services import replacements

    _driver, card, req, _payment = _payable(db, email="historique.perte@example.fr")
    paid = db.get(CardRequest, req.id)
    with pytest.raises(ValueError):  # the request's table: not produced before it is paid
        replacements.reproduce(db, paid)
    db.rollback()
    history.apply(db, paid, "pay", actor_kind="stripe", actor_id=None)
    replacements.reproduce(db, paid)
    db.commit()
    assert _card_moves(db, card.id)[-1][:3] == ("declare_lost", "shipped", "declared_lost")
    assert db.get(Card, card.id).status == "declared_lost"


def test_payment_attempts_are_moves_of_the_payment_table(db):
    _driver, _card, _req, payment_public_id = _payable(db, email="historique.paiement@example.fr")
    p = db.exec(select(Payment).where(Payment.public_id == payment_public_id)).one()
    assert payment_sync.begin(db, p) == 1
    assert payment_sync.begin(db, p) is None  # one attempt at a time: refused by the table, nothing written
    assert payment_sync.end(db, p, 2, "refusé", None) is False  # another attempt: the conditional update loses
    assert payment_sync.end(db, p, 1, "Votre banque a refusé le paiement.", None) is True
    assert payment_sync.end(db, p, 1, "encore", None) is False  # already ended
    assert payment_sync.begin(db, p) == 2
    assert _payment_moves(db, p.id) == [
        ("begin", "created", "processing"),
        ("fail", "processing", "failed"),
        ("begin", "failed", "processing"),
    ]
    db.refresh(p)
    assert (p.status, p.attempts, p.last_error) == ("processing", 2, "")


def test_a_stale_row_loses_the_conditional_update(db):
    _driver, card, _req, _payment = _payable(db, email="historique.conflit@example.fr")
    stale = db.get(Card, card.id)
    db.expunge(stale)
    fresh = db.get(Card, card.id)
    history.apply(db, fresh, "declare_stolen", actor_kind="system", actor_id=None)
    db.commit()
    with pytest.raises(Conflict):  # read as « shipped », stored as « declared_stolen »
        history.apply(db, stale, "replace", actor_kind="system", actor_id=None)
    db.rollback()
    assert [m[0] for m in _card_moves(db, card.id)] == ["ship", "declare_stolen"]
