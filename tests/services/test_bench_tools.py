"""The benchmarks' own machinery keeps working as the app changes (no timing is asserted here)."""

from __future__ import annotations

import asyncio
import os

import pytest

from bench import page_capture, wsclient
from hubpro.db import get_engine
from hubpro.services import auth
from tests.services.factories import STRONG_PASSWORD, active_driver, make_agent


def test_state_hashes_are_read_from_a_minified_production_bundle():
    bundle = "x=1;const y=`0123456789abcdef.fedcba9876543210`.split(`.`),b=`a1b2c3d4e5f6a7b8`;"
    bundle += "export{initialStateHashes:()=>y,stateSchema:()=>b};"
    assert wsclient.hashes_and_schema(["<html></html>", bundle]) == (
        ["0123456789abcdef", "fedcba9876543210"],
        "a1b2c3d4e5f6a7b8",
    )
    plain = 'export const initialStateHashes = ["00000000000000aa"]; export const stateSchema = "deadbeef";'
    assert wsclient.hashes_and_schema([plain]) == (["00000000000000aa"], "deadbeef")


def test_event_names_resolve_by_suffix_and_percentiles_are_nearest_rank():
    known = ["reflex___state____state.hubpro___state___login____login_state.login"]
    assert wsclient.resolve("login_state.login", known) == known[0]
    assert wsclient.resolve("hydrate", known) == wsclient.HYDRATE
    with pytest.raises(SystemExit):
        wsclient.resolve("nothing.here", known)
    figures = wsclient.percentiles([i / 1000 for i in range(1, 101)])
    assert (figures["p50"], figures["p95"], figures["p99"], figures["max"]) == (50, 95, 99, 100)


def test_every_driver_and_agent_page_is_found_with_its_handlers():
    pages = {p.route: p for p in page_capture.registered_pages()}
    for route in ("/espace", "/espace/formations", "/espace/cartes", "/espace/demandes", "/agent/comptes",
                  "/agent/demandes", "/agent/demandes/[request_id]"):  # fmt: skip
        assert route in pages and pages[route].handlers, route
    assert "/connexion" not in pages  # public pages are not measured
    assert len(page_capture.queue_filters()) >= 5


def test_a_page_load_runs_its_real_handlers_and_records_every_query(db):
    driver = active_driver(db)
    ticket = auth.login(db, role="driver", email=driver.email, password=STRONG_PASSWORD, ip="10.0.0.1").ticket
    cookie = f"hubpro_sid={auth.exchange_ticket(db, ticket)[1]}"
    log = page_capture.QueryLog(get_engine())
    page = next(p for p in page_capture.registered_pages() if p.route == "/espace/formations")
    log.recording = True
    assert asyncio.run(page_capture.load_page(page, cookie, {})) == ""
    log.recording = False
    queries = log.take()
    assert any("FROM training" in q.statement for q in queries)
    assert any("FROM authsession" in q.statement for q in queries)  # the session guard
    assert asyncio.run(page_capture.load_page(page, "", {})) == "/connexion"


def test_agent_queue_filters_load_for_an_agent(db):
    make_agent(db, "bench.agent@hubpro.test")
    ticket = auth.login(db, role="agent", email="bench.agent@hubpro.test", password=STRONG_PASSWORD, ip="10.0.0.1")
    cookie = f"hubpro_agent_sid={auth.exchange_ticket(db, ticket.ticket)[1]}"
    for page in page_capture.queue_filters():
        assert asyncio.run(page_capture.load_page(page, cookie, {})) == "", page.label


@pytest.mark.skipif(
    not os.environ.get("HUBPRO_TEST_DATABASE_URL", "").startswith("postgresql"), reason="the loader is PostgreSQL SQL"
)
def test_the_scale_loader_fills_a_freshly_migrated_postgresql_database():
    from sqlalchemy import text

    from bench import data_scale
    from hubpro import migrate
    from hubpro.db import make_engine

    server = os.environ["HUBPRO_TEST_DATABASE_URL"].rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    url = data_scale.create_database(server)
    engine = make_engine(url)
    try:
        migrate.upgrade(url=url)
        data_scale.load(engine, 2000)
        with engine.connect() as conn:
            counts = {
                "driver": conn.execute(text("SELECT count(*) FROM driver")).scalar(),
                "training": conn.execute(text("SELECT count(*) FROM training")).scalar(),
            }
            in_review = conn.execute(text("SELECT count(*) FROM driver WHERE status = 'in_review'")).scalar()
        assert counts == {"driver": 2000, "training": 10000}
        assert in_review == 4
    finally:
        engine.dispose()
        data_scale.drop_database(server, url)
