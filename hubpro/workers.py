"""How many backend workers ``reflex run --env prod`` starts, and the set-ups hubpro refuses to run."""

from __future__ import annotations

import os
from collections.abc import Mapping

MAX_BACKEND_WORKERS = 8  # reflex.utils.processes.MAX_BACKEND_WORKERS (0.10.1)
TRUE = ("1", "true", "yes", "on")


class WorkersError(SystemExit):
    """A worker set-up that cannot work; raised at start-up, before the frontend is built."""


def backend_workers(environ: Mapping[str, str]) -> int:
    """The number of backend processes Reflex 0.10.1 starts in production.

    It mirrors ``reflex.utils.exec.run_granian_backend_prod``: ``GRANIAN_WORKERS`` when set, else
    ``min(2 × CPU + 1, 8)`` with ``REFLEX_REDIS_URL``, else one.

    Args:
        environ: the environment of the ``reflex run`` command.
    """
    if granian := environ.get("GRANIAN_WORKERS", "").strip():
        return int(granian)
    if environ.get("REFLEX_REDIS_URL", "").strip():
        return min((os.cpu_count() or 1) * 2 + 1, MAX_BACKEND_WORKERS)
    return 1


def check_workers(database_url: str, environ: Mapping[str, str]) -> None:
    """Refuse several workers on SQLite, or without Redis.

    Args:
        database_url: the configured database.
        environ: the environment of the ``reflex run`` command.

    Raises:
        WorkersError: with what to change.
    """
    workers = backend_workers(environ)
    if workers <= 1:
        return
    why = "GRANIAN_WORKERS" if environ.get("GRANIAN_WORKERS", "").strip() else "REFLEX_REDIS_URL"
    if database_url.startswith("sqlite"):
        raise WorkersError(
            f"hubpro refuses to start {workers} workers ({why} is set) on SQLite: several processes writing "
            "one SQLite file lock each other out. Use PostgreSQL (HUBPRO_DATABASE_URL=postgresql+psycopg://…), "
            "or one worker (GRANIAN_WORKERS=1, or no REFLEX_REDIS_URL)."
        )
    if not environ.get("REFLEX_REDIS_URL", "").strip():
        raise WorkersError(
            f"hubpro refuses to start {workers} workers without REFLEX_REDIS_URL: each worker would keep its "
            "own copy of the users' state. Set REFLEX_REDIS_URL=redis://host:6379/0, or GRANIAN_WORKERS=1."
        )


def is_set(environ: Mapping[str, str], name: str) -> bool:
    """Whether a boolean environment variable is on (Reflex writes ``true``)."""
    return environ.get(name, "").strip().lower() in TRUE
