"""Write-once private files: random keys, atomic writes, checked reads."""

from __future__ import annotations

import hashlib
import os
import re
import secrets
from pathlib import Path

from hubpro.settings import get_settings

KEY = re.compile(r"[0-9a-f]{2}/[0-9a-f]{40}")


def _root() -> Path:
    return get_settings().data_dir / "private"


def _path(key: str) -> Path:
    if not KEY.fullmatch(key or ""):
        raise ValueError("invalid storage key")
    return _root() / key


def store(data: bytes) -> tuple[str, str]:
    """Write bytes under a new random key.

    Returns:
        (storage key, SHA-256 hex digest).
    """
    name = secrets.token_hex(20)
    key = f"{name[:2]}/{name}"
    path = _path(key)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_suffix(".part")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    path.chmod(0o600)
    return key, hashlib.sha256(data).hexdigest()


def read(key: str, sha256: str | None = None) -> bytes:
    """The bytes of a stored file, checked against their digest when given.

    Raises:
        FileNotFoundError: when the file is missing.
        ValueError: when the key is malformed or the content changed.
    """
    data = _path(key).read_bytes()
    if sha256 is not None and hashlib.sha256(data).hexdigest() != sha256:
        raise ValueError("stored file does not match its SHA-256")
    return data


def delete(key: str) -> None:
    """Remove a stored file (no error when already gone)."""
    _path(key).unlink(missing_ok=True)
