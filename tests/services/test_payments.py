"""Payments against a real localstripe: intents, success, decline, webhooks, invoices, numbering."""

from __future__ import annotations

import hashlib
import hmac
import json
import time

import httpx
import pytest
from pypdf import PdfReader
from sqlmodel import select
from starlette.testclient import TestClient

from hubpro import storage
from hubpro.api import api
from hubpro.models import Card, CardRequest, Invoice, OutboxMessage, Payment, StoredFile, StripeEvent
from hubpro.payments import gateway
from hubpro.services import card_requests, instruction, invoices, payments, replacements
from hubpro.settings import get_settings
from tests.services.factories import active_driver, make_agent
from tests.services.test_card_requests import _certificate, _complete_draft

GOOD_CARD = "4242424242424242"
DECLINED_CARD = "4000000000000341"  # localstripe: « charge is declined »
SECURE_CARD = "4000002760003184"  # localstripe: 3-D Secure required


def _shipped_card(db, email="remplacement@example.fr") -> tuple:
    driver = active_driver(db, email)
    _certificate(db, driver)
    req = _complete_draft(db, driver)
    card_requests.submit(db, driver_id=driver.id, public_id=req.public_id)
    agent_id = make_agent(db, f"agent-{driver.id}@hubpro.test")
    card = instruction.validate(db, agent_id=agent_id, public_id=req.public_id)
    instruction.ship(db, agent_id=agent_id, public_id=req.public_id)
    return driver, db.get(Card, card.id)


def _payable(db, motif="loss", email="remplacement@example.fr") -> tuple:
    driver, card = _shipped_card(db, email)
    req = replacements.start(db, driver_id=driver.id, card_number=card.number, motif=motif)
    assert replacements.save_declaration(db, driver_id=driver.id, public_id=req.public_id,
                                         data={"commitment": "on", "detail": "Perdue au dépôt"}) == {}  # fmt: skip
    assert replacements.save_addresses(db, driver_id=driver.id, public_id=req.public_id, data={
        "delivery_address": "3 rue Neuve", "delivery_postal_code": "35000", "delivery_city": "Rennes",
        "billing_same": "on"}) == {}  # fmt: skip
    found, payment_id = replacements.submit(db, driver_id=driver.id, public_id=req.public_id)
    assert found == [] and payment_id
    return driver, card, req, payment_id


def _card_in_browser(number: str) -> str:
    """What Stripe.js does with the card element: a PaymentMethod made with the publishable key."""
    s = get_settings()
    resp = httpx.post(f"{s.stripe_api_base}/v1/tokens", data={
        "key": s.stripe_publishable_key, "card[number]": number, "card[exp_month]": "12",
        "card[exp_year]": "2031", "card[cvc]": "123"})  # fmt: skip
    resp.raise_for_status()
    return resp.json()["card"]["id"]


def _authenticate_in_browser(client_secret: str, success: bool = True) -> None:
    """What Stripe.js does in the 3-D Secure step (localstripe's « Complete / Fail authentication »)."""
    s = get_settings()
    intent_id = client_secret.split("_secret_")[0]
    httpx.post(f"{s.stripe_api_base}/v1/payment_intents/{intent_id}/_authenticate",
               params={"success": "true" if success else "false"},
               json={"key": s.stripe_publishable_key, "client_secret": client_secret}).raise_for_status()  # fmt: skip


def _charged_while_the_browser_is_gone(db, driver, payment_id: str) -> gateway.Intent:
    """« Payer » with a 3-D Secure card, authentication done, then the tab closes before it tells the server."""
    attempt = payments.pay(db, driver_id=driver.id, public_id=payment_id, payment_method=_card_in_browser(SECURE_CARD))
    assert attempt.action_secret and not attempt.paid
    _authenticate_in_browser(attempt.action_secret)
    intent = _intent_of(db, payment_id)
    assert intent.status == "succeeded"
    return intent


def _intent_of(db, payment_id: str) -> gateway.Intent:
    p = db.exec(select(Payment).where(Payment.public_id == payment_id)).one()
    db.refresh(p)
    return gateway.retrieve(p.stripe_intent_id)


def _signed(event: dict, secret: str | None = None, at: int | None = None) -> tuple[bytes, str]:
    payload = json.dumps(event).encode()
    ts = at or int(time.time())
    sig = hmac.new((secret or get_settings().stripe_webhook_secret).encode(), f"{ts}.".encode() + payload,
                   hashlib.sha256).hexdigest()  # fmt: skip
    return payload, f"t={ts},v1={sig}"


