"""Printable card PDF (« Mes cartes » → « Télécharger la carte (PDF) »): the card's data and its QR code."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hubpro.pdf.documents import _field, _header, _new_document, _paragraph, verify_block

CARD_TITLE = "Carte de qualification de conducteur"
NOTICE = (
    "Ce document reproduit les informations de votre carte de qualification de conducteur (code 95). Il ne "
    "remplace pas la carte : présentez la carte elle-même lors d'un contrôle. Le code ci-dessous permet de "
    "vérifier à tout moment l'état de la carte (valide, expirée, remplacée, déclarée perdue ou volée)."
)


@dataclass(frozen=True)
class CardFacts:
    """The card as printed (French labels chosen by the caller)."""

    number: str
    name: str
    first_names: str
    birth: str  # « 15/06/1985 Lyon »
    issued_on: date
    expires_on: date
    licence_number: str
    categories: str
    sector: str
    status: str


def render_card(*, card: CardFacts, verify_url: str, printed_on: date) -> bytes:
    """The A4 page of one card: its fields, a notice and the QR code of its verification page."""
    pdf = _new_document(CARD_TITLE, card.number, printed_on)
    _header(pdf, CARD_TITLE, [("Numéro de carte", card.number), ("État au " + printed_on.strftime("%d/%m/%Y"),
                                                                  card.status)])  # fmt: skip
    for label, value in (
        ("1. Nom", card.name), ("2. Prénoms", card.first_names), ("3. Date et lieu de naissance", card.birth),
        ("4a. Date de délivrance", card.issued_on.strftime("%d/%m/%Y")),
        ("4b. Date d'expiration", card.expires_on.strftime("%d/%m/%Y")),
        ("4c. Autorité", "Hub Pro Transport – Imprimerie Nationale"), ("5a. Numéro de permis", card.licence_number),
        ("5b. Numéro de carte", card.number), ("10. Catégories", f"{card.categories} – code 95"),
        ("Secteur", card.sector),
    ):  # fmt: skip
        _field(pdf, label, value)
    _paragraph(pdf, NOTICE)
    verify_block(pdf, verify_url, "Vérifier cette carte")
    return bytes(pdf.output())
