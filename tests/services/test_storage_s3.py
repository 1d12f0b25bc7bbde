"""The S3 backend against a real S3 HTTP endpoint (moto's server mode), whatever the run's own backend:
private encrypted objects, checked reads, a bucket that refuses writes, rollback, sweep, storage-migrate."""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
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
from hubpro.services import card_requests, files
from hubpro.settings import get_settings
from hubpro.storage.files import new_key
from hubpro.storage.local import LocalBackend
from tests import seed
from tests.services import s3server
from tests.services.factories import active_driver
from tests.services.test_state_guards import _token

BUCKET = "hubpro-s3-tests"
STORAGE_VARS = ("URL", "ENDPOINT_URL", "REGION", "ACCESS_KEY", "SECRET_KEY")


def _use(monkeypatch, values: dict[str, str]) -> None:
    for name in STORAGE_VARS:
        monkeypatch.delenv(f"HUBPRO_STORAGE_{name}", raising=False)
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()


@pytest.fixture
def s3(monkeypatch):
    """The app's files in a fresh prefix of a bucket on the moto server; yields a raw client and the prefix."""
    s3server.make_bucket(BUCKET)
    prefix = f"t{secrets.token_hex(4)}"
    _use(monkeypatch, s3server.environment(BUCKET, prefix))
    assert storage.backend().name == "s3"
    yield s3server.client(), prefix
    monkeypatch.undo()
    get_settings.cache_clear()


def _names(client, prefix: str) -> set[str]:
    return {o["Key"] for o in client.list_objects_v2(Bucket=BUCKET, Prefix=f"{prefix}/").get("Contents", [])}


def test_round_trip_private_and_encrypted(s3):
    client, prefix = s3
    data = b"%PDF-1.4 " + secrets.token_bytes(2048)
    key, digest = storage.store(data)
    assert digest == hashlib.sha256(data).hexdigest()
    assert _names(client, prefix) == {f"{prefix}/{key}"}
    head = client.head_object(Bucket=BUCKET, Key=f"{prefix}/{key}")
    assert head["ServerSideEncryption"] == "AES256"
    grants = client.get_object_acl(Bucket=BUCKET, Key=f"{prefix}/{key}")["Grants"]
    assert [g["Grantee"].get("URI") for g in grants] == [None]  # the owner only: no AllUsers, no AuthenticatedUsers
    assert [g["Permission"] for g in grants] == ["FULL_CONTROL"]
    assert storage.read(key, digest) == data
    assert storage.exists(key)
    storage.delete(key)
    storage.delete(key)  # already gone: no error
    assert not storage.exists(key)
    with pytest.raises(FileNotFoundError):
        storage.read(key, digest)


def test_keys_are_random_and_checked(s3):
    keys = {storage.store(b"x")[0] for _ in range(5)}
    assert len(keys) == 5
    with pytest.raises(ValueError, match="invalid storage key"):
        storage.read("../../etc/passwd")


def test_an_altered_object_is_refused_logged_and_not_served(db, s3, caplog):
    client, prefix = s3
    driver = active_driver(db)
    row = files.add(db, kind="certificate", data=b"%PDF-1.4 original", filename="certificat.pdf",
                    driver_id=driver.id, written=[])  # fmt: skip
    db.commit()
    client.put_object(Bucket=BUCKET, Key=f"{prefix}/{row.storage_key}", Body=b"%PDF-1.4 remplace")
    with caplog.at_level(logging.ERROR, logger="hubpro.storage"), pytest.raises(storage.Corrupted, match="SHA-256"):
        storage.read(row.storage_key, row.sha256)
    assert "does not match its SHA-256: not served" in caplog.text
    web = TestClient(api)
    web.cookies.set("hubpro_sid", _token(db, "driver", driver.email))
    resp = web.get(f"/api/fichiers/{row.public_id}")
    assert (resp.status_code, resp.text) == (500, files_route.CORRUPTED)


