"""Database engine and sessions (one lazily created engine per process)."""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import functools
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from hubpro.settings import get_settings

P = ParamSpec("P")
R = TypeVar("R")

SQLITE_BUSY_TIMEOUT_MS = 10_000

_engine: Engine | None = None
_engine_pid: int | None = None
_engine_url: str | None = None


def _on_sqlite_connect(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def make_engine(url: str) -> Engine:
    """Create an engine with the project's connection settings.

    Args:
        url: SQLAlchemy database URL.
    """
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        eng = create_engine(url, connect_args={"check_same_thread": False, "timeout": 10})
        event.listen(eng, "connect", _on_sqlite_connect)
        return eng
    return create_engine(url, pool_pre_ping=True)


def get_engine() -> Engine:
    """The engine of this process (recreated after a fork or a URL change)."""
    global _engine, _engine_pid, _engine_url
    url = get_settings().database_url
    if _engine is None or _engine_pid != os.getpid() or _engine_url != url:
        _engine = make_engine(url)
        _engine_pid = os.getpid()
        _engine_url = url
    return _engine


def set_engine(engine: Engine | None) -> None:
    """Replace the process engine (tests)."""
    global _engine, _engine_pid, _engine_url
    _engine = engine
    _engine_pid = os.getpid() if engine is not None else None
    _engine_url = get_settings().database_url if engine is not None else None


@contextlib.contextmanager
def session_scope() -> Iterator[Session]:
    """A session that rolls back on error; callers commit explicitly."""
    with Session(get_engine(), expire_on_commit=False) as db:
        try:
            yield db
        except BaseException:
            db.rollback()
            raise


def call(fn: Callable[Concatenate[Session, P], R], /, *args: P.args, **kwargs: P.kwargs) -> R:
    """Run ``fn(db, **kwargs)`` in a fresh session (what state handlers send to a worker thread)."""
    with session_scope() as db:
        return fn(db, *args, **kwargs)


DB_THREADS = int(os.environ.get("HUBPRO_DB_THREADS", "8"))
_db_pool: ThreadPoolExecutor | None = None
_db_pool_pid: int | None = None


def db_pool() -> ThreadPoolExecutor:
    """The worker's threads for database I/O: password hashing and the framework's own work run elsewhere."""
    global _db_pool, _db_pool_pid
    if _db_pool is None or _db_pool_pid != os.getpid():
        _db_pool, _db_pool_pid = ThreadPoolExecutor(DB_THREADS, thread_name_prefix="hubpro-db"), os.getpid()
    return _db_pool


async def run(fn, /, *args, **kwargs):
    """``fn(*args, **kwargs)`` on the database threads (what state handlers await instead of blocking the loop)."""
    in_context = contextvars.copy_context().run  # log lines keep the request id and the caller
    return await asyncio.get_running_loop().run_in_executor(
        db_pool(), in_context, functools.partial(fn, *args, **kwargs)
    )


async def run_call(fn, /, **kwargs):
    """``call(fn, **kwargs)`` on the database threads: one hop, one session."""
    return await run(call, fn, **kwargs)
