"""The embedded backend: one file per object under ``<data dir>/private`` (mode 0600, atomic writes)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from hubpro.storage.base import KEY, StorageUnavailable, check_key


class LocalBackend:
    """Private files on the local disk, never under Reflex's public upload folder."""

    name = "local"

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, key: str) -> Path:
        """Where an object lives on disk."""
        return self.root / check_key(key)

    def put(self, key: str, data: bytes) -> None:
        path = self.path(key)
        tmp = path.with_suffix(".part")
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            with open(tmp, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
            path.chmod(0o600)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise StorageUnavailable(f"local store: {type(exc).__name__}: {exc}") from exc

    def get(self, key: str) -> bytes:
        return self.path(key).read_bytes()

    def delete(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def list_older_than(self, cutoff: datetime) -> Iterator[str]:
        if not self.root.is_dir():
            return
        limit = cutoff.timestamp()
        for folder in sorted(self.root.iterdir()):
            if not folder.is_dir() or len(folder.name) != 2:
                continue
            for entry in sorted(folder.iterdir()):
                key = f"{folder.name}/{entry.name}"
                try:
                    old = entry.stat().st_mtime < limit
                except FileNotFoundError:
                    continue
                if not old:
                    continue
                if KEY.fullmatch(key):
                    yield key
                elif entry.suffix == ".part":  # a write that died before its rename: never a row
                    entry.unlink(missing_ok=True)

    def __repr__(self) -> str:
        return f"LocalBackend({self.root})"
