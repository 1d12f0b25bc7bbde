"""Training services on a real database: stored PDFs, atomic and idempotent deposits, matching, driver views, purge."""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from hubpro import storage
from hubpro.models import Certificate, DocumentView, Driver, StoredFile, Training
from hubpro.services import accounts, centres, documents, files, trainings
from hubpro.settings import get_settings
from tests.services.factories import active_driver, make_agent, outbox_to, signup_form

EMAIL = "jean.martin@example.fr"


def _centre(db, siret="12345678901234", agrement="2019-ARA-0042"):
    centre, _, errors = centres.create_centre(
        db, agent_id=None, name="Centre Routier du Rhône", siret=siret, agrement=agrement, region="Auvergne-Rhône-Alpes"
    )
    assert errors == {}
    return centre


def _payload(end: date | None = None, **over) -> dict:
    end = end or trainings.today() - timedelta(days=2)
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


def _deposit(db, centre, **over) -> trainings.Deposit:
    result = trainings.deposit(db, centre_id=centre.id, data=_payload(**over))
    assert result.errors == {}
    return result


def _private() -> Path:
    return Path(os.environ["HUBPRO_DATA_DIR"]).resolve() / "private"


def _files_on_disk() -> set[str]:
    """Every object of the store, whatever the backend (local folder or S3)."""
    return set(storage.backend().list_older_than(datetime.now(UTC) + timedelta(days=1)))


def _registered(db, email: str, **over) -> Driver:
    """A driver account just submitted (« en analyse »)."""
    assert accounts.register(db, signup_form(email=email, email_confirmation=email, **over)) == {}
    return db.exec(select(Driver).where(Driver.email == email)).one()


def _fix_today(monkeypatch, day: date) -> None:
    monkeypatch.setattr(trainings, "today", lambda: day)


# --- storage ----------------------------------------------------------------------------------


def test_deposit_stores_two_private_files_with_their_digest(db):
    centre = _centre(db)
    result = _deposit(db, centre)
    assert result.created is True
    rows = db.exec(select(StoredFile)).all()
    assert len(rows) == 2
    cert = db.exec(select(Certificate)).one()
    assert {r.id for r in rows} == {result.training.summary_file_id, cert.file_id}
    assert {r.kind for r in rows} == {"training_summary", "certificate"}
    for row in rows:
        data = storage.backend().get(row.storage_key)
        assert data.startswith(b"%PDF")
        assert hashlib.sha256(data).hexdigest() == row.sha256
        assert len(data) == row.size
        assert storage.read(row.storage_key, row.sha256) == data


def test_the_local_store_keeps_files_private_under_the_data_directory(db, monkeypatch):
    for name in ("URL", "ENDPOINT_URL", "REGION", "ACCESS_KEY", "SECRET_KEY"):  # whatever the run's backend
        monkeypatch.delenv(f"HUBPRO_STORAGE_{name}", raising=False)
    get_settings.cache_clear()
    try:
        assert storage.backend().name == "local"
        _deposit(db, _centre(db))
        assert get_settings().data_dir.resolve() / "private" == _private()
        for row in db.exec(select(StoredFile)).all():
            path = _private() / row.storage_key
            assert path.is_file()
            assert path.stat().st_mode & 0o777 == 0o600
            assert path.resolve().is_relative_to(_private())
            assert "uploaded_files" not in path.resolve().parts
            assert hashlib.sha256(path.read_bytes()).hexdigest() == row.sha256
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()


def test_a_file_altered_in_the_store_is_refused(db):
    centre = _centre(db)
    _deposit(db, centre)
    row = db.exec(select(StoredFile).where(StoredFile.kind == "certificate")).one()
    data = storage.backend().get(row.storage_key)
    storage.backend().put(row.storage_key, data[:-1] + bytes([data[-1] ^ 0x01]))
    with pytest.raises(ValueError, match="SHA-256"):
        storage.read(row.storage_key, row.sha256)


# --- atomicity --------------------------------------------------------------------------------


