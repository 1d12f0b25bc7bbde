"""Private files on the run's backend (local folder, or S3 with HUBPRO_TEST_STORAGE=s3): checked route,
file and row together, orphan sweep, retention."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy.exc import OperationalError
from sqlmodel import select
from starlette.testclient import TestClient

from hubpro import storage
from hubpro.api import api
from hubpro.api import files as files_route
from hubpro.cli import main as cli
from hubpro.domain.dates import now
from hubpro.models import RequestDocument, StoredFile
from hubpro.services import card_requests, files, jobs
from hubpro.storage.files import new_key
from tests import seed
from tests.services.factories import active_driver
from tests.services.test_state_guards import _token


@pytest.fixture(autouse=True)
def _empty_store(db):
    """Objects left by earlier tests (their rows are gone) are swept first: counts here are exact."""
    files.sweep_orphans(db, at=now() + timedelta(days=3))


def _objects() -> set[str]:
    return set(storage.backend().list_older_than(now() + timedelta(days=1)))


def _owned_file(db, driver, data: bytes = b"%PDF-1.4 certificat") -> StoredFile:
    written: list[str] = []
    row = files.add(db, kind="certificate", data=data, filename="certificat.pdf", driver_id=driver.id, written=written)
    db.commit()
    return row


def _get(db, driver, row: StoredFile):
    client = TestClient(api)
    client.cookies.set("hubpro_sid", _token(db, "driver", driver.email))
    return client.get(f"/api/fichiers/{row.public_id}")


def test_the_owner_downloads_through_the_checked_route(db):
    driver = active_driver(db)
    row = _owned_file(db, driver)
    resp = _get(db, driver, row)
    assert resp.status_code == 200
    assert resp.content == b"%PDF-1.4 certificat"
    assert resp.headers["cache-control"] == "private, no-store"
    intruder = active_driver(db, "intrus@example.fr")
    assert _get(db, intruder, row).status_code == 404


def test_a_file_whose_bytes_changed_is_never_served(db, caplog):
    driver = active_driver(db)
    row = _owned_file(db, driver)
    storage.backend().put(row.storage_key, b"%PDF-1.4 falsifie")
    with caplog.at_level(logging.ERROR, logger="hubpro.storage"):
        resp = _get(db, driver, row)
    assert resp.status_code == 500
    assert resp.text == files_route.CORRUPTED
    assert b"falsifie" not in resp.content
    assert f"stored file {row.storage_key} does not match its SHA-256: not served" in caplog.text
    with pytest.raises(storage.Corrupted):
        storage.read(row.storage_key, row.sha256)


def test_a_row_without_its_bytes_answers_not_found(db, caplog):
    driver = active_driver(db)
    row = _owned_file(db, driver)
    storage.delete(row.storage_key)
    with caplog.at_level(logging.ERROR, logger="hubpro.access"):
        assert _get(db, driver, row).status_code == 404
    assert "has a row but no content" in caplog.text


def test_a_failed_commit_deletes_the_object_already_written(db, monkeypatch):
    driver = active_driver(db)
    seed.certificate(db, driver)
    req = card_requests.start(db, driver_id=driver.id)
    before = _objects()
    real_commit = db.commit

    def outage():
        raise OperationalError("COMMIT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(db, "commit", outage)
    with pytest.raises(OperationalError):
        card_requests.add_document(db, driver_id=driver.id, public_id=req.public_id, kind="photo", data=seed.png(),
                                   filename="photo.png")  # fmt: skip
    monkeypatch.setattr(db, "commit", real_commit)
    db.expire_all()
    assert db.exec(select(RequestDocument)).all() == []
    assert db.exec(select(StoredFile).where(StoredFile.kind.in_(["request_document", "thumbnail"]))).all() == []
    assert _objects() == before  # the document and its thumbnail were written, then deleted


def test_the_sweep_deletes_only_objects_without_a_row_older_than_a_day(db):
    driver = active_driver(db)
    kept = _owned_file(db, driver)
    orphan = new_key()
    storage.backend().put(orphan, b"written, then the process died before the commit")
    assert files.sweep_orphans(db) == 0  # both are younger than a day
    assert storage.exists(orphan)
    assert files.sweep_orphans(db, at=now() + timedelta(days=1, minutes=1)) == 1
    assert not storage.exists(orphan)
    assert storage.read(kept.storage_key, kept.sha256) == b"%PDF-1.4 certificat"


def test_the_sweep_runs_as_a_daily_job_and_from_the_command_line(db, capsys):
    job = next(j for j in jobs.JOBS if j.name == "sweep-files")
    orphan = new_key()
    storage.backend().put(orphan, b"orphan")
    assert jobs.tick(at=now() + timedelta(days=2), jobs=(job,)) == ["sweep-files"]
    assert not storage.exists(orphan)
    storage.backend().put(orphan, b"orphan")
    assert cli(["sweep-files", "--older-than-hours", "24"]) == 0
    assert "0 orphan file(s) deleted" in capsys.readouterr().out  # too young
    assert storage.exists(orphan)
    storage.delete(orphan)


def test_the_sweep_finishes_a_retention_delete_that_failed(db):
    driver = active_driver(db)
    row = _owned_file(db, driver)
    row.kind = files.PURGED  # the purge kept the row for its access log, but the delete of the bytes failed
    db.add(row)
    db.commit()
    assert files.sweep_orphans(db, at=now() + timedelta(days=2)) == 1
    assert not storage.exists(row.storage_key)


def test_remove_after_a_rollback_never_raises(db, monkeypatch, caplog):
    def down(key):
        raise storage.StorageUnavailable("store down")

    monkeypatch.setattr(storage.backend(), "delete", down)
    with caplog.at_level(logging.WARNING, logger="hubpro.storage"):
        files.remove([new_key()])
    assert "left to the sweep" in caplog.text
