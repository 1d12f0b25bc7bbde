"""Talk to Stripe (or localstripe): create and read PaymentIntents, verify webhook events."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import stripe

from hubpro.settings import get_settings

TOLERANCE_SECONDS = 300
WEBHOOK_NAME = "hubpro"


@dataclass(frozen=True)
class Intent:
    """What hubpro needs of a PaymentIntent."""

    id: str
    status: str
    client_secret: str
    amount: int
    currency: str
    payment_id: str
    error_code: str


def _client() -> stripe.StripeClient:
    s = get_settings()
    return stripe.StripeClient(s.stripe_secret_key, base_addresses={"api": s.stripe_api_base}, max_network_retries=2)


def _intent(pi) -> Intent:
    data = pi.to_dict() if hasattr(pi, "to_dict") else dict(pi)
    error = data.get("last_payment_error") or {}
    code = (error.get("decline_code") or error.get("code") or "") if isinstance(error, dict) else ""
    return Intent(
        id=data["id"],
        status=data["status"],
        client_secret=data.get("client_secret") or "",
        amount=int(data["amount"]),
        currency=data["currency"],
        payment_id=str((data.get("metadata") or {}).get("payment_id", "")),
        error_code=str(code),
    )


class Declined(Exception):
    """The card was declined; ``code`` is Stripe's decline or error code."""

    def __init__(self, code: str, intent_id: str = ""):
        super().__init__(code)
        self.code = code
        self.intent_id = intent_id


def pay(*, payment_public_id: str, amount_cents: int, payment_method: str, description: str) -> Intent:
    """Create and confirm a card PaymentIntent in EUR with a PaymentMethod made by Stripe.js in the browser.

    The idempotency key derives from our payment id and the PaymentMethod: a double submission of the
    same card reuses the same PaymentIntent; a retry with another card makes a new one.

    Raises:
        Declined: the bank or Stripe refused the card.
    """
    try:
        pi = _client().v1.payment_intents.create(
            params={
                "amount": amount_cents,
                "currency": "eur",
                "payment_method_types": ["card"],
                "payment_method": payment_method,
                "confirm": True,
                "metadata": {"payment_id": payment_public_id, "designation": description[:200]},
            },
            options={"idempotency_key": f"hubpro-payment-{payment_public_id}-{payment_method}"},
        )
    except stripe.CardError as exc:
        err = exc.error
        code = (getattr(err, "decline_code", None) or getattr(err, "code", None) or "card_declined") if err else ""
        intent = getattr(err, "payment_intent", None) if err else None
        raise Declined(str(code), str(getattr(intent, "id", "") or "")) from exc
    return _intent(pi)


def retrieve(intent_id: str) -> Intent:
    """The PaymentIntent as Stripe sees it now (the only truth besides a verified webhook)."""
    return _intent(_client().v1.payment_intents.retrieve(intent_id))


def verify_event(payload: bytes, signature: str) -> dict:
    """A webhook event whose Stripe-Signature is valid and at most 5 minutes old.

    Raises:
        ValueError: bad payload; stripe.SignatureVerificationError: bad or stale signature.
    """
    event = stripe.Webhook.construct_event(
        payload, signature, get_settings().stripe_webhook_secret, tolerance=TOLERANCE_SECONDS
    )
    return event.to_dict() if hasattr(event, "to_dict") else dict(event)


def register_sandbox_webhook(url: str) -> None:
    """Point localstripe's webhook at this app (sandbox only; no-op against real Stripe)."""
    s = get_settings()
    if not s.payment_sandbox:
        return
    httpx.post(
        f"{s.stripe_api_base}/_config/webhooks/{WEBHOOK_NAME}",
        data={"url": url, "secret": s.stripe_webhook_secret},
        timeout=5,
    ).raise_for_status()
