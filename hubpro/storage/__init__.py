"""Private file store: random keys, local folder or S3-compatible object storage, never a public URL."""

from hubpro.storage.base import UNAVAILABLE_FR, Backend, Corrupted, StorageUnavailable
from hubpro.storage.files import backend, delete, exists, make_backend, read, store

__all__ = ["UNAVAILABLE_FR", "Backend", "Corrupted", "StorageUnavailable", "backend", "delete", "exists",
           "make_backend", "read", "store"]  # fmt: skip
