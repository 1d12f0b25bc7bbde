"""PDF and document downloads: only the owner driver or an agent, by the HttpOnly session cookie.

Whatever the backend (local folder or S3), the bytes come through here after the ownership check and
their SHA-256 check; no URL of the store is ever given to a browser.
"""

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


CORRUPTED = (
    "Ce document ne peut pas être affiché : son contenu ne correspond plus à l'original. "
    "L'équipe technique est prévenue."
)
UNAVAILABLE = "Les documents sont momentanément indisponibles. Réessayez dans quelques minutes."


def _load(request: Request, file_id: str) -> tuple[bytes, str, str] | None:
    """The bytes (checked against their SHA-256), type and name of a file the caller may see, else None.

    Raises:
        storage.Corrupted, storage.StorageUnavailable, FileNotFoundError: from the store.
    """
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
    try:
        found = await run_in_threadpool(_load, request, file_id)
    except storage.Corrupted:  # logged by the store; never served
        return PlainTextResponse(CORRUPTED, status_code=500, headers={"Cache-Control": "no-store"})
    except storage.StorageUnavailable as exc:
        log.error("file %s not served: %s", file_id[:40], exc)
        headers = {"Cache-Control": "no-store", "Retry-After": "60"}
        return PlainTextResponse(UNAVAILABLE, status_code=503, headers=headers)
    except FileNotFoundError:
        log.error("file %s has a row but no content in the store", file_id[:40])
        found = None
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