def _assert_nothing_left(db, before: set[str]) -> None:
    db.expire_all()
    assert db.exec(select(Training)).all() == []
    assert db.exec(select(Certificate)).all() == []
    assert db.exec(select(StoredFile)).all() == []
    assert _files_on_disk() == before


def test_failing_certificate_pdf_leaves_nothing(db, monkeypatch):
    centre = _centre(db)
    rendered = []
    real_summary = trainings.pdf.render_training_summary

    def summary(**kwargs):
        rendered.append("summary")
        return real_summary(**kwargs)

    def broken(**kwargs):
        raise RuntimeError("PDF engine down")

    monkeypatch.setattr(trainings.pdf, "render_training_summary", summary)
    monkeypatch.setattr(trainings.pdf, "render_certificate", broken)
    before = _files_on_disk()
    with pytest.raises(RuntimeError, match="PDF engine down"):
        trainings.deposit(db, centre_id=centre.id, data=_payload())
    assert rendered == ["summary"]
    _assert_nothing_left(db, before)


def test_failure_after_the_summary_file_was_written_removes_it(db, monkeypatch):
    centre = _centre(db)
    real_store = files.storage.store
    stored = []

    def store_once(data):
        if stored:
            raise OSError("disk full")
        stored.append(real_store(data))
        return stored[-1]

    monkeypatch.setattr(files.storage, "store", store_once)
    before = _files_on_disk()
    with pytest.raises(OSError, match="disk full"):
        trainings.deposit(db, centre_id=centre.id, data=_payload())
    assert len(stored) == 1  # the summary reached the store before the failure
    assert not storage.exists(stored[0][0])
    _assert_nothing_left(db, before)


def test_failure_while_emailing_removes_both_files(db, monkeypatch):
    driver = active_driver(db)
    centre = _centre(db)
    queued_before = len(outbox_to(db, driver.email))

    def broken(*args, **kwargs):
        raise RuntimeError("outbox unavailable")

    monkeypatch.setattr(trainings, "enqueue_email", broken)
    before = _files_on_disk()
    with pytest.raises(RuntimeError, match="outbox unavailable"):
        trainings.deposit(db, centre_id=centre.id, data=_payload())
    _assert_nothing_left(db, before)
    assert len(outbox_to(db, driver.email)) == queued_before


def test_a_deposit_works_again_after_a_failure(db, monkeypatch):
    centre = _centre(db)

    def broken(**kwargs):
        raise RuntimeError("PDF engine down")

    monkeypatch.setattr(trainings.pdf, "render_certificate", broken)
    with pytest.raises(RuntimeError):
        trainings.deposit(db, centre_id=centre.id, data=_payload())
    monkeypatch.undo()
    result = _deposit(db, centre)
    assert result.created is True
    assert len(db.exec(select(StoredFile)).all()) == 2


# --- idempotency ------------------------------------------------------------------------------


def test_same_centre_session_and_licence_returns_the_same_record(db):
    centre = _centre(db)
    first = _deposit(db, centre)
    files_before = _files_on_disk()
    again = _deposit(db, centre, licence_number="13 ab-12345", hours=40)
    assert first.created is True
    assert again.created is False
    assert again.training.id == first.training.id
    assert again.training.hours == 35  # the record is not rewritten
    assert len(db.exec(select(Training)).all()) == 1
    assert len(db.exec(select(StoredFile)).all()) == 2
    assert len(db.exec(select(Certificate)).all()) == 1
    assert _files_on_disk() == files_before


def test_same_session_for_another_licence_is_another_record(db):
    centre = _centre(db)
    first = _deposit(db, centre)
    other = _deposit(db, centre, licence_number="13CD54321", birth_name="Durand")
    assert other.created is True
    assert other.training.id != first.training.id
    assert other.training.licence_number == "13CD54321"
    assert len(db.exec(select(Training)).all()) == 2
    assert len(db.exec(select(Certificate)).all()) == 2
    assert len(db.exec(select(StoredFile)).all()) == 4


