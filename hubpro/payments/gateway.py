"""Talk to Stripe (or localstripe): create, confirm, read and cancel PaymentIntents, verify webhook events."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import stripe

from hubpro.settings import get_settings

TOLERANCE_SECONDS = 300
TIMEOUT_SECONDS = 15  # per request; with 2 retries a call ends well within domain.payments.CREATE_GRACE
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
    return stripe.StripeClient(
        s.stripe_secret_key,
        base_addresses={"api": s.stripe_api_base},
        max_network_retries=2,
        http_client=stripe.RequestsClient(timeout=TIMEOUT_SECONDS),
    )


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


class Missing(LookupError):
    """Stripe knows no PaymentIntent with this id (an invented id, or a sandbox restarted from scratch)."""


class Unavailable(RuntimeError):
    """Stripe did not answer or refused the request: the outcome is unknown, try again later."""


def create(*, payment_public_id: str, attempt: int, amount_cents: int, payment_method: str, description: str) -> Intent:
    """Create a card PaymentIntent in EUR, not confirmed yet: nothing is charged before ``confirm``.

    hubpro stores the returned id on the payment row before confirming, so every intent that can take money
    is known to the row. The idempotency key derives from our payment id and the attempt number: a network
    retry of the same attempt reuses the same PaymentIntent; a new attempt makes a new one.

    Raises:
        Unavailable: Stripe failed or did not answer.
    """
    try:
        pi = _client().v1.payment_intents.create(
            params={
                "amount": amount_cents,
                "currency": "eur",
                "payment_method_types": ["card"],
                "payment_method": payment_method,
                "metadata": {"payment_id": payment_public_id, "designation": description[:200]},
            },
            options={"idempotency_key": f"hubpro-payment-{payment_public_id}-{attempt}"},
        )
    except stripe.StripeError as exc:
        raise Unavailable(str(exc)) from exc
    return _intent(pi)


def confirm(intent_id: str) -> Intent:
    """Confirm (charge) a PaymentIntent created by ``create``; it may then ask for 3-D Secure.

    Raises:
        Declined: the bank or Stripe refused the card.
        Unavailable: any other failure; the intent may or may not be charged (retrieve it).
    """
    try:
        pi = _client().v1.payment_intents.confirm(intent_id, options={"idempotency_key": f"hubpro-confirm-{intent_id}"})
    except stripe.CardError as exc:
        err = exc.error
        code = (getattr(err, "decline_code", None) or getattr(err, "code", None) or "card_declined") if err else ""
        raise Declined(str(code), intent_id) from exc
    except stripe.StripeError as exc:
        raise Unavailable(str(exc)) from exc
    return _intent(pi)


def retrieve(intent_id: str) -> Intent:
    """The PaymentIntent as Stripe sees it now (the only truth about a payment).

    Raises:
        Missing: Stripe has no such intent.
        Unavailable: Stripe failed or did not answer.
    """
    try:
        return _intent(_client().v1.payment_intents.retrieve(intent_id))
    except stripe.InvalidRequestError as exc:
        if exc.http_status == 404:
            raise Missing(intent_id) from exc
        raise Unavailable(str(exc)) from exc
    except stripe.StripeError as exc:
        raise Unavailable(str(exc)) from exc


def cancel(intent_id: str) -> Intent:
    """Cancel an intent that can still be confirmed, so that it never takes money later.

    An intent that can no longer be cancelled (it succeeded, is processing or is already cancelled) is
    returned as it is: the caller applies a success it did not know about.

    Raises:
        Missing, Unavailable: as ``retrieve``.
    """
    try:
        return _intent(_client().v1.payment_intents.cancel(intent_id))
    except stripe.InvalidRequestError as exc:
        if exc.http_status == 404:
            raise Missing(intent_id) from exc
        return retrieve(intent_id)
    except stripe.StripeError as exc:
        raise Unavailable(str(exc)) from exc


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