def _succeeded_event(intent: gateway.Intent, event_id: str) -> dict:
    return {"id": event_id, "object": "event", "type": "payment_intent.succeeded",
            "data": {"object": {"id": intent.id, "object": "payment_intent", "amount": intent.amount,
                                "currency": intent.currency, "status": "succeeded",
                                "metadata": {"payment_id": intent.payment_id}}}}  # fmt: skip


def test_fee_and_payment_row(db, localstripe):
    driver, _card, req, payment_id = _payable(db)
    p = payments.get(db, driver_id=driver.id, public_id=payment_id)
    assert p.amount_cents == 3600 and p.status == "created"
    assert db.get(CardRequest, req.id).status == "awaiting_payment"
    intruder = active_driver(db, "intrus.paiement@example.fr")
    with pytest.raises(payments.NotFound):
        payments.get(db, driver_id=intruder.id, public_id=payment_id)


def test_intent_created_once_and_success_gives_one_transition_one_invoice(db, localstripe):
    driver, _card, req, payment_id = _payable(db)
    pm = _card_in_browser(GOOD_CARD)
    assert payments.pay(db, driver_id=driver.id, public_id=payment_id, payment_method=pm).paid
    assert payments.pay(db, driver_id=driver.id, public_id=payment_id, payment_method=pm).paid  # double click
    assert payments.confirm(db, driver_id=driver.id, public_id=payment_id).paid  # reload of the page
    intent = _intent_of(db, payment_id)
    assert intent.status == "succeeded" and intent.amount == 3600 and intent.currency == "eur"
    assert intent.payment_id == payment_id
    # The webhook arrives after the browser: nothing changes.
    payload, sig = _signed(_succeeded_event(intent, "evt_after_browser"))
    assert TestClient(api).post("/api/stripe/webhook", content=payload,
                                headers={"stripe-signature": sig}).status_code == 200  # fmt: skip
    db.expire_all()
    assert db.get(CardRequest, req.id).status == "in_production"
    assert len(db.exec(select(Invoice)).all()) == 1
    cards = db.exec(select(Card).where(Card.driver_id == driver.id).order_by(Card.id)).all()
    assert [c.status for c in cards] == ["declared_lost", "in_production"]
    assert cards[1].expires_on == cards[0].expires_on and cards[1].number != cards[0].number
    invoice = db.exec(select(Invoice)).one()
    assert (invoice.total_ht_cents, invoice.total_vat_cents, invoice.total_ttc_cents) == (3000, 600, 3600)
    original = db.get(StoredFile, invoice.original_file_id)
    duplicate = db.get(StoredFile, invoice.duplicate_file_id)
    text = "".join(p.extract_text() for p in PdfReader(__import__("io").BytesIO(
        storage.read(duplicate.storage_key, duplicate.sha256))).pages)  # fmt: skip
    assert "DUPLICATA" in text and invoice.number in text and "36,00" in text
    mails = db.exec(select(OutboxMessage).where(OutboxMessage.recipient == driver.email)).all()
    assert any(m.attachments and m.attachments[0]["file_id"] == original.id for m in mails)
    assert any("duplicata" in m.subject.lower() for m in mails)
    assert invoices.for_driver(db, driver_id=driver.id)[0]["amount"] == "36,00 €"


def test_declined_card_gives_a_french_message_and_allows_a_retry(db, localstripe):
    driver, _card, req, payment_id = _payable(db)
    attempt = payments.pay(db, driver_id=driver.id, public_id=payment_id,
                           payment_method=_card_in_browser(DECLINED_CARD))  # fmt: skip
    assert not attempt.paid and "refusé" in attempt.message
    db.expire_all()
    assert db.exec(select(Payment)).one().status == "failed"
    assert db.get(CardRequest, req.id).status == "awaiting_payment"
    assert db.exec(select(Invoice)).all() == []
    _p, notice = payments.refresh(db, driver_id=driver.id, public_id=payment_id)  # the driver reloads the page
    assert "refusé" in notice  # the decline is still explained after a reload
    retry = payments.pay(db, driver_id=driver.id, public_id=payment_id, payment_method=_card_in_browser(GOOD_CARD))
    assert retry.paid  # the same payment row, retried
    assert len(db.exec(select(Payment)).all()) == 1
    assert len(db.exec(select(Invoice)).all()) == 1


