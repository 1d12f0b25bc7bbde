"""Tests of the training rules: month-end dates, certificate validity, retention, qualification, deposit checks."""

from __future__ import annotations

from datetime import date

import pytest

from hubpro.domain import trainings
from hubpro.domain.trainings import Fact, Qualification

TODAY = date(2026, 6, 15)
GOODS = "marchandises"
PASSENGERS = "voyageurs"


# --- add_months / add_years -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),  # common year
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
        (date(2026, 10, 31), 4, date(2027, 2, 28)),
        (date(2027, 10, 31), 4, date(2028, 2, 29)),
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2026, 8, 31), 1, date(2026, 9, 30)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),  # across the year end
        (date(2026, 11, 30), 14, date(2028, 1, 30)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),  # backwards
        (date(2026, 1, 15), -1, date(2025, 12, 15)),
        (date(2026, 5, 20), 0, date(2026, 5, 20)),
    ],
)
def test_add_months_clamps_to_the_month_end(start, months, expected):
    assert trainings.add_months(start, months) == expected


@pytest.mark.parametrize(
    ("start", "years", "expected"),
    [
        (date(2024, 2, 29), 5, date(2029, 2, 28)),
        (date(2024, 2, 29), 4, date(2028, 2, 29)),
        (date(2024, 2, 29), 1, date(2025, 2, 28)),
        (date(2024, 2, 29), -1, date(2023, 2, 28)),
        (date(2022, 3, 1), 5, date(2027, 3, 1)),
        (date(2023, 2, 28), 1, date(2024, 2, 28)),  # 28 February stays 28 even in a leap year
        (date(2026, 12, 31), 6, date(2032, 12, 31)),
    ],
)
def test_add_years_on_29_february_and_year_ends(start, years, expected):
    assert trainings.add_years(start, years) == expected


# --- certificate validity ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("issued_on", "expected"),
    [
        (date(2026, 3, 15), date(2026, 7, 15)),
        (date(2026, 10, 31), date(2027, 2, 28)),
        (date(2027, 10, 31), date(2028, 2, 29)),
        (date(2026, 12, 20), date(2027, 4, 20)),
        (date(2026, 5, 31), date(2026, 9, 30)),
    ],
)
def test_adult_certificate_is_valid_4_months_from_issue(issued_on, expected):
    assert trainings.certificate_valid_until(issued_on, date(1985, 6, 15)) == expected


def test_minor_certificate_runs_from_the_18th_birthday():
    # born 20/05/2008: 17 on 10/01/2026, 18 on 20/05/2026, then 4 months
    assert trainings.certificate_valid_until(date(2026, 1, 10), date(2008, 5, 20)) == date(2026, 9, 20)


def test_minor_the_day_before_the_18th_birthday():
    assert trainings.certificate_valid_until(date(2026, 5, 19), date(2008, 5, 20)) == date(2026, 9, 20)


def test_turning_18_on_the_issue_day_is_an_adult():
    # 18th birthday 20/05/2026 = issue day: 4 months from issue
    assert trainings.certificate_valid_until(date(2026, 5, 20), date(2008, 5, 20)) == date(2026, 9, 20)
    # an adult since the day before: still from the issue
    assert trainings.certificate_valid_until(date(2026, 5, 21), date(2008, 5, 20)) == date(2026, 9, 21)


def test_born_on_29_february_18th_birthday_is_28_february():
    born = date(2008, 2, 29)
    # the 18th birthday, by add_years, is 28/02/2026; + 4 months = 28/06/2026
    assert trainings.add_years(born, 18) == date(2026, 2, 28)
    assert trainings.certificate_valid_until(date(2026, 1, 10), born) == date(2026, 6, 28)
    assert trainings.certificate_valid_until(date(2026, 2, 28), born) == date(2026, 6, 28)
    assert trainings.certificate_valid_until(date(2026, 3, 1), born) == date(2026, 7, 1)