def _read_only_credentials() -> dict[str, str]:
    """Keys of an IAM user of the moto server whose policy denies s3:PutObject."""
    import boto3

    iam = boto3.client("iam", endpoint_url=s3server.endpoint(), region_name="us-east-1",
                       aws_access_key_id=s3server.ACCESS_KEY, aws_secret_access_key=s3server.SECRET_KEY)  # fmt: skip
    user = f"lecteur-{secrets.token_hex(4)}"
    iam.create_user(UserName=user)
    policy = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket", "s3:DeleteObject"], "Resource": "*"},
        {"Effect": "Deny", "Action": "s3:PutObject", "Resource": "*"},
    ]}  # fmt: skip
    iam.put_user_policy(UserName=user, PolicyName="lecture-seule", PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName=user)["AccessKey"]
    return {"HUBPRO_STORAGE_ACCESS_KEY": key["AccessKeyId"], "HUBPRO_STORAGE_SECRET_KEY": key["SecretAccessKey"]}


def _draft(db):
    driver = active_driver(db)
    seed.certificate(db, driver)
    return driver, card_requests.start(db, driver_id=driver.id)


def _assert_no_document(db) -> None:
    db.expire_all()
    assert db.exec(select(RequestDocument)).all() == []
    assert db.exec(select(StoredFile).where(StoredFile.kind.in_(["request_document", "thumbnail"]))).all() == []


def test_a_bucket_refusing_writes_gives_the_driver_a_french_error_and_writes_nothing(db, s3, monkeypatch, caplog):
    import moto.settings

    client, prefix = s3
    driver, req = _draft(db)
    before = _names(client, prefix)  # the certificate's PDFs
    _use(monkeypatch, {**s3server.environment(BUCKET, prefix), **_read_only_credentials()})
    monkeypatch.setattr(moto.settings, "INITIAL_NO_AUTH_ACTION_COUNT", 0)  # the server checks every request now
    with caplog.at_level(logging.ERROR, logger="hubpro.requests"):
        error = card_requests.add_document(db, driver_id=driver.id, public_id=req.public_id, kind="photo",
                                           data=seed.png(), filename="photo.png")  # fmt: skip
    assert error == storage.UNAVAILABLE_FR
    assert error.startswith("Le document n'a pas pu être enregistré")
    assert "AccessDenied" in caplog.text
    monkeypatch.setattr(moto.settings, "INITIAL_NO_AUTH_ACTION_COUNT", float("inf"))
    _assert_no_document(db)
    assert _names(client, prefix) == before


def test_an_unreachable_store_gives_the_same_french_error(db, s3, monkeypatch):
    driver, req = _draft(db)
    with __import__("socket").socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}"  # nothing listens once closed
    _use(monkeypatch, {**s3server.environment(BUCKET, "x"), "HUBPRO_STORAGE_ENDPOINT_URL": closed})
    error = card_requests.add_document(db, driver_id=driver.id, public_id=req.public_id, kind="photo",
                                       data=seed.png(), filename="photo.png")  # fmt: skip
    assert error == storage.UNAVAILABLE_FR
    _assert_no_document(db)


def test_a_failed_commit_deletes_the_objects_from_the_bucket(db, s3, monkeypatch):
    client, prefix = s3
    driver, req = _draft(db)
    before = _names(client, prefix)  # the certificate's PDFs

    def outage():
        raise OperationalError("COMMIT", {}, Exception("server closed the connection"))

    real_commit = db.commit
    monkeypatch.setattr(db, "commit", outage)
    with pytest.raises(OperationalError):
        card_requests.add_document(db, driver_id=driver.id, public_id=req.public_id, kind="photo", data=seed.png(),
                                   filename="photo.png")  # fmt: skip
    monkeypatch.setattr(db, "commit", real_commit)
    _assert_no_document(db)
    assert _names(client, prefix) == before
    assert card_requests.add_document(db, driver_id=driver.id, public_id=req.public_id, kind="photo",
                                      data=seed.png(), filename="photo.png") == ""  # fmt: skip
    assert len(_names(client, prefix) - before) == 2  # the document and its thumbnail


def test_the_sweep_deletes_bucket_objects_without_a_row(db, s3):
    client, prefix = s3
    driver = active_driver(db)
    kept = files.add(db, kind="certificate", data=b"%PDF-1.4", filename="c.pdf", driver_id=driver.id, written=[])
    db.commit()
    orphan = new_key()
    storage.backend().put(orphan, b"orphan")
    assert files.sweep_orphans(db) == 0
    assert files.sweep_orphans(db, at=now() + timedelta(days=1, minutes=1)) == 1
    assert _names(client, prefix) == {f"{prefix}/{kept.storage_key}"}