def test_webhook_signature_valid_tampered_stale_and_replays(db, localstripe):
    driver, _card, req, payment_id = _payable(db)
    intent = _charged_while_the_browser_is_gone(db, driver, payment_id)  # succeeded at Stripe; the browser is gone
    client = TestClient(api)
    event = _succeeded_event(intent, "evt_webhook_1")
    payload, sig = _signed(event)
    assert (
        client.post("/api/stripe/webhook", content=payload + b" ", headers={"stripe-signature": sig}).status_code == 400
    )
    stale_payload, stale_sig = _signed(event, at=int(time.time()) - 400)
    assert client.post("/api/stripe/webhook", content=stale_payload,
                       headers={"stripe-signature": stale_sig}).status_code == 400  # fmt: skip
    wrong_payload, wrong_sig = _signed(event, secret="whsec_not_ours")
    assert client.post("/api/stripe/webhook", content=wrong_payload,
                       headers={"stripe-signature": wrong_sig}).status_code == 400  # fmt: skip
    db.expire_all()
    assert db.get(CardRequest, req.id).status == "awaiting_payment"  # nothing applied yet
    outcomes = [client.post("/api/stripe/webhook", content=payload, headers={"stripe-signature": sig}).json()["outcome"]
                for _ in range(3)]  # fmt: skip
    assert outcomes == ["applied", "duplicate", "duplicate"]
    # A late « payment_failed » after success changes nothing.
    failed = {"id": "evt_late_failure", "type": "payment_intent.payment_failed",
              "data": {"object": {"id": intent.id, "last_payment_error": {"code": "card_declined"}}}}  # fmt: skip
    payload2, sig2 = _signed(failed)
    assert client.post("/api/stripe/webhook", content=payload2, headers={"stripe-signature": sig2}).status_code == 200
    db.expire_all()
    assert db.exec(select(Payment)).one().status == "succeeded"
    assert db.get(CardRequest, req.id).status == "in_production"
    assert len(db.exec(select(Invoice)).all()) == 1
    assert {e.event_id for e in db.exec(select(StripeEvent))} == {"evt_webhook_1", "evt_late_failure"}


def test_a_succeeded_event_for_a_wrong_amount_is_not_accepted(db, localstripe):
    _driver, _card, req, payment_id = _payable(db)
    forged = gateway.Intent("pi_forged", "succeeded", "", 1, "eur", payment_id, "")
    assert payments.record_success(db, forged) is False
    db.expire_all()
    assert db.get(CardRequest, req.id).status == "awaiting_payment"


def test_invoice_numbers_are_gapless_per_year(db):
    numbers = [invoices.next_sequence(db, 2031) for _ in range(3)]
    db.rollback()  # a rolled-back issue does not consume a number
    assert numbers == [1, 2, 3]
    assert invoices.next_sequence(db, 2031) == 1
    db.commit()
    assert invoices.next_sequence(db, 2031) == 2
    assert invoices.next_sequence(db, 2032) == 1


def _quality(db, email):
    driver, card = _shipped_card(db, email)
    req = replacements.start(db, driver_id=driver.id, card_number=card.number, motif="quality")
    assert replacements.save_declaration(db, driver_id=driver.id, public_id=req.public_id, data={}) == {
        "defects": "Cochez au moins un élément défectueux."
    }
    assert replacements.save_declaration(db, driver_id=driver.id, public_id=req.public_id,
                                         data={"defect_puce": "on"}) == {}  # fmt: skip
    assert replacements.save_addresses(db, driver_id=driver.id, public_id=req.public_id, data={
        "delivery_address": "3 rue Neuve", "delivery_postal_code": "35000", "delivery_city": "Rennes",
        "billing_same": "on"}) == {}  # fmt: skip
    assert replacements.submit(db, driver_id=driver.id, public_id=req.public_id) == ([], "")
    db.expire_all()
    req = db.get(CardRequest, req.id)
    assert req.status == "awaiting_card"
    coupon = db.exec(select(StoredFile).where(StoredFile.public_id == req.declaration["coupon"])).one()
    text = PdfReader(__import__("io").BytesIO(storage.read(coupon.storage_key, coupon.sha256))).pages[0].extract_text()
    assert req.reference in text and "La puce ne fonctionne pas" in text
    agent_id = make_agent(db, f"qualite-{driver.id}@hubpro.test")
    instruction.receive(db, agent_id=agent_id, public_id=req.public_id)
    return driver, card, req, agent_id


