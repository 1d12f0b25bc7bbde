"""Tests of the card-request rules (transition table, labels, steps, documents, gating) and card display."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from hubpro.domain import card_requests as rules
from hubpro.domain import cards
from hubpro.domain.card_requests import IllegalTransition, RequestAction, RequestStatus

S, A = RequestStatus, RequestAction
ALL_PAIRS = [(s, a) for s in RequestStatus for a in RequestAction]

# The legal moves of domain.md § Card request, written out independently of the code's table.
EXPECTED = {
    (S.DRAFT, A.SUBMIT): S.SENT,
    (S.DRAFT, A.CANCEL): S.CANCELLED,
    (S.SENT, A.TAKE): S.IN_REVIEW,
    (S.INFO_SENT, A.TAKE): S.IN_REVIEW,
    (S.SENT, A.REQUEST_INFO): S.INFO_REQUESTED,
    (S.IN_REVIEW, A.REQUEST_INFO): S.INFO_REQUESTED,
    (S.INFO_SENT, A.REQUEST_INFO): S.INFO_REQUESTED,
    (S.INFO_REQUESTED, A.REPLY): S.INFO_SENT,
    (S.SENT, A.VALIDATE): S.VALIDATED,
    (S.IN_REVIEW, A.VALIDATE): S.VALIDATED,
    (S.INFO_SENT, A.VALIDATE): S.VALIDATED,
    (S.VALIDATED, A.PRODUCE): S.IN_PRODUCTION,
    (S.IN_PRODUCTION, A.SHIP): S.SHIPPED,
    (S.SENT, A.REJECT): S.REJECTED,
    (S.IN_REVIEW, A.REJECT): S.REJECTED,
    (S.INFO_SENT, A.REJECT): S.REJECTED,
    # Replacements (issue « Remplacement, Echange »): paid before production; Qualité via a return.
    (S.DRAFT, A.SUBMIT_PAYABLE): S.AWAITING_PAYMENT,
    (S.AWAITING_PAYMENT, A.PAY): S.PAID,
    (S.PAID, A.PRODUCE): S.IN_PRODUCTION,
    (S.DRAFT, A.SUBMIT_RETURN): S.AWAITING_CARD,
    (S.AWAITING_CARD, A.RECEIVE): S.ANALYSIS,
    (S.ANALYSIS, A.OPERATOR_FAULT): S.VALIDATED,
    (S.ANALYSIS, A.DRIVER_FAULT): S.AWAITING_PAYMENT,
    (S.DRAFT, A.CONFIRM_ADDRESS): S.VALIDATED,
}

# domain.md: « brouillon (new) · envoyée (info) · … · annulée (error) ».
DOC_LABELS = {
    S.DRAFT: ("brouillon", "new"),
    S.SENT: ("envoyée", "info"),
    S.IN_REVIEW: ("en cours d'instruction", "info"),
    S.INFO_REQUESTED: ("en attente d'information complémentaire", "warning"),
    S.INFO_SENT: ("complément envoyé", "info"),
    S.VALIDATED: ("validée", "success"),
    S.IN_PRODUCTION: ("en fabrication", "info"),
    S.SHIPPED: ("expédiée", "success"),
    S.REJECTED: ("rejetée", "error"),
    S.CANCELLED: ("annulée", "error"),
    S.AWAITING_PAYMENT: ("en attente de paiement", "warning"),
    S.PAID: ("payée", "success"),
    S.AWAITING_CARD: ("en attente de réception de la carte", "info"),
    S.ANALYSIS: ("analyse en cours", "info"),
}
ALL_DOCS = {"photo", "signature", "identity", "licence_front", "licence_back"}


# --- transition table --------------------------------------------------------------------------


@pytest.mark.parametrize(("status", "action"), ALL_PAIRS, ids=[f"{s.value}-{a.value}" for s, a in ALL_PAIRS])
def test_every_pair_follows_the_table(status, action):
    if (status, action) in rules.TRANSITIONS:
        assert rules.next_status(status, action) == rules.TRANSITIONS[(status, action)]
        assert rules.next_status(status.value, action.value) == rules.TRANSITIONS[(status, action)]
    else:
        with pytest.raises(IllegalTransition):
            rules.next_status(status, action)
        with pytest.raises(IllegalTransition):
            rules.next_status(status.value, action.value)


def test_table_is_exactly_the_documented_moves():
    assert rules.TRANSITIONS == EXPECTED
    for (status, action), after in EXPECTED.items():
        assert rules.next_status(status, action) is after


def test_illegal_transition_is_a_value_error():
    assert issubclass(IllegalTransition, ValueError)


@pytest.mark.parametrize(("status", "action"), [("bogus", "submit"), ("draft", "bogus"), ("", "")])
def test_unknown_status_or_action_is_illegal(status, action):
    with pytest.raises(IllegalTransition):
        rules.next_status(status, action)


@pytest.mark.parametrize("final", [S.CANCELLED, S.REJECTED, S.SHIPPED])
def test_no_transition_leaves_a_final_status(final):
    assert not [pair for pair in rules.TRANSITIONS if pair[0] == final]
    for action in RequestAction:
        with pytest.raises(IllegalTransition):
            rules.next_status(final, action)


def test_drivers_actions_are_submit_cancel_reply():
    assert set(rules.DRIVER_ACTIONS) == {
        A.SUBMIT,
        A.CANCEL,
        A.REPLY,
        A.SUBMIT_PAYABLE,
        A.SUBMIT_RETURN,
        A.CONFIRM_ADDRESS,
    }


def test_only_a_draft_can_be_submitted_or_cancelled():
    assert {s for (s, a) in rules.TRANSITIONS if a in (A.SUBMIT, A.CANCEL)} == {S.DRAFT}
    assert {s for (s, a) in rules.TRANSITIONS if a == A.REPLY} == {S.INFO_REQUESTED}


def test_every_status_is_reachable_from_a_draft():
    reached, frontier = {S.DRAFT}, [S.DRAFT]
    while frontier:
        current = frontier.pop()
        for (s, _), after in rules.TRANSITIONS.items():
            if s == current and after not in reached:
                reached.add(after)
                frontier.append(after)
    assert reached == set(RequestStatus)


def test_open_and_to_instruct_sets():
    assert S.DRAFT not in rules.OPEN
    assert not {S.CANCELLED, S.REJECTED, S.SHIPPED} & rules.OPEN
    assert set(rules.TO_INSTRUCT) == {S.SENT, S.IN_REVIEW, S.INFO_REQUESTED, S.INFO_SENT, S.AWAITING_CARD, S.ANALYSIS}
    assert set(rules.TO_INSTRUCT) <= rules.OPEN


# --- labels, tones, next steps ------------------------------------------------------------------


@pytest.mark.parametrize("status", list(RequestStatus), ids=[s.value for s in RequestStatus])
def test_every_status_has_label_tone_and_next_step(status):
    info = rules.status_info(status)
    assert info is rules.status_info(status.value)
    assert info.label.strip()
    assert info.tone in {"success", "warning", "error", "info", "new"}
    assert info.next_step.strip()


@pytest.mark.parametrize("status", list(RequestStatus), ids=[s.value for s in RequestStatus])
def test_labels_and_tones_match_the_domain_doc(status):
    label, tone = DOC_LABELS[status]
    info = rules.status_info(status)
    assert info.label.casefold() == label.casefold()
    assert info.tone == tone


def test_status_info_covers_exactly_the_statuses():
    assert set(rules.STATUS_INFO) == set(RequestStatus)
    assert len({i.label for i in rules.STATUS_INFO.values()}) == len(RequestStatus)


def test_unknown_status_has_no_info():
    with pytest.raises(ValueError):
        rules.status_info("bogus")


# --- « Commencer » ------------------------------------------------------------------------------


def test_start_refused_without_certificate():
    refusal = rules.start_refusal(0, 0)
    assert "certificat de qualification" in refusal


def test_start_refused_when_every_certificate_has_a_request():
    refusal = rules.start_refusal(2, 0)
    assert refusal.startswith("Une demande de carte existe déjà")
    assert refusal != rules.start_refusal(0, 0)


def test_start_allowed_with_a_free_certificate():
    assert rules.start_refusal(1, 1) == ""
    assert rules.start_refusal(3, 1) == ""


# --- steps ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("step", "number"), [("identity", 1), ("documents", 2), ("delivery", 3), ("summary", 4), ("bogus", 1), ("", 1)]
)
def test_step_number(step, number):
    assert rules.step_number(step) == number


@pytest.mark.parametrize(
    ("step", "label"),
    [
        ("identity", "Étape suivante : Pièces justificatives"),
        ("documents", "Étape suivante : Adresse de livraison"),
        ("delivery", "Étape suivante : Récapitulatif et envoi"),
        ("summary", ""),
        ("bogus", "Étape suivante : Pièces justificatives"),  # unknown: treated as the first step
    ],
)
def test_next_step_label(step, label):
    assert rules.next_step_label(step) == label


def test_every_step_has_a_label():
    assert set(rules.STEP_LABELS) == set(rules.STEPS)


# --- documents -----------------------------------------------------------------------------------


def test_missing_documents_all_in_order():
    assert rules.missing_documents(set()) == [d.label for d in rules.DOCUMENTS]
    assert len(rules.missing_documents(set())) == 5


def test_missing_documents_none_when_complete():
    assert rules.missing_documents(set(ALL_DOCS)) == []
    assert rules.missing_documents(ALL_DOCS | {"other"}) == []


def test_missing_documents_partial():
    assert rules.missing_documents({"photo", "identity", "licence_back"}) == [
        "Signature",
        "Permis de conduire – recto",
    ]


def test_expected_documents():
    assert set(rules.DOC_SPECS) == ALL_DOCS
    assert {f"doc:{k}" for k in ALL_DOCS} | {"field:identity", "field:delivery_address"} == set(rules.ITEM_LABELS)


def test_photo_and_signature_are_images_only():
    assert {k for k, d in rules.DOC_SPECS.items() if d.images_only} == {"photo", "signature"}
    for kind in ("photo", "signature"):
        assert "PDF" not in rules.DOC_SPECS[kind].hint
    for kind in ("identity", "licence_front", "licence_back"):
        assert "PDF" in rules.DOC_SPECS[kind].hint


# --- cards: display status and number ----------------------------------------------------------

SHIPPED_ON = date(2026, 3, 2)
EXPIRES_ON = date(2031, 2, 28)


@pytest.mark.parametrize(
    ("days_after_shipping", "expected"),
    [
        (0, ("Expédiée", "success")),
        (6, ("Expédiée", "success")),
        (7, ("Active", "success")),
        (30, ("Active", "success")),
    ],
)
def test_shipped_card_becomes_active_seven_days_after_shipping(days_after_shipping, expected):
    today = SHIPPED_ON + timedelta(days=days_after_shipping)
    assert cards.display_status("shipped", SHIPPED_ON, EXPIRES_ON, today) == expected


def test_shipped_card_without_shipping_date_stays_shipped():
    assert cards.display_status("shipped", None, EXPIRES_ON, SHIPPED_ON + timedelta(days=100)) == (
        "Expédiée",
        "success",
    )


@pytest.mark.parametrize("status", ["in_production", "shipped"])
def test_card_past_expiry_is_expired(status):
    assert cards.display_status(status, SHIPPED_ON, EXPIRES_ON, EXPIRES_ON + timedelta(days=1)) == ("Expirée", "error")
    assert cards.display_status(status, SHIPPED_ON, EXPIRES_ON, EXPIRES_ON) != ("Expirée", "error")  # last valid day


def test_card_on_its_last_day_is_still_active():
    assert cards.display_status("shipped", SHIPPED_ON, EXPIRES_ON, EXPIRES_ON) == ("Active", "success")
    assert cards.display_status("in_production", None, EXPIRES_ON, EXPIRES_ON) == ("En fabrication", "info")


@pytest.mark.parametrize(
    ("status", "label", "tone"),
    [
        ("replaced", "Remplacée", "error"),
        ("declared_lost", "Déclarée perdue", "error"),
        ("declared_stolen", "Déclarée volée", "error"),
        ("returned", "Pli non distribué", "warning"),
        ("returned_defective", "Retournée", "error"),
    ],
)
def test_ended_card_labels(status, label, tone):
    for today in (SHIPPED_ON + timedelta(days=10), EXPIRES_ON + timedelta(days=10)):  # expiry does not hide them
        assert cards.display_status(status, SHIPPED_ON, EXPIRES_ON, today) == (label, tone)


def test_every_card_status_has_a_label():
    assert set(cards.LABELS) == set(cards.CardStatus)


def test_unknown_card_status_is_refused():
    with pytest.raises(ValueError):
        cards.display_status("bogus", None, EXPIRES_ON, SHIPPED_ON)


def test_new_card_number_is_fr_and_ten_digits():
    numbers = {cards.new_card_number() for _ in range(200)}
    assert all(re.fullmatch(r"FR[0-9]{10}", n) for n in numbers)
    assert len(numbers) > 190  # random, not a constant
