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


class CardAction(StrEnum):
    """What changes a card's status."""

    SHIP = "ship"
    RETURN_MAIL = "return_mail"  # La Poste brought it back (« pli non distribué »)
    RESHIP = "reship"  # back into production for a new shipment
    DECLARE_LOST = "declare_lost"
    DECLARE_STOLEN = "declare_stolen"
    RETURN_DEFECTIVE = "return_defective"
    REPLACE = "replace"


_C, _CA = CardStatus, CardAction
_REPLACEABLE = (_C.SHIPPED, _C.RETURNED)
CARD_TRANSITIONS: dict[tuple[CardStatus, CardAction], CardStatus] = {
    (_C.IN_PRODUCTION, _CA.SHIP): _C.SHIPPED,
    (_C.SHIPPED, _CA.RETURN_MAIL): _C.RETURNED,
    (_C.RETURNED, _CA.RESHIP): _C.IN_PRODUCTION,
    **{(s, _CA.DECLARE_LOST): _C.DECLARED_LOST for s in _REPLACEABLE},
    **{(s, _CA.DECLARE_STOLEN): _C.DECLARED_STOLEN for s in _REPLACEABLE},
    **{(s, _CA.RETURN_DEFECTIVE): _C.RETURNED_DEFECTIVE for s in _REPLACEABLE},
    **{(s, _CA.REPLACE): _C.REPLACED for s in _REPLACEABLE},
}
REPLACEABLE = frozenset(_REPLACEABLE)


class IllegalCardTransition(ValueError):
    """A card move the table refuses."""


def next_card_status(current: str, action: str) -> CardStatus:
    """The card status after an action.

    Raises:
        IllegalCardTransition: when the pair is not in the table.
    """
    try:
        return CARD_TRANSITIONS[(CardStatus(current), CardAction(action))]
    except (KeyError, ValueError) as exc:
        raise IllegalCardTransition(f"{action} not allowed from {current}") from exc


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
