"""Read models: typed, public ids only, and the actions each status allows (derived from the tables)."""

from __future__ import annotations

import dataclasses
import re

from hubpro.models import CardRequest
from hubpro.services import card_requests, instruction
from hubpro.services.views.cards import driver_cards, returned_card
from hubpro.services.views.instruction import RECORD_RETURNED, instruction_view
from hubpro.services.views.my_requests import my_requests
from hubpro.services.views.request import draft_inputs, request_view
from tests.services.factories import active_driver, make_agent
from tests.services.test_card_requests import _certificate, _complete_draft
from tests.services.test_payments import _payable, _returned

PUBLIC_ID = re.compile(r"[0-9a-f]{32}")


def _leaves(value):
    """Every scalar inside a view (dataclasses, tuples, dicts)."""
    if dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            yield from _leaves(getattr(value, f.name))
    elif isinstance(value, tuple | list):
        for v in value:
            yield from _leaves(v)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _leaves(v)
    else:
        yield value


def _no_row_ids(view) -> None:
    assert dataclasses.is_dataclass(view) and type(view).__dataclass_params__.frozen
    assert not [v for v in _leaves(view) if isinstance(v, int) and not isinstance(v, bool)]


def test_a_draft_view_is_editable_with_its_documents_by_public_id(db):
    driver = active_driver(db, "vue.brouillon@example.fr")
    _certificate(db, driver)
    req = _complete_draft(db, driver)
    view = request_view(db, driver_id=driver.id, public_id=req.public_id)
    _no_row_ids(view)
    assert (view.editable, view.replying, view.is_replacement, view.step) == (True, False, False, "identity")
    assert set(view.docs) == {"photo", "signature", "identity", "licence_front", "licence_back"}
    assert all(PUBLIC_ID.fullmatch(d.file) and PUBLIC_ID.fullmatch(d.thumb) for d in view.docs.values())
    assert view.problems == ()  # the account's address prefilled the delivery step
    assert draft_inputs(view)["f-identity_confirmed"] is True
    assert request_view(db, driver_id=active_driver(db, "vue.intrus@example.fr").id, public_id=req.public_id) is None

    row = my_requests(db, driver_id=driver.id).rows[0]
    _no_row_ids(row)
    assert (row.can_resume, row.can_cancel, row.can_reply, row.title) == (True, True, False, "Demande de carte CQC")
    card_requests.submit(db, driver_id=driver.id, public_id=req.public_id)
    row = my_requests(db, driver_id=driver.id).rows[0]
    assert (row.can_resume, row.can_cancel, row.can_reply, row.label) == (False, False, False, "Envoyée")
    assert not request_view(db, driver_id=driver.id, public_id=req.public_id).editable


def test_the_agent_view_lists_what_the_status_allows(db):
    driver = active_driver(db, "vue.agent@example.fr")
    _certificate(db, driver)
    req = _complete_draft(db, driver)
    card_requests.submit(db, driver_id=driver.id, public_id=req.public_id)
    agent_id = make_agent(db, "vue.agent@hubpro.test")
    view = instruction_view(db, agent_id=agent_id, public_id=req.public_id)
    _no_row_ids(view)
    assert view.actions == ("take", "request_info", "validate", "reject")
    assert not view.replacement_panel and len(view.review_items) == 7
    instruction.validate(db, agent_id=agent_id, public_id=req.public_id)
    assert instruction_view(db, agent_id=agent_id, public_id=req.public_id).actions == ("ship",)
    instruction.ship(db, agent_id=agent_id, public_id=req.public_id)
    assert instruction_view(db, agent_id=agent_id, public_id=req.public_id).actions == (RECORD_RETURNED,)


def test_a_replacement_awaiting_payment_offers_to_pay(db):
    driver, _card, req, payment_id = _payable(db, email="vue.paiement@example.fr")
    view = request_view(db, driver_id=driver.id, public_id=req.public_id)
    _no_row_ids(view)
    assert view.is_replacement and not view.editable
    assert view.pay_href.endswith("/" + payment_id) and view.fee == "36,00 €" and view.coupon == ""
    assert (view.heading, view.motif_label) == ("Remplacement de carte ", "Perte")
    assert view.submit_label == "Valider et payer"
    assert my_requests(db, driver_id=driver.id).rows[0].title == "Remplacement de carte (Perte)"


def test_a_returned_card_links_to_its_page_until_it_is_resent(db):
    from hubpro.services import returned_mail

    driver, card, _agent_id = _returned(db, "vue.pnd@example.fr")
    [shown] = [c for c in driver_cards(db, driver_id=driver.id) if c.number == card.number]
    _no_row_ids(shown)
    assert shown.returned_href.endswith(f"/{card.public_id}/pli-non-distribue") and shown.label == "Pli non distribué"
    assert returned_card(db, driver_id=driver.id, card_public_id=card.public_id).returned
    resent = returned_mail.confirm_address(db, driver_id=driver.id, card_public_id=card.public_id)
    [shown] = [c for c in driver_cards(db, driver_id=driver.id) if c.number == card.number]
    assert shown.returned_href == ""
    page = returned_card(db, driver_id=driver.id, card_public_id=card.public_id)
    assert (page.returned, page.pending) == (False, db.get(CardRequest, resent.id).reference)
    view = request_view(db, driver_id=driver.id, public_id=resent.public_id)
    assert (view.heading, view.fee) == ("Réexpédition ", "gratuit")
    assert view.motif_label == "Pli non distribué – même adresse"
