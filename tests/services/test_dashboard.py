"""« Accueil » view: every deadline, most urgent first, in a fixed number of queries."""

from __future__ import annotations

import contextlib
import secrets
from datetime import date, timedelta

from sqlalchemy import event

from hubpro.services.views.dashboard import agenda_event, dashboard
from tests.services import deadline_rows as rows
from tests.services.factories import active_driver

TODAY = date(2026, 5, 20)


def _driver(db):
    return active_driver(db, email=f"accueil-{secrets.token_hex(4)}@example.fr")


@contextlib.contextmanager
def _count_queries(engine):
    seen: list[str] = []

    def before(conn, cursor, statement, *args):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", before)


def test_a_driver_without_anything_has_no_card(db):
    assert dashboard(db, driver_id=_driver(db).id, today=TODAY).cards == ()


def test_certificate_without_request_says_the_days_left_and_offers_the_request(db):
    d = _driver(db)
    cert = rows.certificate(db, d, issued=date(2026, 3, 1), valid_until=date(2026, 7, 1))
    db.commit()
    cards = dashboard(db, driver_id=d.id, today=TODAY).cards
    by_id = {c.id: c for c in cards}
    c = by_id[f"certificat-{cert.public_id}"]
    assert c.lines[1] == "valable jusqu'au 01/07/2026 – encore 42 jours pour faire votre demande de carte"
    assert (c.action, c.action_href) == ("Faire ma demande", "/espace/demandes/carte-cqc")
    assert cards[0] is c  # before the (valid, far) qualification
    assert by_id["qualification-marchandises"].lines[0] == "valide jusqu'au 01/03/2031"


def test_a_requested_certificate_is_not_shown_but_its_request_is(db):
    d = _driver(db)
    cert = rows.certificate(db, d, issued=date(2026, 3, 1), valid_until=date(2026, 7, 1))
    req = rows.request(db, d, status="info_requested", cert=cert, since=date(2026, 5, 18))
    db.commit()
    cards = dashboard(db, driver_id=d.id, today=TODAY).cards
    assert [c.id for c in cards] == [f"demande-{req.public_id}", "qualification-marchandises"]
    r = cards[0]
    assert (r.label, r.action, r.tone) == ("En attente d'information complémentaire", "Répondre", "warning")
    assert r.lines[0] == "En attente d'information complémentaire depuis le 18/05/2026"
    assert r.lines[1].startswith("Prochaine étape : ")


def test_actions_of_drafts_and_payments(db):
    d = _driver(db)
    draft = rows.request(db, d, status="draft")
    pay = rows.request(db, d, status="awaiting_payment", kind="replacement")
    db.commit()
    actions = {c.id: c.action for c in dashboard(db, driver_id=d.id, today=TODAY).cards}
    assert actions == {f"demande-{draft.public_id}": "Reprendre", f"demande-{pay.public_id}": "Payer"}


def test_returned_card_first_then_expired_qualification_and_a_card_ending_soon(db):
    d = _driver(db)
    rows.training(db, d, end=date(2021, 5, 1), sector="voyageurs")  # ended 01/05/2026
    soon = rows.card(db, d, expires=TODAY + timedelta(days=60))
    back = rows.card(db, d, expires=date(2030, 1, 1), status="returned", returned_at=None)
    db.commit()
    cards = dashboard(db, driver_id=d.id, today=TODAY).cards
    assert [c.id for c in cards] == ["qualification-voyageurs", f"carte-{back.public_id}", f"carte-{soon.public_id}"]
    q, pnd, near = cards
    assert (q.label, q.tone, q.agenda_href) == ("Expirée", "error", "")
    assert q.lines[0] == "expirée depuis le 01/05/2026" and "a expiré" in q.lines[1]
    assert pnd.alert and pnd.action == "Pli non distribué" and pnd.label == "Pli non distribué"
    assert (near.tone, near.lines[1]) == ("warning", "encore 60 jours")
    assert near.agenda_href == f"/api/agenda/carte-{soon.public_id}.ics"


def test_dashboard_queries_do_not_grow_with_rows(db, schema):
    d = _driver(db)
    for i in range(6):
        rows.certificate(db, d, issued=date(2026, 3, 1) + timedelta(days=i), valid_until=date(2026, 7, 1))
        rows.request(db, d, status="awaiting_payment", kind="replacement")
        rows.card(db, d, expires=date(2029, 1, 1) + timedelta(days=i))
    db.commit()
    with _count_queries(schema) as seen:
        view = dashboard(db, driver_id=d.id, today=TODAY)
    assert len(view.cards) == 19  # 6 certificates, 6 requests, 6 cards, 1 qualification
    assert len(seen) <= 5, seen


def test_agenda_event_only_for_the_drivers_own_deadlines(db):
    d, other = _driver(db), _driver(db)
    cert = rows.certificate(db, d, issued=date(2026, 3, 1), valid_until=date(2026, 7, 1))
    db.commit()
    key = f"certificat-{cert.public_id}"
    ev = agenda_event(db, driver_id=d.id, key=key, today=TODAY)
    assert (ev.day, ev.summary) == (date(2026, 7, 1), "Dernier jour pour demander votre carte CQC")
    assert agenda_event(db, driver_id=other.id, key=key, today=TODAY) is None
    assert agenda_event(db, driver_id=d.id, key="../../etc", today=TODAY) is None
    q = agenda_event(db, driver_id=d.id, key="qualification-marchandises", today=TODAY)
    assert q.summary == "Fin de votre qualification Marchandises"
