"""One home for the postal-address and email rules (sign-up, card requests, replacements, returned mail, sign-in)."""

from __future__ import annotations

import re

POSTAL_CODE = re.compile(r"\d{5}")
EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}")
EMAIL_MAX = 254
STREET_MIN = 5
CITY_MIN = 2

STREET_MESSAGE = "Indiquez le numéro et la voie."
POSTAL_CODE_MESSAGE = "Le code postal comporte 5 chiffres."
CITY_MESSAGE = "Indiquez la commune."
EMAIL_MESSAGE = "Saisissez une adresse électronique valide, par exemple nom@exemple.fr."


def street_ok(value: str) -> bool:
    """Number and street: at least 5 characters."""
    return len(value) >= STREET_MIN


def postal_code_ok(value: str) -> bool:
    """A French postal code: 5 digits."""
    return POSTAL_CODE.fullmatch(value) is not None


def city_ok(value: str) -> bool:
    """A commune: at least 2 characters."""
    return len(value) >= CITY_MIN


def address_errors(
    street: str, postal_code: str, city: str, *, fields: tuple[str, str, str] = ("address", "postal_code", "city")
) -> dict[str, str]:
    """French messages by field name (``fields``: the form's names of street, postal code, city)."""
    checks = ((street_ok(street), STREET_MESSAGE), (postal_code_ok(postal_code), POSTAL_CODE_MESSAGE),
              (city_ok(city), CITY_MESSAGE))  # fmt: skip
    return {name: message for name, (ok, message) in zip(fields, checks, strict=True) if not ok}


def email_ok(value: str) -> bool:
    """An email address as hubpro accepts it (already trimmed and lower-cased by the caller)."""
    return len(value) <= EMAIL_MAX and EMAIL.fullmatch(value) is not None
