"""Every list issues a fixed number of statements, whatever its length (no N+1), and agent queues page by 50."""

from __future__ import annotations

from hubpro.db import get_engine
from hubpro.services import documents, invoices
from hubpro.services.trainings import today
from hubpro.services.views.accounts import account_queue
from hubpro.services.views.cards import driver_cards
from hubpro.services.views.centres import centre_list
from hubpro.services.views.instruction import queue_rows
from hubpro.services.views.my_requests import my_requests
from tests.services import bulk
from tests.services.factories import make_agent
from tests.services.querycount import counting


def _count(fn, **kw) -> int:
    with counting(get_engine()) as seen:
        fn(**kw)
    return seen.count


def _same_for_2_and_6(db, build, fn, **kw) -> int:
    """Statements for a list of 2 rows, then of 6: must be equal."""
    for n in range(2):
        build(n)
    db.commit()
    two = _count(fn, **kw)
    for n in range(2, 6):
        build(n)
    db.commit()
    six = _count(fn, **kw)
    assert six == two, f"{two} statements for 2 rows, {six} for 6: one query per row"
    return six


def test_the_request_queue_reads_drivers_in_the_same_query(db):
    agent = make_agent(db)
    _same_for_2_and_6(db, lambda n: bulk.request(db, bulk.driver(db, n), n, status="sent"),
                      lambda: queue_rows(db, agent_id=agent, status=""))  # fmt: skip


def test_the_account_queue_has_no_per_row_query(db):
    agent = make_agent(db)
    count = _same_for_2_and_6(db, lambda n: bulk.driver(db, n, status="in_review"),
                              lambda: account_queue(db, agent_id=agent))  # fmt: skip
    assert count <= 3


def test_my_requests_reads_every_history_in_one_query(db):
    d = bulk.driver(db, 900)
    count = _same_for_2_and_6(db, lambda n: bulk.request(db, d, n, status="sent", events=3),
                              lambda: my_requests(db, driver_id=d.id))  # fmt: skip
    assert count <= 6


def test_my_cards_read_their_photos_in_the_same_query(db):
    d = bulk.driver(db, 900)
    count = _same_for_2_and_6(db, lambda n: bulk.card(db, d, n), lambda: driver_cards(db, driver_id=d.id))
    assert count <= 2


def test_my_trainings_read_the_trainings_once(db):
    d = bulk.driver(db, 900)
    _same_for_2_and_6(db, lambda n: bulk.training(db, d, n),
                      lambda: documents.trainings_page(db, driver_id=d.id, today=today()))  # fmt: skip
    with counting(get_engine()) as seen:
        documents.trainings_page(db, driver_id=d.id, today=today())
    assert sum("FROM training" in s for s in seen.sql) == 1, seen.sql


def test_my_certificates_and_invoices_have_no_per_row_query(db):
    d = bulk.driver(db, 900)
    assert _same_for_2_and_6(db, lambda n: bulk.training(db, d, n),
                             lambda: documents.driver_certificates(db, driver_id=d.id, today=today())) <= 2  # fmt: skip
    assert _same_for_2_and_6(db, lambda n: bulk.invoice(db, d, n),
                             lambda: invoices.for_driver(db, driver_id=d.id)) <= 2  # fmt: skip


def test_the_centre_list_has_no_per_row_query(db):
    from hubpro.services import centres

    agent = make_agent(db)

    def build(n):
        centres.create_centre(db, agent_id=None, name=f"Centre {n}", siret=f"{12345678901200 + n}",
                              agrement=f"2019-ARA-{n:04d}", region="Bretagne")  # fmt: skip

    _same_for_2_and_6(db, build, lambda: centre_list(db, agent_id=agent))


def test_the_queues_page_by_50_oldest_first_both_ways(db):
    from hubpro.services.views.accounts import account_queue_page
    from hubpro.services.views.instruction import queue_page

    agent = make_agent(db)
    refs = [bulk.request(db, bulk.driver(db, n), n, status="sent", events=0).reference for n in range(120)]
    for n in range(120, 125):
        bulk.driver(db, n, status="in_review")
    db.commit()
    first = queue_page(db, agent_id=agent, status="")
    assert [r.reference for r in first.rows] == refs[:50] and first.before == "" and first.after
    second = queue_page(db, agent_id=agent, status="", after=first.after)
    assert [r.reference for r in second.rows] == refs[50:100] and second.before and second.after
    third = queue_page(db, agent_id=agent, status="sent", after=second.after)
    assert [r.reference for r in third.rows] == refs[100:] and third.after == ""
    back = queue_page(db, agent_id=agent, status="", before=third.before)
    assert back == second
    assert queue_page(db, agent_id=agent, status="", before=second.before) == first
    for junk in ("inconnu", "x" * 500, "' OR 1=1 --"):  # an unknown cursor: the first page
        assert queue_page(db, agent_id=agent, status="", after=junk) == first
    accounts = account_queue_page(db, agent_id=agent)
    assert len(accounts["rows"]) == 5 and accounts["after"] == accounts["before"] == ""
