"""Tests of the password policy: the guide's rule, common passwords and the live checklist."""

from __future__ import annotations

import pytest

from hubpro.domain import passwords

GOOD = "Routier-2026!Sûr"
ACCENTED_64 = "Éléphant-Ça-Dépassé-Lès-Soixanté-Quatré-Caractèrés-Accéntués-ÀÉ!"


def _failed(password: str) -> set[str]:
    return {r.key for r in passwords.checklist(password) if not r.ok}


def test_a_password_following_the_guide_is_accepted():
    assert passwords.password_error(GOOD, GOOD) == {}
    assert _failed(GOOD) == set()


def test_exactly_twelve_characters_is_enough_and_eleven_is_not():
    twelve = "Velo-Rouge!x"
    assert len(twelve) == 12
    assert passwords.password_error(twelve, twelve) == {}
    eleven = twelve[:-1]
    errors = passwords.password_error(eleven, eleven)
    assert "12 caractères" in errors["password"]
    assert _failed(eleven) == {"length"}


@pytest.mark.parametrize(
    ("password", "rule", "words"),
    [
        ("Ve-Ro!42x", "length", "12 caractères"),
        ("velo-rouge!42x", "upper", "majuscule"),
        ("VELO-ROUGE!42X", "lower", "minuscule"),
        ("VeloRouge42Xyz", "special", "caractère spécial"),
        ("Velo Rouge 42 Xyz", "special", "caractère spécial"),  # a space is not a special character
    ],
)
def test_each_rule_fails_alone(password, rule, words):
    assert _failed(password) == {rule}
    errors = passwords.password_error(password, password)
    assert set(errors) == {"password"}
    assert words in errors["password"]
    assert errors["password"].startswith("Le mot de passe ne respecte pas")


def test_several_failed_rules_are_all_listed():
    errors = passwords.password_error("abc", "abc")
    message = errors["password"]
    for words in ("12 caractères", "majuscule", "caractère spécial"):
        assert words in message
    assert "minuscule" not in message


def test_confirmation_mismatch_is_reported_on_the_confirmation_field():
    errors = passwords.password_error(GOOD, GOOD + "x")
    assert set(errors) == {"confirmation"}
    assert "confirmation" in errors["confirmation"].lower()


def test_empty_confirmation_is_a_mismatch():
    assert "confirmation" in passwords.password_error(GOOD, "")


@pytest.mark.parametrize(
    "password",
    ["Motdepasse123!", "Azertyuiop!1", "MotDePasse-2024!", "Password!2024", "Motdepassé123!"],
)
def test_common_passwords_are_refused_even_when_decorated(password):
    # Each of these meets the four character rules: only the common-password rule stops it.
    assert _failed(password) == {"common"}
    errors = passwords.password_error(password, password)
    assert "trop courant" in errors["password"]


def test_a_common_word_inside_a_longer_phrase_is_not_refused():
    # Only the whole base word is compared: a phrase containing « soleil » is fine.
    password = "Soleil-Couchant-Sur-Lyon!"
    assert not passwords.is_common(password)
    assert passwords.password_error(password, password) == {}


def test_a_64_character_accented_password_is_accepted():
    assert len(ACCENTED_64) == 64
    assert len(ACCENTED_64.encode()) > 72  # beyond bcrypt's byte limit
    assert passwords.password_error(ACCENTED_64, ACCENTED_64) == {}


def test_256_characters_accepted_but_257_refused():
    at_limit = ("Ab!" + "x" * 300)[: passwords.MAX_LENGTH]
    assert len(at_limit) == 256
    assert passwords.password_error(at_limit, at_limit) == {}
    too_long = at_limit + "y"
    errors = passwords.password_error(too_long, too_long)
    assert set(errors) == {"password"}
    assert "256" in errors["password"]


def test_checklist_of_an_empty_password_has_every_rule_unmet():
    rules = passwords.checklist("")
    assert [r.key for r in rules] == ["length", "upper", "lower", "special", "common"]
    assert not any(r.ok for r in rules)


def test_checklist_tracks_the_rules_while_typing():
    assert _failed("a") == {"length", "upper", "special"}
    assert _failed("aB") == {"length", "special"}
    assert _failed("aB!") == {"length"}
    assert _failed("aB!defghijkl") == set()


def test_checklist_match_rule_only_with_a_confirmation():
    assert "match" not in {r.key for r in passwords.checklist(GOOD)}
    match = {r.key: r.ok for r in passwords.checklist(GOOD, GOOD)}["match"]
    mismatch = {r.key: r.ok for r in passwords.checklist(GOOD, "autre")}["match"]
    empty = {r.key: r.ok for r in passwords.checklist("", "")}["match"]
    assert match is True
    assert mismatch is False
    assert empty is False  # two empty fields are not « identiques »


def test_checklist_labels_are_french():
    labels = [r.label for r in passwords.checklist("", "")]
    assert labels[0] == "Au moins 12 caractères"
    assert all(label.startswith(("Au moins", "Pas un", "Les deux")) for label in labels)


def test_common_password_in_leetspeak_is_refused():
    assert passwords.is_common("P@ssw0rd-2024!")
    assert passwords.is_common("M0tdep@sse123!")
    assert not passwords.is_common("Routier-2026!Sûr")
