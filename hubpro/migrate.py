"""Schema migrations (Alembic), atomic on SQLite too, and the start-up check."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event
from sqlalchemy.engine import Engine

from hubpro.db import get_engine, make_engine
from hubpro.settings import ROOT, get_settings


class DatabaseNotMigrated(RuntimeError):
    """The database schema is behind the code."""


def alembic_config() -> Config:
    """Alembic configuration pointing at ``migrations/``."""
    cfg = Config()
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    return cfg


def _sqlite_manual_transactions(dbapi_conn, _record) -> None:
    dbapi_conn.isolation_level = None  # pysqlite no longer runs DDL outside the transaction


def _sqlite_begin(conn) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")  # the write lock now: two migrators queue instead of interleaving


def migration_engine(url: str | None = None) -> Engine:
    """An engine whose transactions hold DDL too, on SQLite as on PostgreSQL.

    pysqlite only opens a transaction before INSERT, UPDATE or DELETE, so each CREATE TABLE was
    committed on its own and a killed migration left tables without their version. Here SQLAlchemy
    emits BEGIN itself (its documented recipe), so each migration commits whole or not at all.

    Args:
        url: database URL; the configured database by default.
    """
    engine = make_engine(url or get_settings().database_url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_manual_transactions)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _run(fn, *args, url: str | None = None, **kwargs) -> None:
    """Run an Alembic command on one connection of a migration engine (see ``migrations/env.py``)."""
    engine = migration_engine(url)
    try:
        with engine.connect() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            fn(cfg, *args, **kwargs)
    finally:
        engine.dispose()


def upgrade(revision: str = "head", url: str | None = None) -> None:
    """Apply every pending migration up to ``revision``, one transaction per migration.

    Args:
        revision: the target revision.
        url: database URL; the configured database by default.
    """
    _run(command.upgrade, revision, url=url)


def make_migration(message: str) -> None:
    """Autogenerate a migration from the models."""
    _run(command.revision, message=message, autogenerate=True)


def revisions() -> list[str]:
    """Every revision id, oldest first."""
    return [s.revision for s in reversed(list(ScriptDirectory.from_config(alembic_config()).walk_revisions()))]


def current_and_head() -> tuple[str | None, str | None]:
    """(database revision, code head revision)."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    with get_engine().connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    return current, head


def check() -> None:
    """Refuse to start on an unmigrated database.

    Raises:
        DatabaseNotMigrated: with the command that fixes it.
    """
    current, head = current_and_head()
    if current != head:
        raise DatabaseNotMigrated(
            f"Database schema is at {current or 'nothing'} but the code needs {head}: "
            "run `make migrate` (or `python -m hubpro.cli migrate`) before starting hubpro."
        )
