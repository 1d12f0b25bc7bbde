"""The worker count hubpro expects from Reflex, and the set-ups it refuses."""

from __future__ import annotations

import os

import pytest

from hubpro.workers import MAX_BACKEND_WORKERS, WorkersError, backend_workers, check_workers

SQLITE = "sqlite:///data/hubpro.db"
POSTGRES = "postgresql+psycopg://hubpro@db/hubpro"
REDIS = "redis://127.0.0.1:6379/0"


def test_reflex_and_hubpro_agree_on_the_worker_limit():
    from reflex.utils import processes

    assert processes.MAX_BACKEND_WORKERS == MAX_BACKEND_WORKERS


@pytest.mark.parametrize(
    ("environ", "workers"),
    [
        ({}, 1),
        ({"GRANIAN_WORKERS": "3"}, 3),
        ({"REFLEX_REDIS_URL": REDIS, "GRANIAN_WORKERS": "1"}, 1),
        ({"REFLEX_REDIS_URL": REDIS}, min((os.cpu_count() or 1) * 2 + 1, MAX_BACKEND_WORKERS)),
    ],
)
def test_backend_workers_follows_reflex(environ, workers):
    assert backend_workers(environ) == workers


@pytest.mark.parametrize(
    "environ",
    [{"REFLEX_REDIS_URL": REDIS}, {"REFLEX_REDIS_URL": REDIS, "GRANIAN_WORKERS": "3"}, {"GRANIAN_WORKERS": "2"}],
)
def test_several_workers_on_sqlite_are_refused(environ):
    with pytest.raises(WorkersError, match="SQLite: several processes"):
        check_workers(SQLITE, environ)


def test_several_workers_without_redis_are_refused():
    with pytest.raises(WorkersError, match="without REFLEX_REDIS_URL"):
        check_workers(POSTGRES, {"GRANIAN_WORKERS": "3"})


@pytest.mark.parametrize(
    ("url", "environ"),
    [
        (SQLITE, {}),
        (SQLITE, {"REFLEX_REDIS_URL": REDIS, "GRANIAN_WORKERS": "1"}),
        (POSTGRES, {"REFLEX_REDIS_URL": REDIS}),
        (POSTGRES, {"REFLEX_REDIS_URL": REDIS, "GRANIAN_WORKERS": "3"}),
    ],
)
def test_one_worker_or_postgresql_with_redis_is_accepted(url, environ):
    check_workers(url, environ)
