"""Fees, VAT split in cents, invoice numbers and payment statuses (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

VAT_RATE_PERCENT = 20
DEFAULT_FEES_CENTS = {
    "perte": 3600,
    "vol": 3600,
    "echange": 3600,
    "qualite_conducteur": 3600,
    "qualite_operateur": 0,
    "pnd_nouvelle_adresse": 800,
    "pnd_meme_adresse": 0,
}
INVOICE_PREFIX = "HPT"


class PaymentStatus(StrEnum):
    """A payment's life: created, waiting for the card, paid or failed (retry allowed)."""

    CREATED = "created"
    PROCESSING = "processing"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


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
}
GENERIC_DECLINE = "Le paiement n'a pas abouti. Aucun montant n'a été débité : vous pouvez réessayer."


def decline_message(code: str) -> str:
    """A clear French message for a Stripe decline or error code."""
    return DECLINE_MESSAGES.get(str(code or ""), GENERIC_DECLINE)
