"""A private file and its StoredFile row, written together (caller commits; files listed for cleanup).

The object is written first, then the caller commits its row; when the commit fails the caller calls
``remove(written)``. A process that dies between the two leaves an object without a row, which
``sweep_orphans`` (the daily « sweep-files » job) deletes once it is older than a day.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from hubpro import storage
from hubpro.domain.dates import aware, now
from hubpro.models import StoredFile
from hubpro.storage.base import Backend

log = logging.getLogger("hubpro.storage")
ORPHAN_AGE = timedelta(days=1)
BATCH = 500
PURGED = "purged"  # documents.PURGED: a row kept for the access log, its bytes deleted


def add(
    db: Session,
    *,
    kind: str,
    data: bytes,
    filename: str,
    driver_id: int | None,
    written: list[str],
    content_type: str = "application/pdf",
) -> StoredFile:
    """Store bytes under a random key and add their row (flushed, so its id is known).

    Args:
        db: the caller's session; the caller commits, or rolls back and calls ``remove(written)``.
        kind: what the file is (training_summary, certificate, invoice, request_document …).
        data: the bytes.
        filename: name given on download.
        driver_id: owner, or None while the owner is unknown.
        written: receives the storage key, for cleanup if the transaction fails.
        content_type: MIME type set on download.

    Raises:
        storage.StorageUnavailable: when the store refuses the write (nothing of this file written).
    """
    key, digest = storage.store(data)
    written.append(key)
    row = StoredFile(kind=kind, driver_id=driver_id, storage_key=key, sha256=digest, size=len(data),
                     content_type=content_type, filename=filename)  # fmt: skip
    db.add(row)
    db.flush()
    return row


def remove(keys: Iterable[str]) -> None:
    """Delete stored files (after a rollback, or after the commit that dropped their rows).

    Never raises: it runs while another error is handled; what it cannot delete now, the sweep will.
    """
    for key in keys:
        try:
            storage.delete(key)
        except Exception as exc:
            log.warning("stored file %s not deleted (%s): left to the sweep", key, exc)


def sweep_orphans(db: Session, *, at: datetime | None = None, older_than: timedelta = ORPHAN_AGE) -> int:
    """Delete the objects older than ``older_than`` that no StoredFile row names; returns how many.

    A purged row (kept for its access log) does not keep its object: the retention delete is redone.
    """
    cutoff = aware(at or now()) - older_than
    store = storage.backend()
    batch: list[str] = []
    removed = 0

    def flush() -> int:
        known = set(db.exec(select(StoredFile.storage_key).where(col(StoredFile.storage_key).in_(batch),
                                                                  StoredFile.kind != PURGED)).all())  # fmt: skip
        orphans = [k for k in batch if k not in known]
        for key in orphans:
            store.delete(key)
        batch.clear()
        return len(orphans)

    for key in store.list_older_than(cutoff):
        batch.append(key)
        if len(batch) >= BATCH:
            removed += flush()
    if batch:
        removed += flush()
    if removed:
        log.info("storage sweep: %s object(s) without a row deleted from %s", removed, store.name)
    return removed


@dataclass
class MigrationReport:
    """What ``migrate`` did, by storage key."""

    copied: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # in the database, not in the source
    corrupted: list[str] = field(default_factory=list)  # in the source, but not matching the row's SHA-256
    failed: list[str] = field(default_factory=list)  # written, but not read back identical

    @property
    def ok(self) -> bool:
        """Whether every file of the database is now in the target with its SHA-256."""
        return not (self.missing or self.corrupted or self.failed)


def _matches(backend: Backend, key: str, sha256: str) -> bool:
    try:
        return hashlib.sha256(backend.get(key)).hexdigest() == sha256
    except FileNotFoundError:
        return False


def migrate(db: Session, *, source: Backend, target: Backend) -> MigrationReport:
    """Copy every file that has a row from ``source`` to ``target``, each checked against its SHA-256.

    Idempotent: a file already in the target with the right digest is left as it is. Nothing is deleted
    from the source.
    """
    report = MigrationReport()
    last = 0
    while rows := db.exec(select(StoredFile.id, StoredFile.storage_key, StoredFile.sha256)
                          .where(col(StoredFile.id) > last, StoredFile.kind != PURGED)
                          .order_by(col(StoredFile.id)).limit(BATCH)).all():  # fmt: skip
        last = rows[-1][0]
        for _, key, sha in rows:
            if _matches(target, key, sha):
                report.already.append(key)
                continue
            try:
                data = source.get(key)
            except FileNotFoundError:
                log.error("storage-migrate: %s is in the database but not in %s", key, source)
                report.missing.append(key)
                continue
            if hashlib.sha256(data).hexdigest() != sha:
                log.error("storage-migrate: %s does not match its SHA-256 in %s: not copied", key, source)
                report.corrupted.append(key)
                continue
            target.put(key, data)
            if _matches(target, key, sha):
                report.copied.append(key)
            else:
                log.error("storage-migrate: %s read back from %s does not match its SHA-256", key, target)
                report.failed.append(key)
    return report
