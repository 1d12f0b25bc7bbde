"""Roadside verification states and share codes: pure rules."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hubpro.domain import verification as v

TODAY = date(2026, 12, 2)


def test_card_state_follows_status_then_dates():
    later = TODAY + timedelta(days=300)
    assert v.card_state("shipped", later, TODAY) == v.TitleState.VALID
    assert v.card_state("in_production", later, TODAY) == v.TitleState.VALID
    assert v.card_state("returned", later, TODAY) == v.TitleState.VALID
    assert v.card_state("shipped", TODAY, TODAY) == v.TitleState.VALID  # last valid day
    assert v.card_state("shipped", TODAY - timedelta(days=1), TODAY) == v.TitleState.EXPIRED
    assert v.card_state("declared_lost", later, TODAY) == v.TitleState.LOST
    assert v.card_state("declared_stolen", later, TODAY) == v.TitleState.STOLEN
    assert v.card_state("replaced", later, TODAY) == v.TitleState.REPLACED
    assert v.card_state("returned_defective", later, TODAY) == v.TitleState.REPLACED
    # a declaration wins over the dates
    assert v.card_state("declared_lost", TODAY - timedelta(days=9), TODAY) == v.TitleState.LOST


def test_certificate_state():
    assert v.certificate_state(TODAY, TODAY, replaced=False) == v.TitleState.VALID
    assert v.certificate_state(TODAY - timedelta(days=1), TODAY, replaced=False) == v.TitleState.EXPIRED
    assert v.certificate_state(TODAY + timedelta(days=9), TODAY, replaced=True) == v.TitleState.REPLACED


def test_state_labels_are_the_french_words():
    assert [s.label for s in v.TitleState] == ["Valide", "Expiré", "Remplacé", "Déclaré perdu", "Déclaré volé"]
    assert v.KIND_LABELS["card"] == "Carte de qualification de conducteur"
    assert v.KIND_LABELS["certificate"] == "Certificat de qualification"


def test_unknown_card_status_is_not_valid():
    assert v.card_state("nonsense", TODAY, TODAY) == v.TitleState.EXPIRED


def test_share_code_alphabet_has_no_ambiguous_characters():
    assert not set("0O1IL") & set(v.CODE_ALPHABET)
    codes = {v.new_share_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(c) == 8 and set(c) <= set(v.CODE_ALPHABET) for c in codes)


def test_normalize_code_forgives_spaces_case_and_dashes():
    assert v.normalize_code(" abcd-ef 23 ") == "ABCDEF23"
    assert v.normalize_code("ABCD EF2") is None  # 7 characters
    assert v.normalize_code("ABCDEF0O") is None  # not in the alphabet
    assert v.normalize_code(None) is None  # type: ignore[arg-type]
    assert v.normalize_code("x" * 500) is None


def test_format_code_groups_by_four():
    assert v.format_code("ABCDEF23") == "ABCD-EF23"


def test_share_code_lifetime_is_21_days():
    t = datetime(2026, 12, 2, 10, tzinfo=UTC)
    assert v.share_expires_at(t) == t + timedelta(days=21)
    assert v.share_code_in_force(t + timedelta(days=21), t, None) is False
    assert v.share_code_in_force(t + timedelta(days=20, hours=23), t, None) is True
    assert v.share_code_in_force(t + timedelta(days=1), t, t) is False


def test_birth_name_compare_ignores_case_and_accents():
    assert v.birth_name_matches("  éloïse-DUPRÉ ", "Eloise Dupre")
    assert not v.birth_name_matches("", "")
    assert not v.birth_name_matches("Martin", "Martine")
    assert not v.birth_name_matches(None, "Martin")  # type: ignore[arg-type]


def test_verification_token_is_derived_and_long():
    salt = bytes(16)
    token = v.derive_token(b"k" * 32, salt)
    assert len(token) >= 22 and token == v.derive_token(b"k" * 32, salt)
    assert token != v.derive_token(b"j" * 32, salt)
    assert v.token_digest(token) != token and len(v.token_digest(token)) == 64
    assert v.well_formed_token(token)
    assert not v.well_formed_token("../../etc")
    assert not v.well_formed_token("a" * 200)
