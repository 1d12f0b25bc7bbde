"""Fees, VAT split in cents, invoice numbers and payment statuses (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from hubpro.domain.kinds import Fee

VAT_RATE_PERCENT = 20
DEFAULT_FEES_CENTS = {
    Fee.LOSS: 3600,
    Fee.THEFT: 3600,
    Fee.EXCHANGE: 3600,
    Fee.QUALITY_DRIVER: 3600,
    Fee.QUALITY_OPERATOR: 0,
    Fee.RESHIPPING_NEW_ADDRESS: 800,
    Fee.RESHIPPING_SAME_ADDRESS: 0,
}
INVOICE_PREFIX = "HPT"


class PaymentStatus(StrEnum):
    """A payment's life: created, waiting for the card, paid or failed (retry allowed)."""

    CREATED = "created"
    PROCESSING = "processing"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class PaymentAction(StrEnum):
    """What moves a payment: an attempt starts, ends without payment, or Stripe says it succeeded."""

    BEGIN = "begin"
    FAIL = "fail"
    SUCCEED = "succeed"


_P, _PA = PaymentStatus, PaymentAction
# A success may arrive after the attempt was ended (a late webhook, a reconciliation): Stripe's word wins.
PAYMENT_TRANSITIONS: dict[tuple[PaymentStatus, PaymentAction], PaymentStatus] = {
    (_P.CREATED, _PA.BEGIN): _P.PROCESSING,
    (_P.FAILED, _PA.BEGIN): _P.PROCESSING,
    (_P.PROCESSING, _PA.FAIL): _P.FAILED,
    (_P.CREATED, _PA.SUCCEED): _P.SUCCEEDED,
    (_P.PROCESSING, _PA.SUCCEED): _P.SUCCEEDED,
    (_P.FAILED, _PA.SUCCEED): _P.SUCCEEDED,
}


class IllegalPaymentTransition(ValueError):
    """A payment move the table refuses."""


def next_payment_status(current: str, action: str) -> PaymentStatus:
    """The payment status after an action.

    Raises:
        IllegalPaymentTransition: when the pair is not in the table.
    """
    try:
        return PAYMENT_TRANSITIONS[(PaymentStatus(current), PaymentAction(action))]
    except (KeyError, ValueError) as exc:
        raise IllegalPaymentTransition(f"{action} not allowed from {current}") from exc


@dataclass(frozen=True)
class Amounts:
    """An amount including VAT split into HT and VAT, in cents."""

    ht: int
    vat: int
    ttc: int


def split_ttc(ttc_cents: int, rate_percent: int = VAT_RATE_PERCENT) -> Amounts:
    """HT and VAT of a TTC amount; HT rounded half up, VAT = TTC - HT so the totals always add up.

    Raises:
        ValueError: for a negative amount.
    """
    if ttc_cents < 0:
        raise ValueError("negative amount")
    ht = (ttc_cents * 100 * 2 + (100 + rate_percent)) // (2 * (100 + rate_percent))
    return Amounts(ht=ht, vat=ttc_cents - ht, ttc=ttc_cents)


def fee_for(motif: str, fees: dict[str, int] | None = None) -> int:
    """The fee in cents for a motif key (see DEFAULT_FEES_CENTS).

    Raises:
        KeyError: for an unknown motif.
    """
    return (fees or DEFAULT_FEES_CENTS)[motif]


def invoice_number(year: int, sequence: int) -> str:
    """« HPT-2026-000123 »: gapless per year, six digits at least."""
    if sequence < 1:
        raise ValueError("sequence starts at 1")
    return f"{INVOICE_PREFIX}-{year}-{sequence:06d}"


def euros(cents: int) -> str:
    """« 36,00 € »."""
    whole, rest = divmod(abs(cents), 100)
    text = f"{whole:,}".replace(",", " ") + f",{rest:02d} €"
    return ("-" if cents < 0 else "") + text


DECLINE_MESSAGES = {
    "card_declined": "Votre banque a refusé le paiement. Vérifiez les informations ou essayez une autre carte.",
    "insufficient_funds": "Le paiement est refusé : provision insuffisante. Essayez une autre carte.",
    "expired_card": "Cette carte est expirée. Essayez une autre carte.",
    "incorrect_cvc": "Le cryptogramme (3 chiffres au dos) est incorrect.",
    "incorrect_number": "Le numéro de carte est incorrect.",
    "authentication_required": "Votre banque demande une authentification qui n'a pas abouti. Réessayez.",
    "payment_intent_authentication_failure": "L'authentification demandée par votre banque n'a pas abouti. Réessayez.",
}
GENERIC_DECLINE = "Le paiement n'a pas abouti. Aucun montant n'a été débité : vous pouvez réessayer."


def decline_message(code: str) -> str:
    """A clear French message for a Stripe decline or error code."""
    return DECLINE_MESSAGES.get(str(code or ""), GENERIC_DECLINE)


IN_PROGRESS = "Un paiement est déjà en cours pour cette demande : patientez quelques secondes."
ABANDONED = "Le paiement précédent n'a pas été finalisé. Aucun montant n'a été débité : vous pouvez réessayer."
BANK_PROCESSING = "Votre banque traite encore le paiement : revenez sur cette page dans quelques minutes."

# A « processing » payment whose PaymentIntent is not known yet may be a Stripe call still running
# (15 s timeout, 2 retries, see payments.gateway); after this grace it is a call that died.
CREATE_GRACE = timedelta(minutes=2)
# The periodic job reconciles payments in progress for longer than this (the driver has gone).
STALE_AFTER = timedelta(minutes=5)
RECONCILE_INTERVAL_SECONDS = 60.0

# PaymentIntent statuses that can still be confirmed later: cancelled before the row forgets them.
CANCELLABLE_INTENT = frozenset(
    {"requires_payment_method", "requires_confirmation", "requires_action", "requires_capture"}
)


@dataclass(frozen=True)
class IntentFacts:
    """What Stripe says of a PaymentIntent (retrieved server-side), or what our payment row expects."""

    intent_id: str
    payment_id: str
    amount_cents: int
    currency: str
    status: str = "succeeded"


def success_mismatch(expected: IntentFacts, intent: IntentFacts) -> str:
    """Why a PaymentIntent cannot prove that this payment is paid ("" when it can).

    Args:
        expected: our row: its stored intent id, public id, amount and currency.
        intent: the PaymentIntent as retrieved from Stripe.
    """
    if not expected.intent_id or intent.intent_id != expected.intent_id:
        return "intent id is not the one stored on the payment"
    if intent.status != "succeeded":
        return f"intent status is {intent.status!r}"
    if intent.payment_id != expected.payment_id:
        return "intent metadata names another payment"
    if intent.amount_cents != expected.amount_cents or intent.currency.lower() != expected.currency.lower():
        return f"amount {intent.amount_cents} {intent.currency} instead of {expected.amount_cents} {expected.currency}"
    return ""
