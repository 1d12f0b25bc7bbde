"""Migrations are atomic: a migration process killed at a random moment leaves a schema that is exactly
one of the revisions, and ``migrate`` run again finishes it (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

import os
import queue
import random
import secrets
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from hubpro import migrate
from hubpro.settings import get_settings

pytestmark = pytest.mark.slow  # subprocesses / servers: left out of `make check`

ROOT = Path(__file__).resolve().parents[2]
TRIALS = 5
MAX_TRIALS = 15


def _schema(url: str) -> tuple[str | None, dict[str, list[str]]]:
    """(recorded revision, {table: columns}) of a database, the version table aside."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            names = inspect(conn).get_table_names()
            version = None
            if "alembic_version" in names:
                version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            tables = {t: sorted(c["name"] for c in inspect(conn).get_columns(t)) for t in names}
    finally:
        engine.dispose()
    tables.pop("alembic_version", None)
    return version, tables


class _Target:
    """Fresh databases of one kind (dropped at the end)."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.made: list[str] = []

    def fresh(self) -> str:
        raise NotImplementedError

    def drop_all(self) -> None:
        pass


class _Sqlite(_Target):
    def fresh(self) -> str:
        return f"sqlite:///{self.tmp / f'kill-{secrets.token_hex(4)}.db'}"


class _Postgres(_Target):
    def __init__(self, tmp: Path, url: str) -> None:
        super().__init__(tmp)
        self.admin = create_engine(url, isolation_level="AUTOCOMMIT")
        self.base = make_url(url)

    def fresh(self) -> str:
        name = f"hubpro_kill_{os.getpid()}_{secrets.token_hex(3)}"
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        self.made.append(name)
        return self.base.set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        with self.admin.connect() as conn:
            for name in self.made:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.admin.dispose()


@pytest.fixture
def target(tmp_path) -> Iterator[_Target]:
    """Fresh databases on the test run's kind of database."""
    url = get_settings().database_url
    made = _Postgres(tmp_path, url) if url.startswith("postgresql") else _Sqlite(tmp_path)
    yield made
    made.drop_all()


def _env(url: str, tmp: Path) -> dict[str, str]:
    return {**os.environ, "HUBPRO_DATABASE_URL": url, "HUBPRO_DATA_DIR": str(tmp)}


class _Migration:
    """``python -m hubpro.cli migrate`` in a subprocess, its log lines read as they come."""

    def __init__(self, url: str, tmp: Path) -> None:
        cmd = [sys.executable, "-m", "hubpro.cli", "migrate"]
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=_env(url, tmp), stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, text=True)  # fmt: skip
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.log: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stderr:
            self.lines.put(line)
        self.lines.put(None)

    def wait_first_migration(self) -> float:
        """Wait until Alembic starts the first migration; returns when (monotonic time)."""
        while (line := self.lines.get(timeout=120)) is not None:
            self.log.append(line)
            if line.startswith("Running upgrade"):
                return time.monotonic()
        raise AssertionError("migrate ran no migration: " + "".join(self.log))

    def wait_migrated(self) -> float:
        """Wait until the process says the database is at head; returns when (monotonic time)."""
        while (line := self.lines.get(timeout=120)) is not None:
            self.log.append(line)
            if line.startswith("database is at"):
                return time.monotonic()
        raise AssertionError("migrate did not finish: " + "".join(self.log))

    def finish(self) -> int:
        """Wait for the exit; returns the exit code (the log is kept for messages)."""
        code = self.proc.wait(120)
        while (line := self.lines.get(timeout=10)) is not None:
            self.log.append(line)
        return code


def _schemas_by_revision(target: _Target) -> dict[str | None, dict[str, list[str]]]:
    """The schema after each revision, migrating a reference database one revision at a time."""
    url = target.fresh()
    schemas = {None: {}}
    for revision in migrate.revisions():
        migrate.upgrade(revision, url=url)
        version, tables = _schema(url)
        assert version == revision
        schemas[revision] = tables
    return schemas


def test_a_migration_killed_at_a_random_moment_leaves_one_revision_and_migrate_finishes_it(target, tmp_path):
    schemas = _schemas_by_revision(target)
    head = migrate.revisions()[-1]

    # How long the migrations run, on this machine now: the window to kill in.
    run = _Migration(target.fresh(), tmp_path)
    start = run.wait_first_migration()
    window = run.wait_migrated() - start
    assert run.finish() == 0, "".join(run.log)

    interrupted = trials = 0
    while trials < TRIALS or (not interrupted and trials < MAX_TRIALS):  # timing varies: go on until one lands
        trials += 1
        url = target.fresh()
        run = _Migration(url, tmp_path)
        run.wait_first_migration()
        time.sleep(random.uniform(0, window))
        run.proc.send_signal(signal.SIGKILL)
        run.finish()
        version, tables = _schema(url)
        assert tables == schemas[version], f"killed at {version}: the schema is not that revision's"
        interrupted += version != head

        again = _Migration(url, tmp_path)
        assert again.finish() == 0, "".join(again.log)
        assert _schema(url) == (head, schemas[head])
    assert interrupted, f"none of the {trials} kills landed before the last migration"
