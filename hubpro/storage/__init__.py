"""Private file store: random names under the data directory, never under Reflex's public upload folder."""

from hubpro.storage.files import delete, read, store

__all__ = ["delete", "read", "store"]
