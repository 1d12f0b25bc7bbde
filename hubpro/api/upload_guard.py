"""A guard in front of Reflex's own /_upload endpoint: known tabs only, body size capped before and while reading.

Reflex parses (and spools) the whole multipart body before any handler runs, and accepts any client
token. This ASGI middleware answers first: 400 without a client token, 413 when Content-Length is
over the cap, 403 when the token names no connected tab; then it counts the bytes as they stream in
and answers 413 as soon as the count passes the cap, without reading further.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hubpro import routes
from hubpro.uploads import MAX_BYTES, TOO_BIG

log = logging.getLogger("hubpro.access")
UPLOAD_PATH = routes.REFLEX_UPLOAD
MAX_FILES_PER_UPLOAD = 1  # each upload box sends one file (pages/requests.py: max_files=1)
MULTIPART_MARGIN = 256 * 1024  # part headers, boundaries and Reflex's bound-arguments field
MAX_UPLOAD_BODY = MAX_BYTES * MAX_FILES_PER_UPLOAD + MULTIPART_MARGIN
MAX_TOKEN_LENGTH = 100


async def tab_is_connected(token: str) -> bool:
    """Whether a websocket of the running Reflex app (any worker, with Redis) holds this client token."""
    from hubpro.hubpro import app  # the running app; imported late (it imports this package)

    namespace = app.event_namespace
    if namespace is None:
        return False
    manager = getattr(namespace, "_token_manager", None)  # Reflex 0.10: the Redis-aware check lives there
    if manager is not None:
        return await manager.is_token_connected(token)
    return token in namespace.token_to_sid


class UploadGuard:
    """ASGI middleware guarding POST /_upload (every other request passes untouched).

    Args:
        app: The wrapped ASGI app.
        max_body: Largest accepted request body, in bytes.
        is_connected: Async check that a client token belongs to a connected tab.
    """

    def __init__(
        self,
        app: ASGIApp,
        max_body: int = MAX_UPLOAD_BODY,
        is_connected: Callable[[str], Awaitable[bool]] = tab_is_connected,
    ) -> None:
        self.app = app
        self.max_body = max_body
        self.is_connected = is_connected

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse early, or pass on with a byte-counting receive."""
        if scope["type"] != "http" or scope["method"] != "POST" or not scope["path"].startswith(UPLOAD_PATH):
            await self.app(scope, receive, send)
            return
        refusal = await self._refusal(Headers(scope=scope))
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        await self._counted(scope, receive, send)

    async def _refusal(self, headers: Headers) -> JSONResponse | None:
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            log.info("upload refused: declared %s bytes", length[:20])
            return _too_large()
        token = headers.get("reflex-client-token", "")
        if not token or len(token) > MAX_TOKEN_LENGTH:
            return JSONResponse({"error": "missing_client_token"}, status_code=400)
        if not await self.is_connected(token):
            log.info("upload refused: unknown client token")
            return JSONResponse({"error": "unknown_client"}, status_code=403)
        return None

    async def _counted(self, scope: Scope, receive: Receive, send: Send) -> None:
        received, exceeded, started = 0, False, False

        async def counting_receive() -> Message:
            nonlocal received, exceeded
            if exceeded:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    exceeded = True  # the app sees a disconnect and stops parsing; nothing more is read
                    log.info("upload refused: body passed %s bytes", self.max_body)
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if exceeded:
                return  # whatever the app answers to the disconnect is replaced by the 413 below
            started = started or message["type"] == "http.response.start"
            await send(message)

        await self.app(scope, counting_receive, guarded_send)
        if exceeded and not started:
            await _too_large()(scope, receive, send)


def _too_large() -> JSONResponse:
    return JSONResponse({"error": "too_large", "message": TOO_BIG}, status_code=413)