def test_quality_operator_fault_is_replaced_free(db):
    driver, card, req, agent_id = _quality(db, "qualite.operateur@example.fr")
    instruction.quality_outcome(db, agent_id=agent_id, public_id=req.public_id, fault="operator")
    db.expire_all()
    assert db.get(CardRequest, req.id).status == "in_production"
    assert db.get(Card, card.id).status == "returned_defective"
    assert db.exec(select(Payment)).all() == [] and db.exec(select(Invoice)).all() == []
    assert len(db.exec(select(Card).where(Card.driver_id == driver.id)).all()) == 2


def test_quality_driver_fault_asks_for_the_fee_then_produces(db, localstripe):
    driver, card, req, agent_id = _quality(db, "qualite.conducteur@example.fr")
    with pytest.raises(instruction.Refused):
        instruction.quality_outcome(db, agent_id=agent_id, public_id=req.public_id, fault="driver")
    instruction.quality_outcome(db, agent_id=agent_id, public_id=req.public_id, fault="driver",
                                reason="Carte pliée par le titulaire")  # fmt: skip
    db.expire_all()
    assert db.get(CardRequest, req.id).status == "awaiting_payment"
    payment = db.exec(select(Payment)).one()
    assert payment.amount_cents == 3600
    mail = db.exec(
        select(OutboxMessage).where(OutboxMessage.recipient == driver.email).order_by(OutboxMessage.id)
    ).all()[-1]
    assert "Carte pliée par le titulaire" in mail.body_text
    assert payments.pay(db, driver_id=driver.id, public_id=payment.public_id,
                        payment_method=_card_in_browser(GOOD_CARD)).paid  # fmt: skip
    db.expire_all()
    assert db.get(CardRequest, req.id).status == "in_production"
    assert db.get(Card, card.id).status == "returned_defective"
    assert len(db.exec(select(Invoice)).all()) == 1


def _returned(db, email):
    from hubpro.services import returned_mail

    driver, card = _shipped_card(db, email)
    req = db.get(CardRequest, card.request_id)
    agent_id = make_agent(db, f"pnd-{driver.id}@hubpro.test")
    with pytest.raises(card_requests.Refused):
        returned_mail.record_returned(db, agent_id=agent_id, public_id=req.public_id, reason="nowhere")
    returned_mail.record_returned(db, agent_id=agent_id, public_id=req.public_id, reason="absent")
    db.expire_all()
    assert db.get(Card, card.id).status == "returned"
    assert db.exec(select(OutboxMessage).where(OutboxMessage.channel == "sms",
                                               OutboxMessage.body_text.contains(card.number))).first()  # fmt: skip
    with pytest.raises(card_requests.Refused):  # not shipped any more
        returned_mail.record_returned(db, agent_id=agent_id, public_id=req.public_id, reason="absent")
    return driver, card, agent_id


def test_returned_mail_same_address_is_resent_free(db):
    from hubpro.services import returned_mail

    driver, card, agent_id = _returned(db, "pnd.meme@example.fr")
    intruder = active_driver(db, "pnd.intrus@example.fr")
    with pytest.raises(card_requests.NotFound):
        returned_mail.confirm_address(db, driver_id=intruder.id, card_public_id=card.public_id)
    first = returned_mail.confirm_address(db, driver_id=driver.id, card_public_id=card.public_id)
    again = returned_mail.confirm_address(db, driver_id=driver.id, card_public_id=card.public_id)  # double click
    assert first.id == again.id
    db.expire_all()
    assert db.get(CardRequest, first.id).status == "in_production"
    assert db.get(Card, card.id).status == "in_production"
    assert db.exec(select(Payment)).all() == []
    instruction.ship(db, agent_id=agent_id, public_id=first.public_id)
    db.expire_all()
    assert db.get(Card, card.id).status == "shipped"


