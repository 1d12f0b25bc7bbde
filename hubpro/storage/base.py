"""What every storage backend offers, and the errors callers catch (whatever the backend)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import Protocol

KEY = re.compile(r"[0-9a-f]{2}/[0-9a-f]{40}")

UNAVAILABLE_FR = (
    "Le document n'a pas pu être enregistré : le stockage des fichiers est momentanément indisponible. "
    "Rien n'a été enregistré ; réessayez dans quelques minutes."
)


class StorageUnavailable(OSError):
    """The store cannot be reached or refuses the operation (a retry later can succeed)."""


class Corrupted(ValueError):
    """The stored bytes no longer match their SHA-256: never served."""


def check_key(key: str) -> str:
    """The key itself, when it is one the store writes (two hex characters, a slash, 40 hex characters).

    Raises:
        ValueError: otherwise (no path tricks reach a backend).
    """
    if not KEY.fullmatch(key or ""):
        raise ValueError("invalid storage key")
    return key


class Backend(Protocol):
    """A flat store of write-once private objects, addressed by a random key (see ``KEY``)."""

    name: str

    def put(self, key: str, data: bytes) -> None:
        """Write the object whole or not at all. Raises StorageUnavailable."""
        ...

    def get(self, key: str) -> bytes:
        """The object's bytes. Raises FileNotFoundError when missing, StorageUnavailable."""
        ...

    def delete(self, key: str) -> None:
        """Remove the object (no error when already gone). Raises StorageUnavailable."""
        ...

    def exists(self, key: str) -> bool:
        """Whether the object is there. Raises StorageUnavailable."""
        ...

    def list_older_than(self, cutoff: datetime) -> Iterator[str]:
        """Keys of the objects last written before ``cutoff`` (aware UTC). Raises StorageUnavailable."""
        ...
