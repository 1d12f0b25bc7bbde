"""Training-centre API v1: deposit one training, read back one's own deposits."""

from __future__ import annotations

import json
import logging

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from hubpro import storage
from hubpro.api import throttling
from hubpro.db import session_scope
from hubpro.domain.trainings import FIELDS
from hubpro.models import Training
from hubpro.services import centres, ratelimit, trainings

log = logging.getLogger("hubpro.api")
MAX_BODY = 64 * 1024
STORAGE_UNAVAILABLE = "Le stockage des documents est momentanément indisponible : rien n'a été enregistré. Réessayez."
UNAUTHORIZED = {"error": "unauthorized", "message": "Clé d'API absente, invalide ou révoquée."}


def _bearer(request: Request) -> str:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" else ""


def _centre_id(raw_key: str) -> int | None:
    with session_scope() as db:
        centre = centres.centre_for_key(db, raw_key)
        return centre.id if centre else None


def training_json(t: Training) -> dict:
    """The API representation of a deposited training."""
    return {
        "id": t.public_id,
        "type": t.type,
        "sector": t.sector,
        "start_date": t.start_date.isoformat(),
        "end_date": t.end_date.isoformat(),
        "hours": t.hours,
        "session_reference": t.session_reference,
        "birth_name": t.birth_name,
        "first_names": t.first_names,
        "birth_date": t.birth_date.isoformat(),
        "licence_number": t.licence_number,
        "issued_on": t.issued_on.isoformat(),
        "matched_to_account": t.driver_id is not None,
    }


def _deposit(centre_id: int, payload: dict) -> tuple[int, dict]:
    with session_scope() as db:
        result = trainings.deposit(db, centre_id=centre_id, data=payload)
        if result.errors:
            return 422, {"error": "validation_failed", "errors": result.errors}
        return (201 if result.created else 200), training_json(result.training)


def _read(centre_id: int, public_id: str) -> dict | None:
    with session_scope() as db:
        t = trainings.for_centre(db, centre_id=centre_id, public_id=public_id)
        return training_json(t) if t else None


async def _authenticate(request: Request) -> int | Response:
    """The calling centre's id, or the answer: 429 over the limits (per address, then per centre), 401."""
    address = throttling.client_address(request)
    if (limited := await throttling.refusal(ratelimit.CENTRE_API, address=address)) is not None:
        return limited
    centre_id = await run_in_threadpool(_centre_id, _bearer(request))
    if centre_id is None:
        log.info("api: refused key from %s", address)
        return JSONResponse(UNAUTHORIZED, status_code=401, headers={"WWW-Authenticate": "Bearer"})
    if (limited := await throttling.refusal(ratelimit.CENTRE_API, account=f"centre:{centre_id}")) is not None:
        return limited
    return centre_id


async def post_training(request: Request) -> Response:
    """POST /api/v1/trainings: 201 created, 200 same record on retry, 422 field errors, 401 bad key, 429."""
    centre_id = await _authenticate(request)
    if isinstance(centre_id, Response):
        return centre_id
    body = await request.body()
    if len(body) > MAX_BODY:
        return JSONResponse({"error": "too_large", "message": "Corps de requête trop volumineux."}, status_code=413)
    try:
        payload = json.loads(body or b"null")
    except ValueError:
        payload = None
    if not isinstance(payload, dict):
        return JSONResponse({"error": "invalid_json", "message": "Un objet JSON est attendu."}, status_code=400)
    payload = {k: payload.get(k) for k in FIELDS}
    try:
        status, data = await run_in_threadpool(_deposit, centre_id, payload)
    except storage.StorageUnavailable as exc:  # nothing recorded: the centre retries (the deposit is idempotent)
        log.error("api: training of centre %s not recorded: %s", centre_id, exc)
        unavailable = {"error": "storage_unavailable", "message": STORAGE_UNAVAILABLE}
        return JSONResponse(unavailable, status_code=503, headers={"Retry-After": "60"})
    return JSONResponse(data, status_code=status)


async def get_training(request: Request) -> Response:
    """GET /api/v1/trainings/{id}: only the centre's own deposits (others: 404)."""
    centre_id = await _authenticate(request)
    if isinstance(centre_id, Response):
        return centre_id
    data = await run_in_threadpool(_read, centre_id, request.path_params["training_id"])
    if data is None:
        return JSONResponse({"error": "not_found", "message": "Formation introuvable."}, status_code=404)
    return JSONResponse(data)
