"""A private file and its StoredFile row, written together (caller commits; files listed for cleanup)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session

from hubpro import storage
from hubpro.models import StoredFile


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
    """
    key, digest = storage.store(data)
    written.append(key)
    row = StoredFile(kind=kind, driver_id=driver_id, storage_key=key, sha256=digest, size=len(data),
                     content_type=content_type, filename=filename)  # fmt: skip
    db.add(row)
    db.flush()
    return row


def remove(keys: Iterable[str]) -> None:
    """Delete stored files (after a rollback, or after the commit that dropped their rows)."""
    for key in keys:
        storage.delete(key)
