"""PDF and document downloads: only the owner driver or an agent, by the HttpOnly session cookie."""

from __future__ import annotations

import logging
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from hubpro import storage
from hubpro.cookies import SESSION_COOKIES as COOKIES
from hubpro.db import session_scope
from hubpro.services import auth, documents

log = logging.getLogger("hubpro.access")


def _load(request: Request, file_id: str) -> tuple[bytes, str, str] | None:
    with session_scope() as db:
        for role in ("driver", "agent"):
            token = request.cookies.get(COOKIES[role], "")
            uid = auth.resolve(db, role=role, token=token) if token else None
            if uid is None:
                continue
            row = documents.file_for(db, role=role, user_id=uid, file_public_id=file_id)
            if row is not None:
                return storage.read(row.storage_key, row.sha256), row.content_type, row.filename
        return None


async def download(request: Request) -> Response:
    """GET /api/fichiers/{id}[?telecharger=1]: inline in a new tab, or as a download."""
    file_id = request.path_params["file_id"]
    found = await run_in_threadpool(_load, request, file_id)
    if found is None:
        log.info("file %s refused", file_id[:40])
        return PlainTextResponse("Document introuvable.", status_code=404)
    data, content_type, filename = found
    disposition = "attachment" if request.query_params.get("telecharger") else "inline"
    return Response(
        data,
        media_type=content_type,
        headers={
            "Content-Disposition": f"{disposition}; filename=\"{filename}\"; filename*=UTF-8''{quote(filename)}",
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )
