"""/favicon.ico answers an icon (a 404 there was an error in every page's console)."""

from __future__ import annotations

from starlette.testclient import TestClient

from hubpro.api import api


def test_favicon_is_an_icon():
    resp = TestClient(api).get("/favicon.ico")
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("image/")
    assert resp.content[:4] == b"\x00\x00\x01\x00"  # the ICO signature