def test_another_centre_with_the_same_session_reference_has_its_own_record(db):
    centre_a = _centre(db)
    centre_b = _centre(db, siret="99999999999999", agrement="2020-IDF-0001")
    first = _deposit(db, centre_a)
    other = _deposit(db, centre_b)
    assert other.created is True
    assert other.training.id != first.training.id
    assert {t.centre_id for t in db.exec(select(Training)).all()} == {centre_a.id, centre_b.id}


def test_invalid_payload_stores_nothing(db):
    centre = _centre(db)
    before = _files_on_disk()
    result = trainings.deposit(db, centre_id=centre.id, data=_payload(hours=10))
    assert result.training is None and result.created is False
    assert set(result.errors) == {"hours"}
    _assert_nothing_left(db, before)


# --- matching ---------------------------------------------------------------------------------


def test_matching_driver_gets_the_training_and_the_certificate_email(db):
    driver = active_driver(db)
    centre = _centre(db)
    result = _deposit(db, centre, birth_name="MARTIN")
    assert result.training.driver_id == driver.id
    cert = db.exec(select(Certificate)).one()
    assert cert.driver_id == driver.id and cert.emailed_at is not None
    assert {f.driver_id for f in db.exec(select(StoredFile)).all()} == {driver.id}
    mails = [m for m in outbox_to(db, driver.email) if m.attachments]
    assert len(mails) == 1
    assert mails[0].attachments[0]["file_id"] == cert.file_id


def test_different_birth_name_is_not_matched(db):
    driver = active_driver(db)
    centre = _centre(db)
    result = _deposit(db, centre, birth_name="Durand")
    assert result.training.driver_id is None
    cert = db.exec(select(Certificate)).one()
    assert cert.driver_id is None and cert.emailed_at is None
    assert [m for m in outbox_to(db, driver.email) if m.attachments] == []


def test_usage_name_is_matched(db):
    driver = _registered(db, "claire.dupont@example.fr", civility="mme", birth_name="Martin", usage_name="Dupont")
    accounts.validate_account(db, agent_id=make_agent(db), public_id=driver.public_id)
    centre = _centre(db)
    result = _deposit(db, centre, birth_name="DUPONT", first_names="Claire")
    assert result.training.driver_id == driver.id


def test_deposit_before_validation_is_attached_when_the_agent_validates(db):
    driver = _registered(db, EMAIL)
    assert driver.status == "in_review"
    centre = _centre(db)
    result = _deposit(db, centre)
    assert result.training.driver_id is None
    assert [m for m in outbox_to(db, EMAIL) if m.attachments] == []

    accounts.validate_account(db, agent_id=make_agent(db), public_id=driver.public_id)
    db.expire_all()
    training = db.exec(select(Training)).one()
    cert = db.exec(select(Certificate)).one()
    assert training.driver_id == driver.id
    assert cert.driver_id == driver.id and cert.emailed_at is not None
    assert {f.driver_id for f in db.exec(select(StoredFile)).all()} == {driver.id}
    mails = [m for m in outbox_to(db, EMAIL) if m.attachments]
    assert len(mails) == 1
    assert "certificat" in mails[0].subject.lower()
    file = db.get(StoredFile, cert.file_id)
    assert mails[0].attachments == [{"file_id": file.id, "filename": file.filename, "content_type": "application/pdf"}]


def test_expired_certificate_is_attached_but_not_emailed(db, monkeypatch):
    driver = _registered(db, EMAIL)
    centre = _centre(db)
    real_today = trainings.today()
    deposited_on = real_today - timedelta(days=200)  # more than 4 months ago
    _fix_today(monkeypatch, deposited_on)
    _deposit(db, centre, end=deposited_on - timedelta(days=2))
    monkeypatch.undo()
    cert = db.exec(select(Certificate)).one()
    assert cert.issued_on == deposited_on
    assert cert.valid_until < real_today

    accounts.validate_account(db, agent_id=make_agent(db), public_id=driver.public_id)
    db.expire_all()
    assert db.exec(select(Training)).one().driver_id == driver.id
    cert = db.exec(select(Certificate)).one()
    assert cert.driver_id == driver.id
    assert cert.emailed_at is None
    assert [m for m in outbox_to(db, EMAIL) if m.attachments] == []
    assert any("validé" in m.subject for m in outbox_to(db, EMAIL))  # the validation itself went on


