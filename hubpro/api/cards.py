"""GET /api/cartes/{id}.pdf: the printable PDF of one of the signed-in driver's cards (with its QR code)."""

from __future__ import annotations

import logging
import re

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from hubpro.cookies import SESSION_COOKIES as COOKIES
from hubpro.db import session_scope
from hubpro.services import auth, card_pdfs

log = logging.getLogger("hubpro.access")
CARD_ID = re.compile(r"[0-9a-f]{32}")


def _load(request: Request, card_id: str) -> tuple[bytes, str] | None:
    token = request.cookies.get(COOKIES["driver"], "")
    if not token or not CARD_ID.fullmatch(card_id):
        return None
    with session_scope() as db:
        uid = auth.resolve(db, role="driver", token=token)
        if uid is None:
            return None
        return card_pdfs.card_pdf(db, driver_id=uid, card_public_id=card_id)


async def download(request: Request) -> Response:
    """The card PDF for its owner only (driver session cookie); 404 for anyone else."""
    card_id = str(request.path_params.get("card_id", ""))
    found = await run_in_threadpool(_load, request, card_id)
    if found is None:
        log.info("card pdf %s refused", card_id[:40])
        return PlainTextResponse("Carte introuvable.", status_code=404)
    data, number = found
    disposition = "attachment" if request.query_params.get("telecharger") else "inline"
    return Response(
        data,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'{disposition}; filename="carte-{number}.pdf"',
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )
