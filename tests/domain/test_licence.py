"""Tests of the driving-licence number formats (EU card, pink paper, foreign) and normalisation."""

from __future__ import annotations

import pytest

from hubpro.domain import licence
from hubpro.domain.licence import LicenceType

EU = LicenceType.EU_CARD.value
PINK = LicenceType.PINK_PAPER.value
FOREIGN = LicenceType.FOREIGN.value


@pytest.mark.parametrize("number", ["13AA00002", "99ZZ99999", "00AB12345"])
def test_eu_card_numbers_accepted(number):
    assert licence.licence_error(EU, number) is None


@pytest.mark.parametrize(
    "number",
    [
        "13A000002",  # one letter only
        "1AA000002",  # one leading digit
        "13AAA0002",  # three letters
        "13AA0002",  # 8 characters
        "13AA000021",  # 10 characters
        "AA1300002",  # letters first
        "13ÀA00002",  # accented letter
        "850675123456",  # a pink-paper number under the wrong type
    ],
)
def test_eu_card_numbers_refused(number):
    error = licence.licence_error(EU, number)
    assert error is not None
    assert error.startswith("Format non reconnu")
    assert "13AA00002" in error  # the example of this model is shown


@pytest.mark.parametrize(
    "number",
    [
        "850675123456",  # 1985, June, Paris
        "850101123456",  # month 01, département 01
        "851295123456",  # month 12, département 95
        "85062A123456",  # Corse-du-Sud
        "85062B123456",  # Haute-Corse
    ],
)
def test_pink_paper_numbers_accepted(number):
    assert licence.licence_error(PINK, number) is None


@pytest.mark.parametrize(
    ("number", "why"),
    [
        ("850075123456", "month 00"),
        ("851375123456", "month 13"),
        ("850696123456", "département 96"),
        ("850600123456", "département 00"),
        ("85062C123456", "département 2C"),
        ("85067512345", "11 characters"),
        ("8506751234567", "13 characters"),
        ("85067512345A", "letter in the serial"),
        ("13AA00002", "an EU card number"),
    ],
)
def test_pink_paper_numbers_refused(number, why):
    error = licence.licence_error(PINK, number)
    assert error is not None, why
    assert "850675123456" in error


@pytest.mark.parametrize("number", ["B123", "B1234567", "ABCDEFGHIJ0123456789", "1234"])
def test_foreign_numbers_accepted(number):
    assert licence.licence_error(FOREIGN, number) is None


@pytest.mark.parametrize(
    "number",
    ["B12", "ABCDEFGHIJ01234567890", "AB_12345", "AB/12345", "ÄB12345"],
)
def test_foreign_numbers_refused(number):
    error = licence.licence_error(FOREIGN, number)
    assert error is not None
    assert "De 4 à 20 lettres ou chiffres" in error


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("13aa00002", "13AA00002"),
        (" 13 AA 00002 ", "13AA00002"),
        ("13-AA-00002", "13AA00002"),
        ("13.aa.00002", "13AA00002"),
        ("8506\t2a 123-456", "85062A123456"),
        ("", ""),
    ],
)
def test_normalize_upper_cases_and_drops_separators(typed, expected):
    assert licence.normalize(typed) == expected


def test_numbers_are_validated_after_normalisation():
    assert licence.licence_error(EU, "13 aa-000.02") is None
    assert licence.licence_error(PINK, "85 06 2b 123 456") is None


def test_other_punctuation_is_not_silently_removed():
    assert licence.licence_error(EU, "13AA/00002") is not None


@pytest.mark.parametrize("number", ["", "   ", "- . -"])
def test_empty_number_asks_for_it(number):
    assert licence.licence_error(EU, number) == "Saisissez le numéro de permis de conduire."


@pytest.mark.parametrize("licence_type", ["", "moto", "EU_CARD", None])
def test_unknown_type_is_refused(licence_type):
    assert licence.model(licence_type) is None
    assert licence.licence_error(licence_type, "13AA00002") == "Choisissez le type de permis."


def test_every_model_example_passes_its_own_rule():
    for m in licence.MODELS:
        assert licence.licence_error(m.type.value, m.example) is None, m.type
    assert set(licence.LABELS) == {EU, PINK, FOREIGN}
