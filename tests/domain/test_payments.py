"""Fees, VAT split in cents, invoice numbers, decline messages (pure)."""

from __future__ import annotations

import pytest

from hubpro.domain import payments as money


@pytest.mark.parametrize(
    ("motif", "cents"),
    [
        ("loss", 3600),
        ("theft", 3600),
        ("exchange", 3600),
        ("quality_driver", 3600),
        ("quality_operator", 0),
        ("reshipping_new_address", 800),
        ("reshipping_same_address", 0),
    ],
)
def test_default_fees_follow_the_domain_decisions(motif, cents):
    assert money.fee_for(motif) == cents


def test_fees_are_configurable_and_unknown_motifs_refused():
    assert money.fee_for("loss", {"loss": 4200}) == 4200
    with pytest.raises(KeyError):
        money.fee_for("cadeau")


@pytest.mark.parametrize(
    ("ttc", "ht", "vat"),
    [(3600, 3000, 600), (800, 667, 133), (0, 0, 0), (1, 1, 0), (12, 10, 2), (100, 83, 17), (999_999, 833_333, 166_666)],
)
def test_vat_split_adds_up_to_the_cent(ttc, ht, vat):
    amounts = money.split_ttc(ttc)
    assert (amounts.ht, amounts.vat, amounts.ttc) == (ht, vat, ttc)
    assert amounts.ht + amounts.vat == ttc


def test_vat_split_refuses_negative_amounts():
    with pytest.raises(ValueError):
        money.split_ttc(-1)


def test_invoice_numbers_are_yearly_and_padded():
    assert money.invoice_number(2026, 1) == "HPT-2026-000001"
    assert money.invoice_number(2026, 123) == "HPT-2026-000123"
    assert money.invoice_number(2027, 1_234_567) == "HPT-2027-1234567"
    with pytest.raises(ValueError):
        money.invoice_number(2026, 0)


def test_euros_are_written_the_french_way():
    assert money.euros(3600) == "36,00 €"
    assert money.euros(800) == "8,00 €"
    assert money.euros(5) == "0,05 €"
    assert money.euros(123456) == "1 234,56 €"


def test_decline_messages_are_french_and_never_empty():
    assert "refusé" in money.decline_message("card_declined")
    assert "cryptogramme" in money.decline_message("incorrect_cvc")
    assert money.decline_message("something_new") == money.GENERIC_DECLINE
    assert money.decline_message("") == money.GENERIC_DECLINE


def test_only_the_stored_succeeded_intent_with_our_amount_proves_a_payment():
    ours = money.IntentFacts("pi_ours", "pay1", 3600, "eur")
    assert money.success_mismatch(ours, money.IntentFacts("pi_ours", "pay1", 3600, "EUR")) == ""
    assert "stored" in money.success_mismatch(ours, money.IntentFacts("pi_other", "pay1", 3600, "eur"))
    assert "stored" in money.success_mismatch(money.IntentFacts("", "pay1", 3600, "eur"), money.IntentFacts(
        "", "pay1", 3600, "eur"))  # fmt: skip
    assert "requires_action" in money.success_mismatch(ours, money.IntentFacts("pi_ours", "pay1", 3600, "eur",
                                                                               "requires_action"))  # fmt: skip
    assert "another payment" in money.success_mismatch(ours, money.IntentFacts("pi_ours", "pay2", 3600, "eur"))
    assert "amount" in money.success_mismatch(ours, money.IntentFacts("pi_ours", "pay1", 1, "eur"))
    assert "amount" in money.success_mismatch(ours, money.IntentFacts("pi_ours", "pay1", 3600, "usd"))


def test_every_decline_and_reconciliation_message_is_french():
    assert "authentification" in money.decline_message("payment_intent_authentication_failure")
    assert "Aucun montant n'a été débité" in money.ABANDONED
    assert money.CREATE_GRACE < money.STALE_AFTER