def test_a_young_minor_waits_for_the_18th_birthday():
    # 16 at the end of the training: the certificate covers the 4 months after turning 18
    assert trainings.certificate_valid_until(date(2026, 6, 15), date(2010, 1, 31)) == date(2028, 5, 31)


def test_certificate_is_valid_through_its_last_day():
    last_day = date(2026, 7, 15)
    assert trainings.certificate_is_valid(last_day, date(2026, 3, 15)) is True
    assert trainings.certificate_is_valid(last_day, last_day) is True
    assert trainings.certificate_is_valid(last_day, date(2026, 7, 16)) is False


# --- retention (is_shown) ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["fimo", "qualification_initiale_longue", "passerelle"])
def test_initial_summaries_are_always_shown(kind):
    assert trainings.is_shown(kind, date(2022, 3, 1), date(2052, 3, 1)) is True
    assert trainings.is_shown(kind, date(2022, 3, 1), date(2028, 3, 1)) is True


def test_fco_is_shown_for_6_years_after_issue():
    issued = date(2020, 3, 10)
    assert trainings.is_shown("fco", issued, date(2020, 3, 10)) is True
    assert trainings.is_shown("fco", issued, date(2026, 3, 9)) is True
    assert trainings.is_shown("fco", issued, date(2026, 3, 10)) is False
    assert trainings.is_shown("fco", issued, date(2030, 1, 1)) is False


def test_fco_issued_on_29_february_is_hidden_from_28_february():
    issued = date(2020, 2, 29)
    assert trainings.is_shown("fco", issued, date(2026, 2, 27)) is True
    assert trainings.is_shown("fco", issued, date(2026, 2, 28)) is False
    assert trainings.is_shown("fco", issued, date(2026, 3, 1)) is False


# --- qualifications ---------------------------------------------------------------------------

FIMO_2022 = Fact("fimo", GOODS, date(2022, 3, 1))


def test_initial_training_opens_5_years_from_its_end():
    result = trainings.qualifications([FIMO_2022], TODAY)
    assert result == {GOODS: Qualification(GOODS, date(2027, 3, 1), date(2026, 3, 1), True)}


def test_no_training_no_qualification():
    assert trainings.qualifications([], TODAY) == {}


def test_early_fco_extends_from_the_previous_expiry():
    fco = Fact("fco", GOODS, date(2026, 6, 1))  # in the year before 01/03/2027
    q = trainings.qualifications([FIMO_2022, fco], TODAY)[GOODS]
    assert q.valid_until == date(2032, 3, 1)  # not 01/06/2031
    assert q.early_fco_from == date(2031, 3, 1)
    assert q.valid is True


@pytest.mark.parametrize(
    ("fco_end", "expected"),
    [
        (date(2026, 3, 1), date(2032, 3, 1)),  # first day of the early window
        (date(2027, 3, 1), date(2032, 3, 1)),  # on the expiry day
        (date(2026, 2, 28), date(2031, 2, 28)),  # the day before the window: from its own end
        (date(2027, 3, 2), date(2032, 3, 2)),  # the day after expiry: late
    ],
)
def test_early_fco_window_boundaries(fco_end, expected):
    q = trainings.qualifications([FIMO_2022, Fact("fco", GOODS, fco_end)], date(2027, 6, 1))[GOODS]
    assert q.valid_until == expected


def test_fco_more_than_a_year_early_counts_from_its_end():
    q = trainings.qualifications([FIMO_2022, Fact("fco", GOODS, date(2026, 1, 1))], TODAY)[GOODS]
    assert q.valid_until == date(2031, 1, 1)
    assert q.early_fco_from == date(2030, 1, 1)


def test_late_fco_counts_from_its_end():
    q = trainings.qualifications([FIMO_2022, Fact("fco", GOODS, date(2027, 6, 1))], date(2027, 6, 2))[GOODS]
    assert q.valid_until == date(2032, 6, 1)
    assert q.valid is True


