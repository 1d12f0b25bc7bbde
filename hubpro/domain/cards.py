"""CQC cards: statuses as shown to the driver, numbers."""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from enum import StrEnum


class CardStatus(StrEnum):
    """Stored card statuses (« expirée » and « active » are derived from dates)."""

    IN_PRODUCTION = "in_production"
    SHIPPED = "shipped"
    REPLACED = "replaced"
    DECLARED_LOST = "declared_lost"
    DECLARED_STOLEN = "declared_stolen"
    RETURNED = "returned"
    RETURNED_DEFECTIVE = "returned_defective"


DELIVERY_DAYS = timedelta(days=7)
LABELS = {
    CardStatus.IN_PRODUCTION: ("En fabrication", "info"),
    CardStatus.SHIPPED: ("Expédiée", "success"),
    CardStatus.REPLACED: ("Remplacée", "error"),
    CardStatus.DECLARED_LOST: ("Déclarée perdue", "error"),
    CardStatus.DECLARED_STOLEN: ("Déclarée volée", "error"),
    CardStatus.RETURNED: ("Pli non distribué", "warning"),
    CardStatus.RETURNED_DEFECTIVE: ("Retournée", "error"),
}


def display_status(status: str, shipped_on: date | None, expires_on: date, today: date) -> tuple[str, str]:
    """(label, tone) of a card for the driver: expired and active are derived from the dates."""
    kind = CardStatus(status)
    if kind in (CardStatus.IN_PRODUCTION, CardStatus.SHIPPED) and today > expires_on:
        return "Expirée", "error"
    if kind == CardStatus.SHIPPED and shipped_on is not None and today >= shipped_on + DELIVERY_DAYS:
        return "Active", "success"
    return LABELS[kind]


def new_card_number() -> str:
    """A card number: « FR » and 10 digits (unique index in the database)."""
    return "FR" + "".join(secrets.choice("0123456789") for _ in range(10))
