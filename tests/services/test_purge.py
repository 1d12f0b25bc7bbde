"""Purge of dead sessions and old sign-in attempts: what goes, what stays, safe to run twice or at once."""

from __future__ import annotations

import secrets
import threading
from datetime import timedelta

from sqlmodel import select

from hubpro import cli
from hubpro.domain.dates import now
from hubpro.models import AuthSession, LoginAttempt
from hubpro.services import purge


def _rows(db, at):
    for hours, name in ((14, "old"), (11, "live"), (0.1, "new")):
        db.add(
            AuthSession(
                role="driver",
                user_id=1,
                token_hash=secrets.token_hex(16),
                ip=name,
                created_at=at - timedelta(hours=hours),
                last_seen_at=at - timedelta(hours=hours),
            )
        )
    for hours in (30, 25, 23, 1):
        db.add(LoginAttempt(role="driver", email="x@example.fr", ip="10.0.0.1", at=at - timedelta(hours=hours)))
    db.commit()


def test_the_purge_deletes_only_dead_sessions_and_old_attempts(db):
    at = now()
    _rows(db, at)
    assert purge.purge_sessions(db, at=at, batch=1) == (1, 2)  # batches of one: the loop goes on
    assert sorted(s.ip for s in db.exec(select(AuthSession))) == ["live", "new"]
    assert len(db.exec(select(LoginAttempt)).all()) == 2
    assert purge.purge_sessions(db, at=at) == (0, 0)  # again: nothing left to do


def test_two_workers_purging_at_once_delete_each_row_once(db):
    from hubpro.db import session_scope

    at = now()
    for _ in range(5):
        _rows(db, at)
    results = []

    def run():
        with session_scope() as s:
            results.append(purge.purge_sessions(s, at=at, batch=2))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert tuple(map(sum, zip(*results, strict=True))) == (5, 10)
    assert len(db.exec(select(LoginAttempt)).all()) == 10


def test_the_periodic_task_purges_at_most_every_ten_minutes(db, monkeypatch):
    at = now()
    _rows(db, at)
    monkeypatch.setattr(purge, "_last_run", None)
    assert purge.purge_if_due(db) == (1, 2)
    _rows(db, now())
    assert purge.purge_if_due(db) is None  # not due yet in this process


def test_the_command_purges(db, capsys):
    _rows(db, now())
    assert cli.main(["purge-sessions"]) == 0
    assert "1 session(s) and 2 sign-in attempt(s) purged" in capsys.readouterr().out
