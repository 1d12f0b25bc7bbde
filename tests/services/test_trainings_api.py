"""Training-centre API: authentication, validation, idempotent deposit, cross-centre reads, matching."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pypdf import PdfReader
from sqlmodel import select
from starlette.testclient import TestClient

from hubpro import storage
from hubpro.api import api
from hubpro.models import Certificate, OutboxMessage, StoredFile, Training
from hubpro.services import centres, trainings
from tests.services.factories import active_driver


@pytest.fixture
def client():
    return TestClient(api)


def _centre(db, siret="12345678901234", agrement="2019-ARA-0042"):
    centre, key, errors = centres.create_centre(
        db, agent_id=None, name="Centre Routier du Rhône", siret=siret, agrement=agrement, region="Auvergne-Rhône-Alpes"
    )
    assert errors == {}
    return centre, key


def _payload(**over):
    end = trainings.today() - timedelta(days=2)
    data = {
        "type": "fco",
        "sector": "marchandises",
        "start_date": (end - timedelta(days=4)).isoformat(),
        "end_date": end.isoformat(),
        "hours": 35,
        "session_reference": "FCO-2026-17",
        "birth_name": "Martin",
        "first_names": "Jean Pierre",
        "birth_date": "1985-06-15",
        "licence_number": "13AB12345",
    }
    data.update(over)
    return data


def _auth(key):
    return {"Authorization": f"Bearer {key}"}


def test_no_wrong_and_revoked_keys_get_401(client, db):
    centre, key = _centre(db)
    assert client.post("/api/v1/trainings", json=_payload()).status_code == 401
    assert client.post("/api/v1/trainings", json=_payload(), headers=_auth("hpc_nope")).status_code == 401
    assert client.post("/api/v1/trainings", json=_payload(), headers={"Authorization": key}).status_code == 401
    key_row = db.exec(select(centres.CentreApiKey).where(centres.CentreApiKey.centre_id == centre.id)).one()
    centres.revoke_key(db, agent_id=None, key_id=key_row.id)
    resp = client.post("/api/v1/trainings", json=_payload(), headers=_auth(key))
    assert resp.status_code == 401
    assert resp.json()["error"] == "unauthorized"
    assert db.exec(select(Training)).all() == []


def test_validation_errors_are_422_field_by_field(client, db):
    _, key = _centre(db)
    future = (trainings.today() + timedelta(days=3)).isoformat()
    resp = client.post(
        "/api/v1/trainings",
        json=_payload(type="permis", hours=10, end_date=future, licence_number="??", birth_name="R2D2"),
        headers=_auth(key),
    )
    assert resp.status_code == 422
    errors = resp.json()["errors"]
    assert set(errors) >= {"type", "end_date", "licence_number", "birth_name"}
    assert "futur" in errors["end_date"]
    resp = client.post("/api/v1/trainings", json=_payload(hours=20), headers=_auth(key))
    assert resp.status_code == 422 and "35" in resp.json()["errors"]["hours"]
    assert client.post("/api/v1/trainings", content=b"[1,2]", headers=_auth(key)).status_code == 400
    assert client.post("/api/v1/trainings", content=b"{not json", headers=_auth(key)).status_code == 400
    assert db.exec(select(Training)).all() == []
    assert db.exec(select(StoredFile)).all() == []


def test_retry_returns_the_same_record(client, db):
    _, key = _centre(db)
    first = client.post("/api/v1/trainings", json=_payload(), headers=_auth(key))
    assert first.status_code == 201
    again = client.post("/api/v1/trainings", json=_payload(licence_number="13 ab-12345"), headers=_auth(key))
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert len(db.exec(select(Training)).all()) == 1
    assert len(db.exec(select(StoredFile)).all()) == 2  # one summary, one certificate


def test_a_centre_reads_only_its_own_deposits(client, db):
    _, key_a = _centre(db)
    _, key_b = _centre(db, siret="99999999999999", agrement="2020-IDF-0001")
    created = client.post("/api/v1/trainings", json=_payload(), headers=_auth(key_a)).json()
    own = client.get(f"/api/v1/trainings/{created['id']}", headers=_auth(key_a))
    assert own.status_code == 200 and own.json()["session_reference"] == "FCO-2026-17"
    assert client.get(f"/api/v1/trainings/{created['id']}", headers=_auth(key_b)).status_code == 404
    assert client.get(f"/api/v1/trainings/{created['id']}").status_code == 401


def test_deposit_for_a_driver_matches_and_emails_the_certificate(client, db):
    driver = active_driver(db)
    _, key = _centre(db)
    resp = client.post("/api/v1/trainings", json=_payload(birth_name="MARTIN"), headers=_auth(key))
    assert resp.status_code == 201 and resp.json()["matched_to_account"] is True
    cert = db.exec(select(Certificate)).one()
    assert cert.driver_id == driver.id
    file = db.get(StoredFile, cert.file_id)
    data = storage.read(file.storage_key, file.sha256)
    text = "".join(page.extract_text() for page in PdfReader(__import__("io").BytesIO(data)).pages)
    assert "MARTIN" in text.upper() and cert.valid_until.strftime("%d/%m/%Y") in text
    mail = db.exec(
        select(OutboxMessage).where(OutboxMessage.recipient == driver.email).order_by(OutboxMessage.id)
    ).all()[-1]
    assert "certificat" in mail.subject.lower()
    assert mail.attachments == [{"file_id": file.id, "filename": file.filename, "content_type": "application/pdf"}]


def test_training_before_the_account_appears_at_validation(client, db):
    _, key = _centre(db)
    resp = client.post("/api/v1/trainings", json=_payload(), headers=_auth(key))
    assert resp.json()["matched_to_account"] is False
    driver = active_driver(db)
    training = db.exec(select(Training)).one()
    assert training.driver_id == driver.id
    cert = db.exec(select(Certificate)).one()
    assert cert.driver_id == driver.id and cert.emailed_at is not None


def test_openapi_is_served(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    assert "/api/v1/trainings" in spec["paths"]


def test_a_store_refusing_the_pdfs_answers_503_and_records_nothing(client, db, monkeypatch):
    _, key = _centre(db)

    def refused(data):
        raise storage.StorageUnavailable("s3 put: AccessDenied")

    monkeypatch.setattr(storage.files, "store", refused)
    monkeypatch.setattr(storage, "store", refused)
    resp = client.post("/api/v1/trainings", json=_payload(), headers=_auth(key))
    assert resp.status_code == 503
    assert resp.json()["error"] == "storage_unavailable"
    assert "rien n'a été enregistré" in resp.json()["message"]
    assert db.exec(select(Training)).all() == []
    assert db.exec(select(StoredFile)).all() == []
    monkeypatch.undo()
    assert client.post("/api/v1/trainings", json=_payload(), headers=_auth(key)).status_code == 201  # the retry
