"""Log lines: one JSON object per line, UTC, request id, caller, outcome; passwords, tokens and cards masked."""

from __future__ import annotations

import asyncio
import io
import json
import logging

import pytest
from starlette.testclient import TestClient

from hubpro.api import api
from hubpro.observability import logs, metrics
from hubpro.services import auth
from tests.services.factories import STRONG_PASSWORD, active_driver


@pytest.fixture
def captured():
    """The root logger writing JSON into a buffer through hubpro's handler (removed afterwards)."""
    buffer = io.StringIO()
    handler = logs.handler("json")
    handler.setStream(buffer)
    handler.set_name("test-capture")
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    root.removeHandler(handler)
    root.setLevel(old_level)


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("login password=Secret-2026!x for a@b.fr", "Secret-2026!x"),
        ("{'email': 'a@b.fr', 'password': 'Secret-2026!x'}", "Secret-2026!x"),
        ('{"new_password": "Secret-2026!x"}', "Secret-2026!x"),
        ("GET /api/session?ticket=AbC123xyz&next=/espace", "AbC123xyz"),
        ("session_token=tok_123456789 refused", "tok_123456789"),
        ("Authorization: Bearer hpc_live_abcdef123456", "abcdef123456"),
        ("key hpc_0123456789abcdef given", "hpc_0123456789abcdef"),
        ("stripe sk_live_51Habcdef failed", "sk_live_51Habcdef"),
        ("card 4242 4242 4242 4242 declined", "4242 4242 4242 4242"),
        ("card 4000-0000-0000-0341 declined", "4000-0000-0000-0341"),
        ("Cookie: hubpro_sid=abcdefghijkl", "abcdefghijkl"),
    ],
)
def test_secrets_are_masked(text, secret):
    masked = logs.redact(text)
    assert secret not in masked and logs.MASK in masked


def test_ordinary_numbers_and_words_are_kept():
    text = "request DEM-2026-000123 of driver 42, licence 13AA00002, 1234567890123 bytes, password policy ok"
    assert logs.redact(text) == text


def test_a_json_line_per_event_with_utc_time_request_id_user_and_outcome(captured):
    token = logs.REQUEST_ID.set("req-12345678")
    logs.bind_actor("driver", 12)
    try:
        logging.getLogger("hubpro.test").info("two\nlines password=%s", "Secret-2026!x", extra={"outcome": "failed"})
    finally:
        logs.REQUEST_ID.reset(token)
        logs.ACTOR.set("")
    [line] = captured()
    assert line["time"].endswith("+00:00") and line["level"] == "info" and line["logger"] == "hubpro.test"
    assert line["request_id"] == "req-12345678" and line["user"] == "driver:12" and line["outcome"] == "failed"
    assert line["message"] == f"two\nlines password={logs.MASK}"


def test_tracebacks_and_extra_fields_are_masked_too(captured):
    try:
        raise ValueError("card 4242424242424242 refused")
    except ValueError:
        logging.getLogger("hubpro.test").exception("failed", extra={"detail": "token=abcdef123456"})
    [line] = captured()
    assert "4242424242424242" not in line["exception"] and "ValueError" in line["exception"]
    assert line["detail"] == f"token={logs.MASK}"


def test_a_failed_login_logs_its_outcome_and_never_the_password(db, captured):
    driver = active_driver(db, "journal@example.fr")
    auth.login(db, role="driver", email=driver.email, password="Mauvais-mot-2026!", ip="10.0.0.1")
    auth.login(db, role="driver", email=driver.email, password=STRONG_PASSWORD, ip="10.0.0.1")
    lines = [line for line in captured() if line["logger"] == "hubpro.auth"]
    assert [line["outcome"] for line in lines] == ["failed", "ok"]
    assert lines[1]["user"] == f"driver:{driver.id}"
    assert all(STRONG_PASSWORD not in json.dumps(line) and "Mauvais" not in json.dumps(line) for line in lines)


def test_http_requests_carry_a_request_id_and_an_access_line(captured):
    client = TestClient(api, client=("127.0.0.1", 4000))
    resp = client.get("/api/agenda/cle-secrete-0123456789.ics", headers={"X-Request-ID": "lb-abcdef12"})
    assert resp.headers["x-request-id"] == "lb-abcdef12"
    forged = client.get("/api/health", headers={"X-Request-ID": "bad id\nwith newline"})
    assert forged.headers["x-request-id"] != "bad id\nwith newline" and len(forged.headers["x-request-id"]) == 16
    access = [line for line in captured() if line["logger"] == "hubpro.access" and "status" in line]
    assert access[0]["request_id"] == "lb-abcdef12" and access[0]["status"] == resp.status_code
    assert "cle-secrete" not in json.dumps(access[0]) and "{key}" in access[0]["message"]


def test_an_event_gets_its_own_request_id_and_the_caller_named_by_the_session_decorator(captured):
    seen = {}

    async def handler_body(**_kw):
        seen["request_id"] = logs.REQUEST_ID.get()
        logs.bind_actor("agent", 3)
        logging.getLogger("hubpro.test").info("inside")

    def valider():
        pass

    valider.__qualname__ = "EssaiState.valider"

    class Handler:
        fn = staticmethod(valider)

    asyncio.run(metrics.timed(handler_body)(Handler(), {}, None, None))
    [line] = [line for line in captured() if line["logger"] == "hubpro.test"]
    assert line["request_id"] == seen["request_id"] and len(seen["request_id"]) == 16
    assert line["user"] == "agent:3"
    assert logs.REQUEST_ID.get() == "" and logs.ACTOR.get() == ""  # nothing leaks to the next event
