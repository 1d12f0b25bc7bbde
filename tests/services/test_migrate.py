"""The app refuses an unmigrated database and names the command that fixes it."""

from __future__ import annotations

import pytest

from hubpro import db as hubpro_db
from hubpro import migrate
from hubpro.settings import get_settings


def test_check_passes_on_the_migrated_test_database():
    migrate.check()
    current, head = migrate.current_and_head()
    assert current == head is not None


def test_check_refuses_an_empty_database(tmp_path, monkeypatch):
    empty = hubpro_db.make_engine(f"sqlite:///{tmp_path}/empty.db")
    monkeypatch.setattr(hubpro_db, "get_engine", lambda: empty)
    monkeypatch.setattr(migrate, "get_engine", lambda: empty)
    with pytest.raises(migrate.DatabaseNotMigrated, match="make migrate"):
        migrate.check()
    assert get_settings().database_url != f"sqlite:///{tmp_path}/empty.db"