def test_returned_mail_new_address_pays_the_reshipping(db, localstripe):
    from hubpro.services import returned_mail

    driver, card, _agent = _returned(db, "pnd.nouvelle@example.fr")
    errors, payment_id = returned_mail.new_address(db, driver_id=driver.id, card_public_id=card.public_id,
                                                   data={"address": "x", "postal_code": "1", "city": ""})  # fmt: skip
    assert set(errors) == {"address", "postal_code", "city"} and payment_id == ""
    errors, payment_id = returned_mail.new_address(db, driver_id=driver.id, card_public_id=card.public_id, data={
        "address": "8 avenue de la Gare", "postal_code": "31000", "city": "Toulouse"})  # fmt: skip
    assert errors == {}
    payment = payments.get(db, driver_id=driver.id, public_id=payment_id)
    assert payment.amount_cents == 800
    assert payments.pay(db, driver_id=driver.id, public_id=payment_id, payment_method=_card_in_browser(GOOD_CARD)).paid
    db.expire_all()
    req = db.get(CardRequest, payment.request_id)
    assert (req.status, req.delivery_city) == ("in_production", "Toulouse")
    assert db.get(Card, card.id).status == "in_production"
    invoice = db.exec(select(Invoice)).one()
    assert (invoice.total_ht_cents, invoice.total_vat_cents, invoice.total_ttc_cents) == (667, 133, 800)


def test_webhook_before_the_browser_returns_then_the_browser_sees_it_paid(db, localstripe, monkeypatch):
    driver, _card, req, payment_id = _payable(db, email="webhook.first@example.fr")
    webhook = []
    real_confirm = gateway.confirm

    def confirm_then_webhook(intent_id):
        intent = real_confirm(intent_id)  # Stripe charged the card: its webhook beats our answer to the browser
        payload, sig = _signed(_succeeded_event(intent, "evt_first"))
        webhook.append(TestClient(api).post("/api/stripe/webhook", content=payload,
                                            headers={"stripe-signature": sig}).json())  # fmt: skip
        return intent

    monkeypatch.setattr(gateway, "confirm", confirm_then_webhook)
    assert payments.pay(db, driver_id=driver.id, public_id=payment_id, payment_method=_card_in_browser(GOOD_CARD)).paid
    monkeypatch.undo()
    assert webhook == [{"received": True, "outcome": "applied"}]
    assert payments.confirm(db, driver_id=driver.id, public_id=payment_id).paid
    attempt = payments.pay(db, driver_id=driver.id, public_id=payment_id, payment_method=_card_in_browser(GOOD_CARD))
    assert attempt.paid  # a late double click charges nothing more
    db.expire_all()
    assert len(db.exec(select(Invoice)).all()) == 1
    assert db.get(CardRequest, req.id).status == "in_production"


def test_concurrent_invoices_get_distinct_gapless_numbers(schema):
    import threading

    from sqlmodel import Session

    results, errors = [], []

    def issue_one():
        try:
            with Session(schema) as session:
                number = invoices.next_sequence(session, 2041)
                time.sleep(0.05)  # hold the counter while "rendering" the invoice
                session.commit()
                results.append(number)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=issue_one) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(results) == [1, 2, 3, 4, 5, 6]


def test_exchange_needs_its_proof(db, localstripe):
    driver, card = _shipped_card(db, "echange.preuve@example.fr")
    req = replacements.start(db, driver_id=driver.id, card_number=card.number, motif="exchange")
    assert replacements.save_declaration(db, driver_id=driver.id, public_id=req.public_id,
                                         data={"detail": "Nouveau nom d'usage après mariage"}) == {}  # fmt: skip
    assert replacements.save_addresses(db, driver_id=driver.id, public_id=req.public_id, data={
        "delivery_address": "3 rue Neuve", "delivery_postal_code": "35000", "delivery_city": "Rennes",
        "billing_same": "", "billing_name": "Transports Martin SARL",
        "billing_address": "1 zone du Port, 35000 Rennes"}) == {}  # fmt: skip
    problems, payment_id = replacements.submit(db, driver_id=driver.id, public_id=req.public_id)
    assert payment_id == "" and "Justificatif du changement" in problems[0]
    assert card_requests.add_document(db, driver_id=driver.id, public_id=req.public_id, kind="photo",
                                      data=__import__("tests.services.test_card_requests", fromlist=["_png"])._png(),
                                      filename="x.png") == "Document inconnu."  # fmt: skip
    from tests.services.test_card_requests import _png

    assert card_requests.add_document(db, driver_id=driver.id, public_id=req.public_id, kind="exchange_proof",
                                      data=_png(), filename="acte.png") == ""  # fmt: skip
    problems, payment_id = replacements.submit(db, driver_id=driver.id, public_id=req.public_id)
    assert problems == [] and payment_id
    payment = payments.get(db, driver_id=driver.id, public_id=payment_id)
    assert payment.billing_name == "Transports Martin SARL" and payment.amount_cents == 3600
