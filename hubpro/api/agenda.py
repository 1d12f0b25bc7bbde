"""GET /api/agenda/{key}.ics: one of the signed-in driver's deadlines as a calendar file."""

from __future__ import annotations

import logging
import re

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from hubpro.cookies import SESSION_COOKIES as COOKIES
from hubpro.db import session_scope
from hubpro.services import auth
from hubpro.services.agenda import ics_bytes
from hubpro.services.trainings import today
from hubpro.services.views.dashboard import agenda_event

log = logging.getLogger("hubpro.access")
KEY = re.compile(r"[a-z]{5,13}-[a-z0-9]{1,40}")


def _load(request: Request, key: str) -> bytes | None:
    token = request.cookies.get(COOKIES["driver"], "")
    if not token or not KEY.fullmatch(key):
        return None
    with session_scope() as db:
        uid = auth.resolve(db, role="driver", token=token)
        if uid is None:
            return None
        event = agenda_event(db, driver_id=uid, key=key, today=today())
    return ics_bytes(event) if event else None


async def download(request: Request) -> Response:
    """The .ics of a deadline of the signed-in driver only; 404 for anything else."""
    key = str(request.path_params.get("key", ""))
    data = await run_in_threadpool(_load, request, key)
    if data is None:
        log.info("agenda %s refused", key[:60])
        return PlainTextResponse("Échéance introuvable.", status_code=404)
    return Response(
        data,
        media_type="text/calendar; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="echeance-{key}.ics"',
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )
