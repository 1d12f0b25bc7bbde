"""What a card request is about: its kind, a replacement's motif, a returned card's choice (stored values)."""

from __future__ import annotations

from enum import StrEnum


class RequestKind(StrEnum):
    """The three kinds of request one table and one set of statuses serve."""

    CQC = "cqc"  # first card after a training
    REPLACEMENT = "replacement"  # « Remplacement, Echange »
    RETURNED_MAIL = "returned_mail"  # re-shipping after « pli non distribué »


class ReplacementMotif(StrEnum):
    """Why a card is replaced (« Perte », « Vol », « Qualité », « Echange »)."""

    LOSS = "loss"
    THEFT = "theft"
    QUALITY = "quality"
    EXCHANGE = "exchange"


class ReturnedMailChoice(StrEnum):
    """The driver's answer to a returned card: same address (free) or a new one (paid)."""

    SAME_ADDRESS = "same_address"
    NEW_ADDRESS = "new_address"


class Fee(StrEnum):
    """Configurable fees (amounts in ``payments.DEFAULT_FEES_CENTS``)."""

    LOSS = "loss"
    THEFT = "theft"
    EXCHANGE = "exchange"
    QUALITY_DRIVER = "quality_driver"
    QUALITY_OPERATOR = "quality_operator"
    RESHIPPING_NEW_ADDRESS = "reshipping_new_address"
    RESHIPPING_SAME_ADDRESS = "reshipping_same_address"
