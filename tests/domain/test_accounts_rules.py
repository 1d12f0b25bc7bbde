"""Tests of the sign-up form rules and the account status transition table."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from hubpro.domain import accounts
from hubpro.domain.accounts import (
    CONSENT_ERROR,
    TRANSITIONS,
    AccountAction,
    AccountStatus,
    IllegalTransition,
    next_status,
    validate_signup,
)
from tests.services.factories import signup_form

TODAY = date(2026, 6, 1)
REQUIRED = [f.key for f in accounts.FIELDS if f.required]


def _errors(**overrides: str) -> dict[str, str]:
    return validate_signup(signup_form(**overrides), TODAY)[1]


def test_a_valid_form_is_accepted_and_cleaned():
    clean, errors = validate_signup(signup_form(), TODAY)
    assert errors == {}
    assert clean["birth_date"] == date(1985, 6, 15)
    assert clean["phone"] == "+33612345678"
    assert clean["licence_number"] == "13AB12345"
    assert clean["email"] == "jean.martin@example.fr"
    assert "email_confirmation" not in clean
    assert not any(key.startswith("consent") for key in clean)


def test_clean_values_are_trimmed_and_normalised():
    clean, errors = validate_signup(
        signup_form(
            birth_name="  Martin   Durand ",
            email=" Jean.Martin@Example.FR ",
            email_confirmation="jean.martin@example.fr",
            licence_number="13-ab 12345",
        ),
        TODAY,
    )
    assert errors == {}
    assert clean["birth_name"] == "Martin Durand"
    assert clean["email"] == "jean.martin@example.fr"
    assert clean["licence_number"] == "13AB12345"


@pytest.mark.parametrize("key", REQUIRED)
def test_each_missing_required_field_is_reported_beside_it(key):
    errors = _errors(**{key: "   "})
    assert set(errors) == {key}
    if key == "licence_number":
        assert errors[key] == "Saisissez le numéro de permis de conduire."
    else:
        assert errors[key] == f"Le champ « {accounts.LABELS[key]} » est obligatoire."


def test_an_absent_key_counts_as_missing():
    form = signup_form()
    del form["birth_city"]
    _, errors = validate_signup(form, TODAY)
    assert set(errors) == {"birth_city"}


@pytest.mark.parametrize(
    "email", ["jean.martin@", "@example.fr", "jean martin@example.fr", "jean@example", "jean@@example.fr", "jean"]
)
def test_bad_email_is_refused(email):
    errors = _errors(email=email, email_confirmation=email)
    assert errors["email"] == "Saisissez une adresse électronique valide, par exemple nom@exemple.fr."


def test_mismatched_email_confirmation():
    errors = _errors(email_confirmation="jean.martin@example.com")
    assert errors == {"email_confirmation": "Les deux adresses électroniques ne sont pas identiques."}


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("06 12 34 56 78", "+33612345678"),
        ("07.12.34.56.78", "+33712345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("0033612345678", "+33612345678"),
        ("(06) 12-34-56-78", "+33612345678"),
        ("+32 470 12 34 56", "+32470123456"),  # a foreign mobile keeps its own prefix
    ],
)
def test_phone_is_normalised_to_e164(typed, stored):
    clean, errors = validate_signup(signup_form(phone=typed), TODAY)
    assert errors == {}
    assert clean["phone"] == stored


@pytest.mark.parametrize(
    "phone",
    ["01 23 45 67 89", "+33 1 23 45 67 89", "06 12 34 56 7", "06 12 34 56 789", "12345", "téléphone"],
)
def test_bad_or_landline_phone_is_refused(phone):
    errors = _errors(phone=phone)
    assert errors == {"phone": "Saisissez un numéro de téléphone mobile, par exemple 06 12 34 56 78."}


@pytest.mark.parametrize("postal_code", ["6900", "690031", "69 003", "2A004", "ABCDE"])
def test_bad_postal_code(postal_code):
    assert _errors(postal_code=postal_code) == {"postal_code": "Le code postal comporte 5 chiffres."}


def test_sixteenth_birthday_is_the_minimum_age():
    assert _errors(birth_date="2010-06-01") == {}
    assert _errors(birth_date="2010-06-02") == {"birth_date": "Vous devez avoir au moins 16 ans."}


@pytest.mark.parametrize("born", ["2026-06-02", "2030-01-01"])
def test_future_birth_date_is_refused(born):
    assert _errors(birth_date=born) == {"birth_date": "Saisissez une date de naissance valide."}


def test_implausibly_old_birth_date_is_refused():
    assert _errors(birth_date="1900-01-01") == {"birth_date": "Saisissez une date de naissance valide."}


@pytest.mark.parametrize("born", ["15/06/1985", "1985-02-30", "hier"])
def test_unreadable_birth_date_is_refused(born):
    assert _errors(birth_date=born) == {"birth_date": "Saisissez une date de naissance valide (JJ/MM/AAAA)."}


@pytest.mark.parametrize("name", ["Martin3", "<script>", "-Martin", "Martin_Durand", "Martin;DROP"])
@pytest.mark.parametrize("key", ["birth_name", "first_names", "birth_city"])
def test_bad_name_characters(key, name):
    errors = _errors(**{key: name})
    assert errors == {key: f"{accounts.LABELS[key]} : lettres, espaces, tirets et apostrophes uniquement."}


@pytest.mark.parametrize("name", ["O'Brien-Lefèvre", "Núñez", "Lœuvre", "De La Fontaine", "L'Haÿ-les-Roses"])
def test_accented_and_compound_names_are_accepted(name):
    assert _errors(birth_name=name) == {}


def test_name_longer_than_80_characters_is_refused():
    assert _errors(birth_name="A" * 80) == {}
    assert _errors(birth_name="A" * 81) == {"birth_name": "Nom de naissance : 80 caractères au maximum."}


def test_unknown_civility():
    assert _errors(civility="mlle") == {"civility": "Choisissez Madame ou Monsieur."}


def test_too_short_address():
    assert "address" in _errors(address="12")


@pytest.mark.parametrize(
    ("licence_type", "number"),
    [("pink_paper", "13AB12345"), ("eu_card", "850675123456"), ("foreign", "AB1")],
)
def test_licence_number_must_fit_the_chosen_type(licence_type, number):
    errors = _errors(licence_type=licence_type, licence_number=number)
    assert set(errors) == {"licence_number"}
    assert errors["licence_number"].startswith("Format non reconnu pour ce type de permis.")


def test_same_number_accepted_under_the_right_type():
    clean, errors = validate_signup(signup_form(licence_type="pink_paper", licence_number="8506 2A 123456"), TODAY)
    assert errors == {}
    assert clean["licence_number"] == "85062A123456"


def test_unknown_licence_type_is_reported_on_the_type_only():
    errors = _errors(licence_type="moto")
    assert errors == {"licence_type": "Choisissez le type de permis."}


def test_unknown_licence_type_and_no_number_reports_both():
    errors = _errors(licence_type="moto", licence_number="")
    assert set(errors) == {"licence_type", "licence_number"}


@pytest.mark.parametrize("consent", [c.key for c in accounts.CONSENTS])
def test_any_missing_consent_is_refused(consent):
    assert _errors(**{consent: ""}) == {"consents": CONSENT_ERROR}
    form = signup_form()
    del form[consent]
    assert validate_signup(form, TODAY)[1] == {"consents": CONSENT_ERROR}


@pytest.mark.parametrize("value", ["off", "false", "0", "non"])
def test_a_consent_must_be_ticked_not_just_present(value):
    assert _errors(consent_terms=value) == {"consents": CONSENT_ERROR}


@pytest.mark.parametrize("value", ["on", "true", "True", "1", "yes"])
def test_ticked_consent_values(value):
    assert _errors(consent_terms=value) == {}


def test_usage_name_is_optional_but_checked_when_given():
    form = signup_form()
    del form["usage_name"]
    clean, errors = validate_signup(form, TODAY)
    assert errors == {}
    assert clean["usage_name"] == ""
    clean, errors = validate_signup(signup_form(usage_name="Dupont"), TODAY)
    assert errors == {}
    assert clean["usage_name"] == "Dupont"
    assert set(_errors(usage_name="Dupont2")) == {"usage_name"}


def test_several_errors_are_reported_together():
    errors = _errors(birth_name="", phone="123", postal_code="1", consent_privacy="")
    assert set(errors) == {"birth_name", "phone", "postal_code", "consents"}


def test_transition_table_over_every_status_and_action():
    legal = 0
    for status, action in itertools.product(AccountStatus, AccountAction):
        if (status, action) in TRANSITIONS:
            assert next_status(status.value, action) == TRANSITIONS[(status, action)]
            legal += 1
        else:
            with pytest.raises(IllegalTransition):
                next_status(status.value, action)
    assert legal == len(TRANSITIONS)


def test_nominal_path_of_an_account():
    status = AccountStatus.IN_REVIEW
    for action, expected in [
        (AccountAction.CORRECTION_REQUESTED, AccountStatus.TO_CORRECT),
        (AccountAction.CORRECTED, AccountStatus.IN_REVIEW),
        (AccountAction.VALIDATED, AccountStatus.VALIDATED),
        (AccountAction.PASSWORD_LINK_SENT, AccountStatus.VALIDATED),
        (AccountAction.PASSWORD_SET, AccountStatus.ACTIVE),
        (AccountAction.PASSWORD_RESET, AccountStatus.ACTIVE),
    ]:
        status = next_status(status, action)
        assert status == expected


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (AccountStatus.TO_CORRECT, AccountAction.VALIDATED),  # the driver must correct first
        (AccountStatus.VALIDATED, AccountAction.VALIDATED),  # no double decision
        (AccountStatus.VALIDATED, AccountAction.CORRECTION_REQUESTED),
        (AccountStatus.IN_REVIEW, AccountAction.PASSWORD_SET),  # no password before validation
        (AccountStatus.IN_REVIEW, AccountAction.CORRECTED),
        (AccountStatus.ACTIVE, AccountAction.PASSWORD_SET),
        (AccountStatus.VALIDATED, AccountAction.PASSWORD_RESET),
        (AccountStatus.ACTIVE, AccountAction.VALIDATED),
        (AccountStatus.IN_REVIEW, AccountAction.CREATED),
    ],
)
def test_sample_of_illegal_transitions(status, action):
    with pytest.raises(IllegalTransition):
        next_status(status.value, action)


def test_disabled_is_final_and_everything_else_can_be_disabled():
    for action in AccountAction:
        with pytest.raises(IllegalTransition):
            next_status(AccountStatus.DISABLED, action)
    for status in AccountStatus:
        if status != AccountStatus.DISABLED:
            assert next_status(status, AccountAction.DISABLED) == AccountStatus.DISABLED


def test_unknown_status_raises_illegal_transition():
    with pytest.raises(IllegalTransition):
        next_status("archived", AccountAction.VALIDATED)


def test_typographic_apostrophe_and_capital_y_diaeresis_are_accepted():
    clean, errors = accounts.validate_fields(
        {"birth_name": "D’Artagnan", "birth_city": "L'HAŸ-LES-ROSES", "city": "Villeneuve‑d’Ascq"},
        ("birth_name", "birth_city", "city"),
        date(2026, 11, 26),
    )
    assert errors == {}
    assert clean["birth_name"] == "D'Artagnan"
    assert clean["city"] == "Villeneuve-d'Ascq"


def test_decomposed_accents_are_stored_composed():
    clean, errors = accounts.validate_fields({"first_names": "Ele\u0301onore"}, ("first_names",), date(2026, 11, 26))
    assert errors == {}
    assert clean["first_names"] == "El\u00e9onore"