def test_a_rejected_name_at_validation_stays_unattached(db):
    driver = _registered(db, EMAIL)
    centre = _centre(db)
    _deposit(db, centre, birth_name="Durand")
    accounts.validate_account(db, agent_id=make_agent(db), public_id=driver.public_id)
    db.expire_all()
    assert db.exec(select(Training)).one().driver_id is None
    assert [m for m in outbox_to(db, EMAIL) if m.attachments] == []


# --- driver views -----------------------------------------------------------------------------

FIMO_END = date(2022, 3, 1)
FCO1_END, FCO1_ISSUED = date(2026, 6, 1), date(2026, 6, 5)
PASSERELLE_END = date(2027, 1, 15)
FCO2_END, FCO2_ISSUED = date(2031, 9, 1), date(2031, 9, 3)


def _history(db, monkeypatch) -> tuple[Driver, dict[str, Training]]:
    """FIMO and two FCOs in marchandises, a passerelle in voyageurs, each deposited a few days after its end."""
    driver = active_driver(db)
    centre = _centre(db)
    steps = [
        ("fimo", date(2022, 3, 5), {"type": "fimo", "hours": 140, "end": FIMO_END, "session_reference": "FIMO-22"}),
        ("fco1", FCO1_ISSUED, {"end": FCO1_END, "session_reference": "FCO-26"}),
        (
            "passerelle",
            date(2027, 1, 20),
            {"type": "passerelle", "sector": "voyageurs", "end": PASSERELLE_END, "session_reference": "PAS-27"},
        ),
        ("fco2", FCO2_ISSUED, {"end": FCO2_END, "session_reference": "FCO-31"}),
    ]
    made = {}
    for name, day, over in steps:
        _fix_today(monkeypatch, day)
        result = _deposit(db, centre, **over)
        assert result.created and result.training.driver_id == driver.id
        made[name] = result.training
    monkeypatch.undo()
    return driver, made


def test_driver_trainings_newest_first_and_old_fco_hidden(db, monkeypatch):
    driver, made = _history(db, monkeypatch)
    # FCO 1 issued 05/06/2026: shown through 04/06/2032, hidden from 05/06/2032
    shown = documents.driver_trainings(db, driver_id=driver.id, today=date(2032, 6, 4))
    assert [t["id"] for t in shown] == [made[k].public_id for k in ("fco2", "passerelle", "fco1", "fimo")]
    hidden = documents.driver_trainings(db, driver_id=driver.id, today=date(2032, 6, 5))
    assert [t["id"] for t in hidden] == [made[k].public_id for k in ("fco2", "passerelle", "fimo")]
    first = hidden[0]
    assert first["type"] == "FCO" and first["sector_label"] == "Marchandises"
    assert first["dates"] == "du 28/08/2031 au 01/09/2031"
    assert first["hours"] == "35 h"
    assert first["centre"] == "Centre Routier du Rhône"
    summary = db.get(StoredFile, made["fco2"].summary_file_id)
    assert first["file"] == summary.public_id
    # initial trainings stay, however old
    far = documents.driver_trainings(db, driver_id=driver.id, today=date(2060, 1, 1))
    assert [t["id"] for t in far] == [made[k].public_id for k in ("passerelle", "fimo")]


def test_driver_trainings_of_another_driver_are_empty(db, monkeypatch):
    _history(db, monkeypatch)
    other = _registered(db, "autre@example.fr", licence_number="13CD54321")
    assert documents.driver_trainings(db, driver_id=other.id, today=date(2032, 1, 1)) == []
    assert documents.driver_certificates(db, driver_id=other.id, today=date(2032, 1, 1)) == []
    assert documents.qualification_summary(db, driver_id=other.id, today=date(2032, 1, 1)) == []


