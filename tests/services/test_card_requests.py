"""Card requests on a real database: gating, draft steps, documents, cancel, complement, card."""

from __future__ import annotations

import pytest
from sqlmodel import select

from hubpro import storage
from hubpro.domain.dates import now
from hubpro.models import Card, CardRequest, Notice, OutboxMessage, RequestDocument, RequestEvent, StoredFile
from hubpro.services import card_requests as service
from hubpro.services import instruction, trainings
from tests import seed
from tests.services.factories import active_driver, make_agent

# Shared with the other service tests and the browser journeys (tests/seed.py).
_png, _certificate, _complete_draft = seed.png, seed.certificate, seed.complete_draft


def test_start_needs_a_certificate_without_request(db):
    driver = active_driver(db)
    assert "certificat de qualification" in service.start_refusal(db, driver_id=driver.id)
    with pytest.raises(service.Refused):
        service.start(db, driver_id=driver.id)
    _certificate(db, driver)
    assert service.start_refusal(db, driver_id=driver.id) == ""
    first = service.start(db, driver_id=driver.id)
    assert service.start(db, driver_id=driver.id).id == first.id  # double click: same draft
    assert service.submit(db, driver_id=driver.id, public_id=first.public_id)  # incomplete: problems listed
    assert db.exec(select(CardRequest)).one().status == "draft"


def test_draft_is_saved_and_submit_checks_everything_again(db):
    driver = active_driver(db)
    _certificate(db, driver)
    req = _complete_draft(db, driver)
    service.set_step(db, driver_id=driver.id, public_id=req.public_id, step="delivery")
    db.expire_all()
    assert db.get(CardRequest, req.id).step == "delivery"
    errors = service.save_delivery(
        db, driver_id=driver.id, public_id=req.public_id, address="x", postal_code="12", city=""
    )
    assert set(errors) == {"delivery_address", "delivery_postal_code", "delivery_city"}
    assert service.submit(db, driver_id=driver.id, public_id=req.public_id) == []
    assert db.get(CardRequest, req.id).status == "sent"
    assert service.submit(db, driver_id=driver.id, public_id=req.public_id) == []  # replay: nothing more
    events = db.exec(select(RequestEvent).where(RequestEvent.request_id == req.id)).all()
    assert [e.to_status for e in events] == ["sent"]
    assert service.start_refusal(db, driver_id=driver.id).startswith("Une demande de carte existe déjà")


def test_another_driver_cannot_touch_the_request(db):
    driver = active_driver(db)
    _certificate(db, driver)
    req = service.start(db, driver_id=driver.id)
    intruder = active_driver(db, "intrus@example.fr")
    with pytest.raises(service.NotFound):
        service.get(db, driver_id=intruder.id, public_id=req.public_id)
    with pytest.raises(service.NotFound):
        service.add_document(
            db, driver_id=intruder.id, public_id=req.public_id, kind="photo", data=_png(), filename="x.png"
        )
    with pytest.raises(service.NotFound):
        service.cancel(db, driver_id=intruder.id, public_id=req.public_id)


def test_refused_file_stores_nothing_and_photo_must_be_an_image(db):
    driver = active_driver(db)
    _certificate(db, driver)
    req = service.start(db, driver_id=driver.id)
    error = service.add_document(
        db,
        driver_id=driver.id,
        public_id=req.public_id,
        kind="photo",
        data=b"MZ\x90\x00" + b"\0" * 100,
        filename="photo.jpg",
    )
    assert "Format non accepté" in error
    assert db.exec(select(StoredFile).where(StoredFile.kind == "request_document")).all() == []


