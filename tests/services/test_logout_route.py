"""« Déconnexion » is a POST from our own pages: a link or a foreign site cannot sign anyone out."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from hubpro.api import api
from hubpro.services import auth
from tests.services.factories import STRONG_PASSWORD, active_driver

OWN_ORIGIN = "http://localhost:3000"  # development: the frontend's localhost origin


@pytest.fixture
def signed_in(db) -> tuple[TestClient, str]:
    driver = active_driver(db, "sortie@example.fr")
    result = auth.login(db, role="driver", email=driver.email, password=STRONG_PASSWORD, ip="10.0.0.1")
    token = auth.exchange_ticket(db, result.ticket)[1]
    client = TestClient(api, follow_redirects=False)
    client.cookies.set("hubpro_sid", token)
    return client, token


def _alive(db, token: str) -> bool:
    return auth.resolve(db, role="driver", token=token) is not None


def test_get_is_refused_and_signs_nobody_out(db, signed_in):
    client, token = signed_in
    for method in ("GET", "HEAD"):
        resp = client.request(method, "/api/deconnexion?role=driver&next=/", headers={"Origin": OWN_ORIGIN})
        assert resp.status_code == 405 and resp.headers["allow"] == "POST"
    assert _alive(db, token)


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Referer": "https://evil.example/page"},
        {},
    ],
)
def test_a_post_from_elsewhere_is_refused(db, signed_in, headers):
    client, token = signed_in
    resp = client.post("/api/deconnexion", data={"role": "driver", "next": "/"}, headers=headers)
    assert resp.status_code == 403
    assert _alive(db, token)
    assert "hubpro_sid" not in resp.headers.get("set-cookie", "")


def test_a_post_from_our_page_revokes_the_session_and_clears_the_cookie(db, signed_in):
    client, token = signed_in
    resp = client.post(
        "/api/deconnexion", data={"role": "driver", "next": "https://evil.example/"}, headers={"Origin": OWN_ORIGIN}
    )
    assert resp.status_code == 303 and resp.headers["location"] == "/"  # a foreign next is ignored
    assert 'hubpro_sid=""' in resp.headers["set-cookie"] and "Max-Age=0" in resp.headers["set-cookie"]
    assert not _alive(db, token)


def test_the_referer_is_enough_when_the_origin_is_missing(db, signed_in):
    client, token = signed_in
    resp = client.post("/api/deconnexion", data={"role": "driver"}, headers={"Referer": OWN_ORIGIN + "/espace"})
    assert resp.status_code == 303
    assert not _alive(db, token)
