"""Migration 5b0447437169: stored kinds, motifs and payment purposes become English, and back on downgrade."""

from __future__ import annotations

import itertools
import sqlite3

import pytest
from alembic import command

from hubpro import migrate

pytestmark = pytest.mark.slow  # subprocesses / servers: left out of `make check`

BEFORE, AFTER = "4b1e0c7a9d21", "5b0447437169"
_SERIAL = itertools.count(1)
ROWS = [  # (kind, motif, payment purpose) as stored before, and after the migration
    (("cqc", "", "replacement_perte"), ("cqc", "", "replacement_loss")),
    (("replacement", "vol", "replacement_vol"), ("replacement", "theft", "replacement_theft")),
    (("replacement", "qualite", "replacement_qualite"), ("replacement", "quality", "replacement_quality")),
    (("replacement", "echange", "replacement_echange"), ("replacement", "exchange", "replacement_exchange")),
    (("pnd", "meme_adresse", "pnd_reshipping"), ("returned_mail", "same_address", "reshipping")),
    (("pnd", "nouvelle_adresse", "pnd_reshipping"), ("returned_mail", "new_address", "reshipping")),
]


def _insert(conn: sqlite3.Connection, table: str, values: dict) -> int:
    """A row with the given values and a placeholder in every other required column."""
    row = dict(values)
    for _, name, kind, notnull, default, pk in conn.execute(f"PRAGMA table_info({table})"):
        if notnull and default is None and not pk and name not in row:
            number = next(_SERIAL)
            row[name] = number if "INT" in kind.upper() or "BOOL" in kind.upper() else f"{name[:6]}{number}"
    cols = ", ".join(row)
    sql = f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * len(row))})"  # noqa: S608 (names from PRAGMA)
    cur = conn.execute(sql, list(row.values()))
    return cur.lastrowid


def _stored(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    return conn.execute(
        "SELECT r.kind, r.motif, p.purpose FROM cardrequest r JOIN payment p ON p.request_id = r.id ORDER BY r.id"
    ).fetchall()


def test_stored_values_are_renamed_both_ways(tmp_path):
    path = tmp_path / "values.db"
    url = f"sqlite:///{path}"
    migrate.upgrade(BEFORE, url=url)
    with sqlite3.connect(path) as conn:  # foreign keys off: the placeholders reference nothing
        for (kind, motif, purpose), _ in ROWS:
            request_id = _insert(conn, "cardrequest", {"kind": kind, "motif": motif})
            _insert(conn, "payment", {"request_id": request_id, "purpose": purpose})
    migrate.upgrade(AFTER, url=url)
    with sqlite3.connect(path) as conn:
        assert _stored(conn) == [after for _, after in ROWS]
        assert {t for (t,) in conn.execute("SELECT name FROM sqlite_master")} >= {"cardevent", "paymentevent"}
    migrate._run(command.downgrade, BEFORE, url=url)
    with sqlite3.connect(path) as conn:
        assert _stored(conn) == [before for before, _ in ROWS]
        assert not {t for (t,) in conn.execute("SELECT name FROM sqlite_master")} & {"cardevent", "paymentevent"}