def test_cancel_deletes_documents_and_files(db):
    driver = active_driver(db)
    _certificate(db, driver)
    req = _complete_draft(db, driver)
    keys = [
        f.storage_key
        for f in db.exec(
            select(StoredFile).where(StoredFile.kind != "certificate", StoredFile.kind != "training_summary")
        ).all()
    ]
    assert len(keys) == 10  # 5 documents + 5 thumbnails
    service.cancel(db, driver_id=driver.id, public_id=req.public_id)
    assert db.exec(select(RequestDocument)).all() == []
    for key in keys:
        with pytest.raises(FileNotFoundError):
            storage.read(key)
    assert db.get(CardRequest, req.id).status == "cancelled"
    assert service.start_refusal(db, driver_id=driver.id) == ""  # the certificate is free again


def test_complement_round_trip_and_card(db):
    driver = active_driver(db)
    _certificate(db, driver)
    req = _complete_draft(db, driver)
    service.submit(db, driver_id=driver.id, public_id=req.public_id)
    agent_id = make_agent(db, "instructeur@hubpro.test")
    assert (
        instruction.review(db, agent_id=agent_id, public_id=req.public_id, item="doc:photo", ok=False, reason="")
        == "Indiquez la raison de la non-conformité."
    )
    assert (
        instruction.review(
            db, agent_id=agent_id, public_id=req.public_id, item="doc:photo", ok=False, reason="Photo floue"
        )
        == ""
    )
    instruction.request_info(db, agent_id=agent_id, public_id=req.public_id)
    db.expire_all()
    assert db.get(CardRequest, req.id).status == "info_requested"
    assert db.exec(select(OutboxMessage).where(OutboxMessage.channel == "sms")).one().recipient == driver.phone
    assert db.exec(select(Notice)).one().closed_at is None
    # Answering without the new photo is refused; other documents cannot be changed.
    assert service.reply(db, driver_id=driver.id, public_id=req.public_id)
    assert "ne peut plus" in service.add_document(
        db, driver_id=driver.id, public_id=req.public_id, kind="signature", data=_png(), filename="s.png"
    )
    assert (
        service.add_document(
            db, driver_id=driver.id, public_id=req.public_id, kind="photo", data=_png("#334455"), filename="p.png"
        )
        == ""
    )
    assert service.reply(db, driver_id=driver.id, public_id=req.public_id) == []
    db.expire_all()
    assert db.get(CardRequest, req.id).status == "info_sent"
    assert db.exec(select(Notice)).one().closed_at is not None
    card = instruction.validate(db, agent_id=agent_id, public_id=req.public_id)
    db.expire_all()
    assert db.get(CardRequest, req.id).status == "in_production"
    assert card.number.startswith("FR") and len(card.number) == 12
    assert card.expires_on > trainings.today()
    instruction.ship(db, agent_id=agent_id, public_id=req.public_id)
    db.expire_all()
    assert db.get(Card, card.id).status == "shipped"
    statuses = [
        e.to_status
        for e in db.exec(select(RequestEvent).where(RequestEvent.request_id == req.id).order_by(RequestEvent.id))
    ]
    assert statuses == ["sent", "info_requested", "info_sent", "validated", "in_production", "shipped"]
    with pytest.raises(instruction.Refused):
        instruction.validate(db, agent_id=agent_id, public_id=req.public_id)
    assert now() > card.created_at


def test_typed_fields_of_a_draft_are_kept_as_the_driver_goes(db):
    driver = active_driver(db)
    _certificate(db, driver)
    req = service.start(db, driver_id=driver.id)
    service.save_draft_field(db, driver_id=driver.id, public_id=req.public_id, field="delivery_city",
                             value="  Saint-Nazaire ")  # fmt: skip
    service.save_draft_field(db, driver_id=driver.id, public_id=req.public_id, field="status", value="sent")
    db.expire_all()
    stored = db.get(CardRequest, req.id)
    assert (stored.delivery_city, stored.status) == ("Saint-Nazaire", "draft")
    intruder = active_driver(db, "intrus.brouillon@example.fr")
    with pytest.raises(service.NotFound):
        service.save_draft_field(db, driver_id=intruder.id, public_id=req.public_id, field="delivery_city", value="X")
