"""Driving-licence number formats and the input help (« aide à la saisie »)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class LicenceType(StrEnum):
    """Licence models the driver can choose."""

    EU_CARD = "eu_card"
    PINK_PAPER = "pink_paper"
    FOREIGN = "foreign"


@dataclass(frozen=True)
class LicenceModel:
    """A licence model shown in the input help."""

    type: LicenceType
    label: str
    where: str
    example: str
    rule: str


MODELS: tuple[LicenceModel, ...] = (
    LicenceModel(
        LicenceType.EU_CARD,
        "Permis français au format carte (depuis le 16/09/2013)",
        "Au recto de la carte, rubrique 5, sous la photo.",
        "13AA00002",
        "9 caractères : 2 chiffres, 2 lettres, 5 chiffres.",
    ),
    LicenceModel(
        LicenceType.PINK_PAPER,
        "Permis français papier rose (avant le 16/09/2013)",
        "Sur le volet de gauche, sous « Permis de conduire », en haut du document.",
        "850675123456",
        "12 caractères : année et mois (4 chiffres), département (01 à 95, 2A ou 2B), 6 chiffres.",
    ),
    LicenceModel(
        LicenceType.FOREIGN,
        "Permis obtenu hors de France",
        "Le numéro du permis tel qu'il est imprimé sur votre titre.",
        "B1234567",
        "De 4 à 20 lettres ou chiffres.",
    ),
)

LABELS = {m.type.value: m.label for m in MODELS}

_DEPT = r"(?:0[1-9]|[1-8][0-9]|9[0-5]|2A|2B)"
_PATTERNS = {
    LicenceType.EU_CARD: re.compile(r"\d{2}[A-Z]{2}\d{5}"),
    LicenceType.PINK_PAPER: re.compile(r"\d{2}(?:0[1-9]|1[0-2])" + _DEPT + r"\d{6}"),
    LicenceType.FOREIGN: re.compile(r"[A-Z0-9]{4,20}"),
}


def normalize(number: str) -> str:
    """Upper case, without spaces, dashes or dots."""
    return re.sub(r"[\s\-.]", "", number or "").upper()


def model(licence_type: str) -> LicenceModel | None:
    """The model for a type value, or None when unknown."""
    return next((m for m in MODELS if m.type.value == licence_type), None)


def licence_error(licence_type: str, number: str) -> str | None:
    """The French error for a number of the given type, or None when valid.

    Args:
        licence_type: a LicenceType value.
        number: the number as typed (normalised here).
    """
    m = model(licence_type)
    if m is None:
        return "Choisissez le type de permis."
    value = normalize(number)
    if not value:
        return "Saisissez le numéro de permis de conduire."
    if not _PATTERNS[m.type].fullmatch(value):
        return f"Format non reconnu pour ce type de permis. {m.rule} Exemple : {m.example}."
    return None