def test_successive_early_fcos_chain_from_each_expiry():
    facts = [FIMO_2022, Fact("fco", GOODS, date(2026, 6, 1)), Fact("fco", GOODS, date(2031, 9, 1))]
    q = trainings.qualifications(facts, date(2032, 6, 10))[GOODS]
    assert q.valid_until == date(2037, 3, 1)
    assert q.early_fco_from == date(2036, 3, 1)


def test_initial_training_ending_on_29_february():
    q = trainings.qualifications([Fact("fimo", GOODS, date(2024, 2, 29))], TODAY)[GOODS]
    assert q.valid_until == date(2029, 2, 28)
    assert q.early_fco_from == date(2028, 2, 28)


def test_sectors_are_tracked_separately():
    passerelle = Fact("passerelle", PASSENGERS, date(2024, 10, 31))
    fco_passengers = Fact("fco", PASSENGERS, date(2029, 6, 1))
    result = trainings.qualifications([FIMO_2022, passerelle, fco_passengers], date(2029, 6, 2))
    assert set(result) == {GOODS, PASSENGERS}
    assert result[GOODS].valid_until == date(2027, 3, 1)
    assert result[GOODS].valid is False
    assert result[PASSENGERS].valid_until == date(2034, 10, 31)  # early FCO from 31/10/2029
    assert result[PASSENGERS].valid is True


def test_a_passerelle_alone_opens_its_sector_only():
    result = trainings.qualifications([Fact("passerelle", PASSENGERS, date(2024, 10, 31))], TODAY)
    assert set(result) == {PASSENGERS}
    assert result[PASSENGERS].valid_until == date(2029, 10, 31)


def test_qualification_is_valid_through_the_expiry_day_only():
    assert trainings.qualifications([FIMO_2022], date(2027, 3, 1))[GOODS].valid is True
    assert trainings.qualifications([FIMO_2022], date(2027, 3, 2))[GOODS].valid is False


def test_order_of_the_facts_does_not_matter():
    facts = [
        FIMO_2022,
        Fact("fco", GOODS, date(2026, 6, 1)),
        Fact("passerelle", PASSENGERS, date(2024, 10, 31)),
        Fact("fco", GOODS, date(2031, 9, 1)),
    ]
    expected = trainings.qualifications(facts, TODAY)
    assert expected[GOODS].valid_until == date(2037, 3, 1)
    assert trainings.qualifications(list(reversed(facts)), TODAY) == expected
    assert trainings.qualifications([facts[3], facts[1], facts[2], facts[0]], TODAY) == expected


# --- names_match ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("deposited", "account"),
    [
        ("Élodie", "ELODIE"),
        ("ELODIE", "élodie"),
        ("Le Gall", "LEGALL"),
        ("Le-Gall", "le gall"),
        ("D'Artagnan", "DARTAGNAN"),
        ("Müller", "MULLER"),
        ("Cœurderoy", "COEURDEROY"),
        ("LÆTITIA", "Laetitia"),
        ("Søren", "SOREN"),
    ],
)
def test_names_match_ignores_case_accents_and_separators(deposited, account):
    assert trainings.names_match(deposited, account) is True


def test_names_match_accepts_the_usage_name():
    assert trainings.names_match("DUPONT", "Martin", "Dupont") is True
    assert trainings.names_match("Martin", "Martin", "Dupont") is True
    assert trainings.names_match("Durand", "Martin", "Dupont") is False


@pytest.mark.parametrize(
    ("deposited", "account"),
    [
        ("Martin", "Martine"),
        ("Cœur", "Cur"),  # a ligature is a letter, not nothing
        ("Martin", ""),
    ],
)
def test_different_names_do_not_match(deposited, account):
    assert trainings.names_match(deposited, account) is False


def test_empty_deposited_name_never_matches():
    assert trainings.names_match("", "") is False
    assert trainings.names_match("", "Martin", "") is False
    assert trainings.names_match(" - ", "Martin") is False


# --- validate_training ------------------------------------------------------------------------


