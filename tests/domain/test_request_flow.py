"""Transition tables as data: per request kind, for cards and for payments; what each status allows."""

from __future__ import annotations

import pytest

from hubpro.domain import cards, labels, payments, request_flow
from hubpro.domain.kinds import Fee, ReplacementMotif, RequestKind, ReturnedMailChoice
from hubpro.domain.replacements import MOTIF_BY_KEY, MOTIFS
from hubpro.domain.request_flow import IllegalTransition, RequestAction, RequestStatus

S, A, K = RequestStatus, RequestAction, RequestKind


def test_the_union_of_the_kind_tables_is_the_documented_table():
    union = {}
    for table in request_flow.TRANSITIONS_BY_KIND.values():
        for pair, after in table.items():
            assert union.setdefault(pair, after) == after  # no kind disagrees with another on a move
    assert union == request_flow.TRANSITIONS


@pytest.mark.parametrize(
    ("kind", "status", "action"),
    [
        (K.CQC, S.DRAFT, A.SUBMIT_PAYABLE),  # a first card is never paid
        (K.CQC, S.DRAFT, A.CONFIRM_ADDRESS),
        (K.REPLACEMENT, S.DRAFT, A.SUBMIT),  # a replacement is validated for payment or return, not « envoyée »
        (K.REPLACEMENT, S.SENT, A.TAKE),
        (K.REPLACEMENT, S.INFO_REQUESTED, A.REPLY),
        (K.RETURNED_MAIL, S.DRAFT, A.CANCEL),
        (K.RETURNED_MAIL, S.AWAITING_CARD, A.RECEIVE),
        (K.RETURNED_MAIL, S.DRAFT, A.SUBMIT),
    ],
)
def test_a_move_of_another_kind_is_refused_by_the_kind_table(kind, status, action):
    assert (status, action) in request_flow.TRANSITIONS  # legal for some kind
    assert not request_flow.can(kind, status, action)
    with pytest.raises(IllegalTransition):
        request_flow.next_status(status, action, kind)


def test_unknown_kind_has_no_table():
    assert not request_flow.can("pnd", S.DRAFT, A.CONFIRM_ADDRESS)  # the French value before the migration
    with pytest.raises(IllegalTransition):
        request_flow.next_status(S.DRAFT, A.SUBMIT, "carte")


def test_allowed_actions_follow_the_table():
    assert request_flow.allowed_actions(K.CQC, S.DRAFT) == ("submit", "cancel")
    assert request_flow.allowed_actions(K.CQC, S.SENT) == ("take", "request_info", "validate", "reject")
    assert request_flow.allowed_actions(K.REPLACEMENT, S.ANALYSIS) == ("operator_fault", "driver_fault")
    assert request_flow.allowed_actions(K.RETURNED_MAIL, S.IN_PRODUCTION) == ("ship",)
    assert request_flow.allowed_actions(K.CQC, S.SHIPPED) == ()


def test_what_the_driver_and_the_agent_may_do():
    assert request_flow.driver_can_edit(K.CQC, S.DRAFT) and request_flow.driver_can_edit(K.REPLACEMENT, S.DRAFT)
    assert not request_flow.driver_can_edit(K.CQC, S.INFO_REQUESTED)
    assert {s for s in S if request_flow.instructable(K.CQC, s)} == {S.SENT, S.IN_REVIEW, S.INFO_SENT}
    assert not any(request_flow.instructable(K.REPLACEMENT, s) for s in S)


def test_card_table():
    C, CA = cards.CardStatus, cards.CardAction
    assert cards.next_card_status(C.IN_PRODUCTION, CA.SHIP) == C.SHIPPED
    assert cards.next_card_status(C.SHIPPED, CA.RETURN_MAIL) == C.RETURNED
    assert cards.next_card_status(C.RETURNED, CA.RESHIP) == C.IN_PRODUCTION
    for start in (C.SHIPPED, C.RETURNED):
        assert cards.next_card_status(start, CA.DECLARE_LOST) == C.DECLARED_LOST
        assert cards.next_card_status(start, CA.REPLACE) == C.REPLACED
    for final in (C.REPLACED, C.DECLARED_LOST, C.DECLARED_STOLEN, C.RETURNED_DEFECTIVE):
        assert not [pair for pair in cards.CARD_TRANSITIONS if pair[0] == final]
    with pytest.raises(cards.IllegalCardTransition):
        cards.next_card_status(C.IN_PRODUCTION, CA.RETURN_MAIL)  # only a shipped card comes back
    with pytest.raises(cards.IllegalCardTransition):
        cards.next_card_status(C.SHIPPED, "explode")


def test_payment_table():
    P, PA = payments.PaymentStatus, payments.PaymentAction
    assert payments.next_payment_status(P.CREATED, PA.BEGIN) == P.PROCESSING
    assert payments.next_payment_status(P.FAILED, PA.BEGIN) == P.PROCESSING
    assert payments.next_payment_status(P.PROCESSING, PA.FAIL) == P.FAILED
    assert {s for (s, a) in payments.PAYMENT_TRANSITIONS if a == PA.SUCCEED} == {P.CREATED, P.PROCESSING, P.FAILED}
    for action in PA:
        with pytest.raises(payments.IllegalPaymentTransition):  # paid is final
            payments.next_payment_status(P.SUCCEEDED, action)
    with pytest.raises(payments.IllegalPaymentTransition):
        payments.next_payment_status(P.PROCESSING, PA.BEGIN)  # one attempt at a time


def test_motifs_kinds_and_fees_are_english_values_with_french_labels():
    assert [m.key for m in MOTIFS] == list(ReplacementMotif)
    assert {m.value for m in ReplacementMotif} == {"loss", "theft", "quality", "exchange"}
    assert [labels.MOTIF_LABELS[m] for m in ReplacementMotif] == ["Perte", "Vol", "Qualité", "Echange"]
    assert [labels.MOTIF_SLUGS[m] for m in ReplacementMotif] == ["perte", "vol", "qualite", "echange"]
    assert set(labels.KIND_TITLES) == set(RequestKind) and set(labels.RETURNED_MAIL_LABELS) == set(ReturnedMailChoice)
    assert set(payments.DEFAULT_FEES_CENTS) == set(Fee)
    assert MOTIF_BY_KEY["quality"].returned and not MOTIF_BY_KEY["loss"].returned
    assert labels.request_title(K.REPLACEMENT, "theft") == "Remplacement de carte (Vol)"
    assert labels.request_title(K.RETURNED_MAIL, "same_address") == "Réexpédition après pli non distribué"
    assert labels.request_title(K.CQC, "") == "Demande de carte CQC"
