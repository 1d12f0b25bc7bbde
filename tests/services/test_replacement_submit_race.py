"""« Valider » pressed twice at once (two tabs, a double click): the second one must lead to the same payment."""

from __future__ import annotations

from sqlmodel import Session, select

from hubpro.models import Payment
from hubpro.services import replacements
from tests.services.test_payments import _shipped_card


def _ready(db, motif="loss"):
    driver, card = _shipped_card(db)
    req = replacements.start(db, driver_id=driver.id, card_number=card.number, motif=motif)
    assert replacements.save_declaration(db, driver_id=driver.id, public_id=req.public_id,
                                         data={"commitment": "on", "detail": "Perdue au dépôt"}) == {}  # fmt: skip
    assert replacements.save_addresses(db, driver_id=driver.id, public_id=req.public_id, data={
        "delivery_address": "3 rue Neuve", "delivery_postal_code": "35000", "delivery_city": "Rennes",
        "billing_same": "on"}) == {}  # fmt: skip
    return driver, req


def test_a_submit_losing_the_race_leads_to_the_winners_payment(db, schema, monkeypatch):
    driver, req = _ready(db)
    real_move = replacements.move
    winner: list[str] = []
    calls: list[int] = []

    def other_tab_first(session, row, action, **kwargs):
        """The other click commits first, between this click's draft check and its conditional update."""
        calls.append(1)
        if len(calls) == 1:
            with Session(schema, expire_on_commit=False) as other:
                winner.append(replacements.submit(other, driver_id=driver.id, public_id=req.public_id)[1])
        return real_move(session, row, action, **kwargs)

    monkeypatch.setattr(replacements, "move", other_tab_first)
    problems, payment_id = replacements.submit(db, driver_id=driver.id, public_id=req.public_id)
    assert winner and winner[0]
    assert (problems, payment_id) == ([], winner[0])  # not ([], ""), which the screen shows as « envoyée »
    assert len(db.exec(select(Payment).where(Payment.request_id == req.id)).all()) == 1