def _payload(**over) -> dict:
    data = {
        "type": "fco",
        "sector": "marchandises",
        "start_date": "2026-06-01",
        "end_date": "2026-06-05",
        "hours": 35,
        "session_reference": "FCO-2026-17",
        "birth_name": "Martin",
        "first_names": "Jean Pierre",
        "birth_date": "1985-06-15",
        "licence_number": "13AB12345",
    }
    data.update(over)
    return data


def test_valid_payload_gives_clean_values():
    clean, errors = trainings.validate_training(_payload(), TODAY)
    assert errors == {}
    assert clean == {
        "type": "fco",
        "sector": "marchandises",
        "start_date": date(2026, 6, 1),
        "end_date": date(2026, 6, 5),
        "birth_date": date(1985, 6, 15),
        "hours": 35,
        "session_reference": "FCO-2026-17",
        "birth_name": "Martin",
        "first_names": "Jean Pierre",
        "licence_number": "13AB12345",
    }


def test_values_are_trimmed_and_lowered():
    clean, errors = trainings.validate_training(
        _payload(type=" FCO ", sector="Marchandises", first_names="  Jean   Pierre ", session_reference=" S1 "),
        TODAY,
    )
    assert errors == {}
    assert clean["type"] == "fco" and clean["sector"] == "marchandises"
    assert clean["first_names"] == "Jean Pierre"
    assert clean["session_reference"] == "S1"


def test_anything_but_a_dict_fails_every_field():
    clean, errors = trainings.validate_training(["fco"], TODAY)
    assert clean == {}
    assert set(errors) == set(trainings.FIELDS)


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"type": "permis"}, "type"),
        ({"type": ""}, "type"),
        ({"type": None}, "type"),
        ({"sector": "fret"}, "sector"),
        ({"sector": ""}, "sector"),
        ({"start_date": "01/06/2026"}, "start_date"),
        ({"end_date": "2026-13-01"}, "end_date"),
        ({"end_date": None}, "end_date"),
        ({"birth_date": "15 juin 1985"}, "birth_date"),
        ({"birth_date": ""}, "birth_date"),
        ({"session_reference": ""}, "session_reference"),
        ({"session_reference": "   "}, "session_reference"),
        ({"session_reference": "-FCO"}, "session_reference"),
        ({"session_reference": "FCO#17"}, "session_reference"),
        ({"session_reference": "A" * 51}, "session_reference"),
        ({"birth_name": "R2D2"}, "birth_name"),
        ({"birth_name": ""}, "birth_name"),
        ({"birth_name": "   "}, "birth_name"),
        ({"birth_name": "Martin!"}, "birth_name"),
        ({"birth_name": "-Martin"}, "birth_name"),
        ({"first_names": "J" * 81}, "first_names"),
        ({"first_names": "Jean_Pierre"}, "first_names"),
        ({"licence_number": "??"}, "licence_number"),
        ({"licence_number": ""}, "licence_number"),
        ({"licence_number": "AB1"}, "licence_number"),
        ({"licence_number": "A" * 21}, "licence_number"),
        ({"licence_number": "13AB1234é"}, "licence_number"),
    ],
)
def test_each_bad_field_gets_its_own_error(over, field):
    clean, errors = trainings.validate_training(_payload(**over), TODAY)
    assert set(errors) == {field}
    assert field not in clean
    assert errors[field]  # a French sentence, never empty


@pytest.mark.parametrize(
    "over",
    [
        {"session_reference": "A" * 50},
        {"session_reference": "FCO 2026/17_b.x-1"},
        {"birth_name": "O'Neil"},
        {"birth_name": "Le Gall-Durand"},
        {"birth_name": "Cœurderoy"},
        {"first_names": "Élodie Marie"},
        {"first_names": "J" * 80},
    ],
)
def test_accepted_references_and_names(over):
    clean, errors = trainings.validate_training(_payload(**over), TODAY)
    assert errors == {}
    key, value = next(iter(over.items()))
    assert clean[key] == value


