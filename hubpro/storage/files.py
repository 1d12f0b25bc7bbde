"""Write-once private files: random keys, whole writes, reads checked against their SHA-256.

The backend follows the settings: the local folder ``<data dir>/private`` by default, S3-compatible
object storage when ``HUBPRO_STORAGE_URL=s3://bucket/prefix``.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import threading

from hubpro.settings import Settings, get_settings
from hubpro.storage.base import Backend, Corrupted
from hubpro.storage.local import LocalBackend

log = logging.getLogger("hubpro.storage")
_lock = threading.Lock()
_current: dict[tuple, Backend] = {}


def make_backend(settings: Settings) -> Backend:
    """The backend the settings name (a new client each call)."""
    if settings.storage_url:
        from hubpro.storage.s3 import S3Backend

        bucket, prefix = settings.storage_bucket_prefix
        return S3Backend(bucket, prefix, endpoint_url=settings.storage_endpoint_url, region=settings.storage_region,
                         access_key=settings.storage_access_key, secret_key=settings.storage_secret_key)  # fmt: skip
    return LocalBackend(settings.data_dir / "private")


def backend() -> Backend:
    """The process's backend, made once per settings (tests change them between runs)."""
    s = get_settings()
    ident = (s.storage_url, s.storage_endpoint_url, s.storage_region, s.storage_access_key, s.storage_secret_key,
             str(s.data_dir))  # fmt: skip
    with _lock:
        found = _current.get(ident)
        if found is None:
            _current.clear()
            found = _current[ident] = make_backend(s)
        return found


def new_key() -> str:
    """A fresh random key: 160 random bits, spread over 256 folders."""
    name = secrets.token_hex(20)
    return f"{name[:2]}/{name}"


def store(data: bytes) -> tuple[str, str]:
    """Write bytes under a new random key.

    Returns:
        (storage key, SHA-256 hex digest).

    Raises:
        StorageUnavailable: when the store cannot be reached or refuses the write (nothing written).
    """
    key = new_key()
    backend().put(key, data)
    return key, hashlib.sha256(data).hexdigest()


def verified(key: str, data: bytes, sha256: str | None) -> bytes:
    """``data`` when it matches ``sha256`` (or none is given).

    Raises:
        Corrupted: on a mismatch (logged as an error: the file must not be served).
    """
    if sha256 is not None and hashlib.sha256(data).hexdigest() != sha256:
        log.error("stored file %s does not match its SHA-256: not served", key)
        raise Corrupted("stored file does not match its SHA-256")
    return data


def read(key: str, sha256: str | None = None) -> bytes:
    """The bytes of a stored file, checked against their digest when given.

    Raises:
        FileNotFoundError: when the file is missing.
        Corrupted (a ValueError): when the content changed.
        ValueError: when the key is malformed.
        StorageUnavailable: when the store cannot be reached.
    """
    return verified(key, backend().get(key), sha256)


def exists(key: str) -> bool:
    """Whether a stored file is there."""
    return backend().exists(key)


def delete(key: str) -> None:
    """Remove a stored file (no error when already gone)."""
    backend().delete(key)
