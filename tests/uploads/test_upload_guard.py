"""The /_upload guard: refusal on Content-Length, a byte cap while streaming, known tabs only."""

from __future__ import annotations

import asyncio
import json

from starlette.requests import Request
from starlette.responses import JSONResponse

from hubpro.api import api
from hubpro.api.upload_guard import MAX_UPLOAD_BODY, UploadGuard
from hubpro.uploads import MAX_BYTES, TOO_BIG

CAP = 1000
CHUNK = 100
TOKEN = "tab-token-1"


async def _known(token: str) -> bool:
    return token == TOKEN


class _Upload:
    """Stands for Reflex's upload endpoint: parses the multipart form like Reflex does."""

    def __init__(self) -> None:
        self.calls = 0
        self.parsed = 0

    async def __call__(self, scope, receive, send) -> None:
        self.calls += 1
        request = Request(scope, receive)
        try:
            form = await request.form()
        except Exception:  # Reflex answers an empty 200 to a client disconnect
            await JSONResponse({})(scope, receive, send)
            return
        self.parsed += 1
        size = 0
        for upload in form.getlist("files"):
            size += len(await upload.read())
        await JSONResponse({"size": size})(scope, receive, send)


def _multipart(size: int) -> tuple[bytes, str]:
    boundary = "hpboundary"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="a.jpg"\r\n'
        "Content-Type: image/jpeg\r\n\r\n"
    ).encode()
    return body + b"\xff" * size + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def _call(guard, body: bytes, *, token: str | None = TOKEN, length: str | None = "auto", path: str = "/_upload"):
    """Run one request through the guard; returns (status, json body, chunks read from the client)."""
    content_type = "multipart/form-data; boundary=hpboundary"
    headers = [(b"content-type", content_type.encode())]
    if token is not None:
        headers.append((b"reflex-client-token", token.encode()))
    if length is not None:
        headers.append((b"content-length", (str(len(body)) if length == "auto" else length).encode()))
    chunks = [body[i : i + CHUNK] for i in range(0, len(body), CHUNK)] or [b""]
    read = 0
    sent: list[dict] = []

    async def receive():
        nonlocal read
        if read < len(chunks):
            read += 1
            return {"type": "http.request", "body": chunks[read - 1], "more_body": read < len(chunks)}
        return {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": path, "headers": headers, "query_string": b""}
    asyncio.run(guard(scope, receive, send))
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    payload = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, json.loads(payload or b"null"), read


def _guard(inner: _Upload) -> UploadGuard:
    return UploadGuard(inner, max_body=CAP, is_connected=_known)


def test_a_small_upload_from_a_known_tab_reaches_the_endpoint():
    inner = _Upload()
    body, _ = _multipart(300)
    status, payload, _ = _call(_guard(inner), body)
    assert (status, payload, inner.parsed) == (200, {"size": 300}, 1)


def test_declared_length_over_the_cap_is_refused_before_reading():
    inner = _Upload()
    body, _ = _multipart(5000)
    status, payload, read = _call(_guard(inner), body)
    assert (status, payload["message"]) == (413, TOO_BIG)
    assert (inner.calls, read) == (0, 0)


def test_an_undeclared_body_is_cut_as_soon_as_it_passes_the_cap():
    inner = _Upload()
    body, _ = _multipart(50_000)
    status, payload, read = _call(_guard(inner), body, length=None)
    assert (status, payload["error"]) == (413, "too_large")
    assert inner.parsed == 0
    assert read * CHUNK <= CAP + CHUNK  # stopped reading past the limit, not after 50 kB


def test_a_body_longer_than_its_declared_length_is_cut_too():
    inner = _Upload()
    body, _ = _multipart(50_000)
    status, _, read = _call(_guard(inner), body, length="500")
    assert status == 413 and inner.parsed == 0
    assert read * CHUNK <= CAP + CHUNK


def test_a_malformed_length_is_refused():
    inner = _Upload()
    status, _, _ = _call(_guard(inner), b"x", length="-1")
    assert status == 413 and inner.calls == 0


def test_an_unknown_client_token_is_refused():
    inner = _Upload()
    body, _ = _multipart(10)
    status, payload, read = _call(_guard(inner), body, token="someone-else")
    assert (status, payload, inner.calls, read) == (403, {"error": "unknown_client"}, 0, 0)


def test_a_missing_client_token_is_refused():
    inner = _Upload()
    body, _ = _multipart(10)
    status, _, _ = _call(_guard(inner), body, token=None)
    assert status == 400 and inner.calls == 0


def test_other_routes_are_not_guarded():
    inner = _Upload()
    body, _ = _multipart(5000)
    status, payload, _ = _call(_guard(inner), body, token=None, path="/api/v1/trainings")
    assert (status, payload) == (200, {"size": 5000})


def test_the_app_mounts_the_guard_with_room_for_one_full_file():
    assert any(m.cls is UploadGuard for m in api.user_middleware)
    assert MAX_BYTES < MAX_UPLOAD_BODY <= MAX_BYTES + 512 * 1024
