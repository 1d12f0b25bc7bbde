"""POST /api/stripe/webhook: verified Stripe events, applied once."""

from __future__ import annotations

import logging

import stripe
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from hubpro.api import throttling
from hubpro.db import session_scope
from hubpro.payments import gateway
from hubpro.services import payments, ratelimit

log = logging.getLogger("hubpro.payments")
MAX_BODY = 256 * 1024


def _apply(event: dict) -> str:
    with session_scope() as db:
        return payments.handle_event(db, event)


async def webhook(request: Request) -> Response:
    """Signature checked (5-minute tolerance) before anything; replays answer 200 and change nothing.

    The body is only a hint: the PaymentIntent is retrieved from Stripe before anything is applied. When
    Stripe cannot be reached the answer is 503 and nothing is recorded, so Stripe delivers the event again.
    """
    if (limited := await throttling.refusal(ratelimit.WEBHOOK, address=throttling.client_address(request))) is not None:
        return limited
    body = await request.body()
    if len(body) > MAX_BODY:
        return JSONResponse({"error": "too_large"}, status_code=413)
    try:
        event = gateway.verify_event(body, request.headers.get("stripe-signature", ""))
    except (ValueError, stripe.SignatureVerificationError):
        log.warning("stripe webhook refused: bad signature")
        return JSONResponse({"error": "invalid_signature"}, status_code=400)
    try:
        outcome = await run_in_threadpool(_apply, event)
    except gateway.Unavailable as exc:
        log.warning("stripe webhook postponed: Stripe unavailable (%s)", exc)
        return JSONResponse({"error": "stripe_unavailable"}, status_code=503)
    return JSONResponse({"received": True, "outcome": outcome})
