"""« Ajouter à mon agenda »: the .ics of a deadline, for its own driver only, parsed back with icalendar."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from icalendar import Calendar
from starlette.testclient import TestClient

from hubpro.api import api
from hubpro.services import auth
from hubpro.services.trainings import today
from tests.services import deadline_rows as rows
from tests.services.factories import STRONG_PASSWORD, active_driver


def _client(db, driver) -> TestClient:
    result = auth.login(db, role="driver", email=driver.email, password=STRONG_PASSWORD, ip="10.0.0.9")
    client = TestClient(api, follow_redirects=False)
    client.cookies.set("hubpro_sid", auth.exchange_ticket(db, result.ticket)[1])
    return client


def _driver(db):
    return active_driver(db, email=f"agenda-{secrets.token_hex(4)}@example.fr")


def test_ics_of_a_certificate_deadline(db):
    d = _driver(db)
    end = today() + timedelta(days=40)
    cert = rows.certificate(db, d, issued=today() - timedelta(days=80), valid_until=end)
    db.commit()
    resp = _client(db, d).get(f"/api/agenda/certificat-{cert.public_id}.ics")
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/calendar")
    assert "attachment" in resp.headers["content-disposition"]
    cal = Calendar.from_ical(resp.content)
    (event,) = cal.walk("VEVENT")
    assert event.decoded("dtstart") == end
    assert event.decoded("dtend") == end + timedelta(days=1)
    assert str(event["summary"]) == "Dernier jour pour demander votre carte CQC"
    assert "http://hubpro.test/espace/demandes/carte-cqc" in str(event["description"])
    assert sorted(a.decoded("trigger") for a in event.walk("VALARM")) == [timedelta(days=-30), timedelta(days=-7)]


def test_ics_of_a_qualification_ending_on_29_february(db):
    d = _driver(db)
    rows.training(db, d, end=date(2023, 2, 28))  # ends 28/02/2028; FCO window from 28/02/2027
    db.commit()
    cal = Calendar.from_ical(_client(db, d).get("/api/agenda/qualification-marchandises.ics").content)
    (event,) = cal.walk("VEVENT")
    assert event.decoded("dtstart") == date(2028, 2, 28)
    assert str(event["summary"]) == "Fin de votre qualification Marchandises"


def test_another_driver_or_no_session_gets_404(db):
    owner, other = _driver(db), _driver(db)
    cert = rows.certificate(db, owner, issued=today(), valid_until=today() + timedelta(days=100))
    db.commit()
    path = f"/api/agenda/certificat-{cert.public_id}.ics"
    assert _client(db, other).get(path).status_code == 404
    assert TestClient(api).get(path).status_code == 404
    client = _client(db, owner)
    for bad in ("/api/agenda/qualification-voyageurs.ics", "/api/agenda/..%2F..%2Fetc.ics", "/api/agenda/x.ics"):
        assert client.get(bad).status_code == 404