def test_end_date_in_the_future_is_refused():
    _, errors = trainings.validate_training(_payload(end_date="2026-06-16"), TODAY)
    assert set(errors) == {"end_date"}
    assert "futur" in errors["end_date"]
    _, errors = trainings.validate_training(_payload(end_date="2026-06-15"), TODAY)  # ended today
    assert errors == {}


def test_end_date_before_february_2022_is_refused():
    _, errors = trainings.validate_training(_payload(start_date="2022-01-25", end_date="2022-01-31"), TODAY)
    assert set(errors) == {"end_date"}
    assert "01/02/2022" in errors["end_date"]
    _, errors = trainings.validate_training(_payload(start_date="2022-01-25", end_date="2022-02-01"), TODAY)
    assert errors == {}


def test_start_after_end_is_refused():
    _, errors = trainings.validate_training(_payload(start_date="2026-06-06"), TODAY)
    assert set(errors) == {"start_date"}
    assert "précéder" in errors["start_date"]
    _, errors = trainings.validate_training(_payload(start_date="2026-06-05"), TODAY)  # one-day training
    assert errors == {}


def test_training_longer_than_3_years_is_refused():
    over = {"type": "qualification_initiale_longue", "hours": 600}
    _, errors = trainings.validate_training(_payload(start_date="2023-05-01", end_date="2026-06-05", **over), TODAY)
    assert set(errors) == {"start_date"}
    assert "3 ans" in errors["start_date"]
    _, errors = trainings.validate_training(_payload(start_date="2023-06-05", end_date="2026-06-05", **over), TODAY)
    assert errors == {}


def test_trainee_must_be_16_at_the_end():
    _, errors = trainings.validate_training(_payload(birth_date="2010-06-06"), TODAY)  # 16 the day after
    assert set(errors) == {"birth_date"}
    assert "16 ans" in errors["birth_date"]
    _, errors = trainings.validate_training(_payload(birth_date="2010-06-05"), TODAY)  # 16 on the last day
    assert errors == {}
    _, errors = trainings.validate_training(_payload(birth_date="2026-06-10"), TODAY)  # born after the end
    assert set(errors) == {"birth_date"}


@pytest.mark.parametrize(
    ("kind", "too_few", "minimum"),
    [
        ("qualification_initiale_longue", 279, 280),
        ("fimo", 139, 140),
        ("passerelle", 34, 35),
        ("fco", 34, 35),
    ],
)
def test_hours_minimum_per_type(kind, too_few, minimum):
    clean, errors = trainings.validate_training(_payload(type=kind, hours=too_few), TODAY)
    assert set(errors) == {"hours"}
    assert str(minimum) in errors["hours"]
    clean, errors = trainings.validate_training(_payload(type=kind, hours=minimum), TODAY)
    assert errors == {}
    assert clean["hours"] == minimum


def test_hours_maximum():
    _, errors = trainings.validate_training(_payload(hours=2001), TODAY)
    assert set(errors) == {"hours"}
    assert "2000" in errors["hours"]
    clean, errors = trainings.validate_training(_payload(hours=2000), TODAY)
    assert errors == {} and clean["hours"] == 2000


@pytest.mark.parametrize("hours", [True, False, 35.0, 35.5, "abc", "", None, -35, "35h", [35]])
def test_hours_must_be_a_whole_number(hours):
    clean, errors = trainings.validate_training(_payload(hours=hours), TODAY)
    assert set(errors) == {"hours"}
    assert "hours" not in clean


def test_hours_as_a_digit_string_are_accepted():
    clean, errors = trainings.validate_training(_payload(hours="35"), TODAY)
    assert errors == {}
    assert clean["hours"] == 35


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("13 ab-12345", "13AB12345"),  # EU card
        ("85.06.75.123456", "850675123456"),  # pink paper
        ("b1234567", "B1234567"),  # foreign
    ],
)
def test_licence_number_is_normalised(raw, normalised):
    clean, errors = trainings.validate_training(_payload(licence_number=raw), TODAY)
    assert errors == {}
    assert clean["licence_number"] == normalised