def test_driver_certificates_newest_first_with_validity(db, monkeypatch):
    driver, made = _history(db, monkeypatch)
    # FCO 2 certificate: issued 03/09/2031, valid until 03/01/2032 included
    certs = documents.driver_certificates(db, driver_id=driver.id, today=date(2032, 1, 3))
    by_training = {c.training_id: c for c in db.exec(select(Certificate)).all()}
    order = ("fco2", "passerelle", "fco1", "fimo")
    assert [c["id"] for c in certs] == [by_training[made[k].id].public_id for k in order]
    assert [c["valid"] for c in certs] == [True, False, False, False]
    first = certs[0]
    assert first["issued_on"] == "03/09/2031"
    assert first["end_date"] == "01/09/2031"
    assert first["valid_until"] == "03/01/2032"
    assert first["training"] == "FCO"
    assert certs[1]["valid_until"] == "20/05/2027"  # passerelle issued 20/01/2027
    assert certs[1]["sector_label"] == "Voyageurs"
    assert [c["valid"] for c in documents.driver_certificates(db, driver_id=driver.id, today=date(2032, 1, 4))] == [
        False
    ] * 4
    # FCO 1 certificate: issued 05/06/2026, valid until 05/10/2026 included
    assert documents.driver_certificates(db, driver_id=driver.id, today=date(2026, 10, 5))[2]["valid"] is True
    assert documents.driver_certificates(db, driver_id=driver.id, today=date(2026, 10, 6))[2]["valid"] is False


def test_qualification_summary_per_sector(db, monkeypatch):
    driver, _ = _history(db, monkeypatch)
    summary = documents.qualification_summary(db, driver_id=driver.id, today=date(2032, 6, 10))
    assert summary == [
        {
            # FIMO 01/03/2022 → 01/03/2027; early FCO 01/06/2026 → 01/03/2032; early FCO 01/09/2031 → 01/03/2037
            "sector": "marchandises",
            "sector_label": "Marchandises",
            "valid": True,
            "valid_until": "01/03/2037",
            "early_from": "01/03/2036",
            "card": "Carte CQC : aucune carte pour le moment.",
        },
        {
            # passerelle 15/01/2027 → 15/01/2032, no FCO since
            "sector": "voyageurs",
            "sector_label": "Voyageurs",
            "valid": False,
            "valid_until": "15/01/2032",
            "early_from": "15/01/2031",
            "card": "Carte CQC : aucune carte pour le moment.",
        },
    ]


# --- file access ------------------------------------------------------------------------------


def test_file_for_owner_agents_and_nobody_else(db):
    driver = active_driver(db)
    centre = _centre(db)
    _deposit(db, centre)
    cert = db.exec(select(Certificate)).one()
    file = db.get(StoredFile, cert.file_id)
    other = _registered(db, "autre@example.fr", licence_number="13CD54321")
    agent_id = make_agent(db, "lecteur@hubpro.test")

    def get(role, user_id, public_id=file.public_id):
        return documents.file_for(db, role=role, user_id=user_id, file_public_id=public_id)

    assert get("driver", driver.id).id == file.id
    assert get("driver", other.id) is None
    assert get("agent", agent_id).id == file.id
    assert get("agent", 987654) is None
    assert get("driver", driver.id, "inconnu") is None
    assert get("agent", agent_id, "inconnu") is None
    assert get("centre", centre.id) is None
    assert get("centre", driver.id) is None


def test_file_of_an_unmatched_training_is_for_agents_only(db):
    driver = active_driver(db)
    centre = _centre(db)
    _deposit(db, centre, birth_name="Durand")
    file = db.exec(select(StoredFile).where(StoredFile.kind == "certificate")).one()
    assert file.driver_id is None
    assert documents.file_for(db, role="driver", user_id=driver.id, file_public_id=file.public_id) is None
    agent_id = make_agent(db, "lecteur@hubpro.test")
    assert documents.file_for(db, role="agent", user_id=agent_id, file_public_id=file.public_id).id == file.id


