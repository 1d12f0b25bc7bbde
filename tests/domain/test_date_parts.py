"""The birth date typed as three fields « Jour », « Mois », « Année » (no browser segment order)."""

from __future__ import annotations

from datetime import date

import pytest

from hubpro.domain.accounts import DATE_PARTS, date_from_parts, validate_signup
from tests.services.factories import signup_form

TODAY = date(2026, 6, 1)


def _parts(day: str, month: str, year: str) -> dict[str, str]:
    return dict(zip([f"birth_date_{p}" for p in DATE_PARTS], [day, month, year], strict=True))


def test_three_parts_make_the_iso_date_in_french_order():
    assert date_from_parts("15", "06", "1985") == ("1985-06-15", None)
    assert date_from_parts(" 5 ", "6", "1985") == ("1985-06-05", None)


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "", "", "Le champ « Date de naissance » est obligatoire."),
        ("", "06", "1985", "Indiquez le jour de naissance."),
        ("15", "", "1985", "Indiquez le mois de naissance."),
        ("15", "06", "", "Indiquez l'année de naissance."),
        ("15", "06", "85", "L'année s'écrit avec 4 chiffres, par exemple 1985."),
        ("aa", "06", "1985", "Saisissez le jour en chiffres, par exemple 15."),
        ("15", "13", "1985", "Le mois est un nombre de 1 à 12."),
        ("31", "02", "1985", "Cette date n'existe pas : vérifiez le jour et le mois."),
        ("15061985", "", "", "Indiquez le mois de naissance."),
    ],
)
def test_incomplete_or_impossible_parts_get_a_french_message(day, month, year, message):
    assert date_from_parts(day, month, year) == ("", message)


def test_the_sign_up_form_reads_the_parts_and_applies_the_age_rules():
    form = signup_form()
    del form["birth_date"]
    clean, errors = validate_signup({**form, **_parts("15", "06", "1985")}, TODAY)
    assert errors == {} and clean["birth_date"] == date(1985, 6, 15)
    _, errors = validate_signup({**form, **_parts("02", "06", "2010")}, TODAY)
    assert errors == {"birth_date": "Vous devez avoir au moins 16 ans."}
    _, errors = validate_signup({**form, **_parts("31", "02", "1985")}, TODAY)
    assert errors == {"birth_date": "Cette date n'existe pas : vérifiez le jour et le mois."}