# --- storage-migrate --------------------------------------------------------------------------


def _local_files(db, monkeypatch, tmp_path, count: int = 3) -> tuple[LocalBackend, list[StoredFile]]:
    """Files written by the app on the local backend (in ``tmp_path``)."""
    _use(monkeypatch, {})
    monkeypatch.setenv("HUBPRO_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    assert storage.backend().name == "local"
    driver = active_driver(db)
    rows = [files.add(db, kind="invoice", data=f"%PDF-1.4 facture {i}".encode(), filename=f"f{i}.pdf",
                      driver_id=driver.id, written=[]) for i in range(count)]  # fmt: skip
    db.commit()
    return LocalBackend(tmp_path / "private"), rows


def test_storage_migrate_copies_local_files_to_s3_and_verifies_them(db, s3, monkeypatch, tmp_path, capsys):
    client, prefix = s3
    env = s3server.environment(BUCKET, prefix)
    local, rows = _local_files(db, monkeypatch, tmp_path)
    assert cli(["storage-migrate"]) == 2  # the target must be S3
    assert "Refusé" in capsys.readouterr().err
    _use(monkeypatch, env)
    assert cli(["storage-migrate", "--from", str(local.root)]) == 0
    assert "3 file(s) copied and verified, 0 already there" in capsys.readouterr().out
    for row in rows:
        assert storage.read(row.storage_key, row.sha256) == local.get(row.storage_key)
        head = client.head_object(Bucket=BUCKET, Key=f"{prefix}/{row.storage_key}")
        assert head["ServerSideEncryption"] == "AES256"
    assert cli(["storage-migrate", "--from", str(local.root)]) == 0  # again: nothing to copy
    assert "0 file(s) copied and verified, 3 already there" in capsys.readouterr().out
    assert local.exists(rows[0].storage_key)  # the source is left as it was


def test_storage_migrate_reports_missing_and_altered_local_files(db, s3, monkeypatch, tmp_path, capsys):
    client, prefix = s3
    local, rows = _local_files(db, monkeypatch, tmp_path)
    local.delete(rows[0].storage_key)
    local.put(rows[1].storage_key, b"%PDF-1.4 altered")
    _use(monkeypatch, s3server.environment(BUCKET, prefix))
    assert cli(["storage-migrate", "--from", str(local.root)]) == 1
    out = capsys.readouterr()
    assert "1 file(s) copied and verified" in out.out
    assert "1 missing locally, 1 not matching their SHA-256" in out.out
    assert f"missing: {rows[0].storage_key}" in out.err and f"corrupted: {rows[1].storage_key}" in out.err
    assert _names(client, prefix) == {f"{prefix}/{rows[2].storage_key}"}  # the altered file is not copied


def test_the_upload_box_shows_the_driver_the_french_error(db, s3, monkeypatch):
    import asyncio
    import io
    from pathlib import Path

    import moto.settings
    import reflex as rx

    import hubpro.pages  # noqa: F401  (registers the states)
    from hubpro.state.request_page import RequestPageState
    from tests.services.test_malformed_calls import _drive
    from tests.services.test_state_guards import _state

    client, prefix = s3
    driver, req = _draft(db)
    before = _names(client, prefix)
    token = _token(db, "driver", driver.email)
    _use(monkeypatch, {**s3server.environment(BUCKET, prefix), **_read_only_credentials()})
    monkeypatch.setattr(moto.settings, "INITIAL_NO_AUTH_ACTION_COUNT", 0)
    root, page = _state(RequestPageState, cookie=f"hubpro_sid={token}", params={"request_id": req.public_id})
    upload = rx.UploadFile(file=io.BytesIO(seed.png()), path=Path("photo.png"))
    asyncio.run(_drive(root, page, "upload_document", {"files": [upload], "kind": "photo"}))
    monkeypatch.setattr(moto.settings, "INITIAL_NO_AUTH_ACTION_COUNT", float("inf"))
    assert page.doc_errors == {"photo": storage.UNAVAILABLE_FR}
    assert page.uploading == ""
    _assert_no_document(db)
    assert _names(client, prefix) == before
