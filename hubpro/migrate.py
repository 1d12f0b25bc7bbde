"""Schema migrations (Alembic) and the start-up check."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from hubpro.db import get_engine
from hubpro.settings import ROOT


class DatabaseNotMigrated(RuntimeError):
    """The database schema is behind the code."""


def alembic_config() -> Config:
    """Alembic configuration pointing at ``migrations/``."""
    cfg = Config()
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    return cfg


def upgrade() -> None:
    """Apply every pending migration."""
    command.upgrade(alembic_config(), "head")


def make_migration(message: str) -> None:
    """Autogenerate a migration from the models."""
    command.revision(alembic_config(), message=message, autogenerate=True)


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
