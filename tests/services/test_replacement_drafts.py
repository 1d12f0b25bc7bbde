"""Replacement drafts: what is kept as the driver goes, what the steps show back, what blocks a new one."""

from __future__ import annotations

import functools

import pytest

from hubpro.models import CardRequest
from hubpro.services import card_requests, instruction, replacements, returned_mail
from hubpro.services.views.request import BillingForm, request_view
from tests.services.factories import active_driver
from tests.services.test_card_requests import _png
from tests.services.test_payments import _returned, _shipped_card


def test_a_card_re_sent_after_returned_mail_can_be_replaced(db):
    driver, card, agent_id = _returned(db, "pnd.puis.perte@example.fr")
    resent = returned_mail.confirm_address(db, driver_id=driver.id, card_public_id=card.public_id)
    with pytest.raises(card_requests.Refused):  # the re-shipping is still open
        replacements.start(db, driver_id=driver.id, card_number=card.number, motif="loss")
    instruction.ship(db, agent_id=agent_id, public_id=resent.public_id)
    req = replacements.start(db, driver_id=driver.id, card_number=card.number, motif="loss")
    assert (req.kind, req.status, req.old_card_id) == ("replacement", "draft", card.id)
    with pytest.raises(card_requests.Refused):  # an open replacement still blocks another one
        replacements.start(db, driver_id=driver.id, card_number=card.number, motif="theft")


def test_declaration_and_billing_are_kept_field_by_field_and_shown_back(db):
    driver, card = _shipped_card(db, "brouillon.remplacement@example.fr")
    req = replacements.start(db, driver_id=driver.id, card_number=card.number, motif="loss")
    save = functools.partial(replacements.save_draft_field, db, driver_id=driver.id, public_id=req.public_id)
    save(field="commitment", value="on")
    save(field="detail", value="  Perdue   au dépôt ")
    save(field="billing_same", value="")
    save(field="billing_name", value="Transports Martin SARL")
    save(field="billing_address", value="1 zone du Port, 35000 Rennes")
    save(field="status", value="sent")  # not a draft field: ignored
    save(field="declaration", value="{}")
    db.expire_all()
    stored = db.get(CardRequest, req.id)
    assert stored.declaration == {"commitment": True, "detail": "Perdue au dépôt"}
    assert (stored.billing_same, stored.billing_name, stored.billing_address, stored.status) == (
        False, "Transports Martin SARL", "1 zone du Port, 35000 Rennes", "draft")  # fmt: skip

    view = request_view(db, driver_id=driver.id, public_id=req.public_id)
    assert view.billing_same is False
    assert (view.billing_name, view.billing_address) == ("Transports Martin SARL", "1 zone du Port, 35000 Rennes")
    assert view.billing_form == BillingForm(name="Transports Martin SARL", address="1 zone du Port, 35000 Rennes")
    assert view.declaration.commitment is True and view.declaration.detail == "Perdue au dépôt"

    # Back to « Identique à l'adresse de livraison »: billed to the driver at the delivery address, as typed.
    save(field="billing_same", value="on")
    save(field="delivery_address", value="9 rue du Marché")
    save(field="delivery_city", value="Vannes")
    save(field="delivery_postal_code", value="56000")
    view = request_view(db, driver_id=driver.id, public_id=req.public_id)
    assert view.billing_same is True and view.billing_form == BillingForm(name="", address="")
    assert view.billing_address == "9 rue du Marché, 56000 Vannes"
    save(field="commitment", value="")
    assert "Complétez votre déclaration (étape 1)." in replacements.problems(db, db.get(CardRequest, req.id))

    intruder = active_driver(db, "intrus.remplacement@example.fr")
    with pytest.raises(card_requests.NotFound):
        replacements.save_draft_field(db, driver_id=intruder.id, public_id=req.public_id, field="detail", value="x")


def test_the_steps_reopen_where_the_driver_was_and_the_summary_lists_the_documents(db):
    driver, card = _shipped_card(db, "vol.recapitulatif@example.fr")
    req = replacements.start(db, driver_id=driver.id, card_number=card.number, motif="theft")
    replacements.set_step(db, driver_id=driver.id, public_id=req.public_id, step="addresses")
    replacements.set_step(db, driver_id=driver.id, public_id=req.public_id, step="identity")  # not a step here
    assert request_view(db, driver_id=driver.id, public_id=req.public_id).step == "addresses"
    assert card_requests.add_document(db, driver_id=driver.id, public_id=req.public_id, kind="theft_declaration",
                                      data=_png(), filename="recepisse.png") == ""  # fmt: skip
    view = request_view(db, driver_id=driver.id, public_id=req.public_id)
    assert [(d.label, bool(d.file)) for d in view.summary_documents] == [("Déclaration de vol", True)]