# --- purge ------------------------------------------------------------------------------------


def test_purge_removes_old_fco_rows_and_files_only(db, monkeypatch):
    driver, made = _history(db, monkeypatch)
    old = made["fco1"]
    old_cert = db.exec(select(Certificate).where(Certificate.training_id == old.id)).one()
    old_files = [db.get(StoredFile, old.summary_file_id), db.get(StoredFile, old_cert.file_id)]
    old_keys = [f.storage_key for f in old_files]
    assert all(storage.exists(k) for k in old_keys)
    kept_ids = {made[k].id for k in ("fimo", "passerelle", "fco2")}

    assert documents.purge_continuing(db, today=date(2032, 6, 4)) == 0  # the day before 6 years
    assert len(db.exec(select(Training)).all()) == 4

    assert documents.purge_continuing(db, today=date(2032, 6, 5)) == 1
    db.expire_all()
    assert {t.id for t in db.exec(select(Training)).all()} == kept_ids
    assert db.get(Certificate, old_cert.id) is None
    assert {c.training_id for c in db.exec(select(Certificate)).all()} == kept_ids
    assert all(db.get(StoredFile, f.id) is None for f in old_files)
    assert len(db.exec(select(StoredFile)).all()) == 6
    assert not any(storage.exists(k) for k in old_keys)
    for row in db.exec(select(StoredFile)).all():
        assert storage.read(row.storage_key, row.sha256).startswith(b"%PDF")
    assert documents.purge_continuing(db, today=date(2032, 6, 5)) == 0  # nothing more to do
    assert [t["id"] for t in documents.driver_trainings(db, driver_id=driver.id, today=date(2032, 6, 5))] == [
        made[k].public_id for k in ("fco2", "passerelle", "fimo")
    ]


def test_agent_views_of_training_pdfs_are_logged_and_owner_views_are_not(db):
    driver = active_driver(db)
    _deposit(db, _centre(db))
    agent_id = make_agent(db, "lecteur@hubpro.test")
    summary = db.exec(select(StoredFile).where(StoredFile.kind == "training_summary")).one()
    cert = db.exec(select(StoredFile).where(StoredFile.kind == "certificate")).one()
    for f in (summary, cert, cert):
        assert documents.file_for(db, role="agent", user_id=agent_id, file_public_id=f.public_id) is not None
    assert documents.file_for(db, role="driver", user_id=driver.id, file_public_id=cert.public_id) is not None
    views = db.exec(select(DocumentView).order_by(DocumentView.id)).all()
    assert [(v.file_id, v.agent_id) for v in views] == [(summary.id, agent_id)] + [(cert.id, agent_id)] * 2


def test_purge_keeps_the_row_of_a_viewed_file_with_its_access_log_but_not_its_bytes(db, monkeypatch):
    driver, made = _history(db, monkeypatch)
    old = made["fco1"]
    viewed = db.get(StoredFile, old.summary_file_id)
    agent_id = make_agent(db, "lecteur@hubpro.test")
    assert documents.file_for(db, role="agent", user_id=agent_id, file_public_id=viewed.public_id) is not None
    key = viewed.storage_key

    assert documents.purge_continuing(db, today=date(2032, 6, 5)) == 1
    db.expire_all()
    assert db.get(Training, old.id) is None
    assert not storage.exists(key)  # retention: the content is gone
    kept = db.get(StoredFile, viewed.id)
    assert kept is not None and kept.kind == documents.PURGED  # what the agent saw: name, size, SHA-256
    assert len(db.exec(select(DocumentView).where(DocumentView.file_id == viewed.id)).all()) == 1
    for role, uid in (("agent", agent_id), ("driver", driver.id)):
        assert documents.file_for(db, role=role, user_id=uid, file_public_id=viewed.public_id) is None
