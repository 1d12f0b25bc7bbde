"""Tests of the « Accueil » deadlines: days left, early-FCO window, certificate phrase, urgency order."""

from __future__ import annotations

from datetime import date

import pytest

from hubpro.domain import deadlines as d
from hubpro.domain.trainings import Fact, qualifications


def test_days_left_counts_the_last_day_as_zero():
    assert d.days_left(date(2026, 3, 1), date(2026, 2, 28)) == 1
    assert d.days_left(date(2028, 3, 1), date(2028, 2, 28)) == 2  # 29 February 2028 in between
    assert d.days_left(date(2026, 3, 1), date(2026, 3, 2)) == -1


@pytest.mark.parametrize(
    ("today", "phrase"),
    [
        (date(2026, 6, 1), "encore 29 jours"),
        (date(2026, 6, 29), "encore 1 jour"),
        (date(2026, 6, 30), "dernier jour"),
        (date(2026, 7, 1), "expiré depuis 1 jour"),
        (date(2026, 7, 3), "expiré depuis 3 jours"),
    ],
)
def test_days_phrase(today, phrase):
    assert d.days_phrase(date(2026, 6, 30), today) == phrase


def _goods(end: date) -> d.QualificationDeadline:
    q = qualifications([Fact("fimo", "marchandises", end)], today=end)["marchandises"]
    return d.QualificationDeadline(q.sector, q.valid_until, q.early_fco_from)


def test_qualification_window_from_a_29_february_training():
    q = _goods(date(2024, 2, 29))
    assert q.valid_until == date(2029, 2, 28)
    assert q.early_fco_from == date(2028, 2, 28)
    assert q.title() == "Qualification Marchandises"


def test_qualification_tone_and_rank_at_each_boundary():
    q = _goods(date(2024, 2, 29))
    assert (q.tone(date(2028, 2, 27)), q.rank(date(2028, 2, 27))) == ("success", d.INFO)
    assert (q.tone(date(2028, 2, 28)), q.rank(date(2028, 2, 28))) == ("warning", d.ACT_NOW)
    assert q.tone(date(2029, 2, 28)) == "warning"
    assert (q.tone(date(2029, 3, 1)), q.rank(date(2029, 3, 1))) == ("error", d.ACT_NOW)


def test_fco_advice_before_in_and_after_the_window():
    q = _goods(date(2024, 2, 29))
    assert "à partir du 28/02/2028" in q.fco_advice(date(2026, 1, 1))
    assert "avant le 28/02/2029" in q.fco_advice(date(2028, 6, 1))
    assert "a expiré" in q.fco_advice(date(2029, 3, 1))


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 2, 28), "valable jusqu'au 30/06/2026 – encore 122 jours pour faire votre demande de carte"),
        (date(2026, 6, 29), "valable jusqu'au 30/06/2026 – encore 1 jour pour faire votre demande de carte"),
        (date(2026, 6, 30), "valable jusqu'au 30/06/2026 – dernier jour pour faire votre demande de carte"),
        (date(2026, 7, 1), "expiré le 30/06/2026 – vous ne pouvez plus conduire avec ce certificat"),
    ],
)
def test_certificate_phrase(today, expected):
    cert = d.CertificateDeadline("CQ-1", date(2026, 2, 28), date(2026, 6, 30))
    assert cert.phrase(today) == expected


@pytest.mark.parametrize(
    ("expires", "alert", "rank"),
    [
        (date(2026, 12, 31), False, d.INFO),
        (date(2026, 4, 2), False, d.SOON),  # 90 days left: the warning starts
        (date(2026, 4, 3), False, d.INFO),  # 91 days left
        (date(2026, 1, 1), False, d.ACT_NOW),  # expired
        (date(2030, 1, 1), True, d.ACT_NOW),  # pli non distribué
    ],
)
def test_card_rank(expires, alert, rank):
    assert d.card_rank(expires, date(2026, 1, 2), alert) == rank


def test_sort_key_puts_actions_first_then_the_nearest_date():
    items = [
        ("info", d.sort_key(d.INFO, date(2026, 1, 2))),
        ("act-late", d.sort_key(d.ACT_NOW, date(2026, 9, 1))),
        ("act-soon", d.sort_key(d.ACT_NOW, date(2026, 2, 1))),
        ("act-undated", d.sort_key(d.ACT_NOW, None)),
        ("soon", d.sort_key(d.SOON, date(2026, 3, 1))),
    ]
    assert [name for name, _ in sorted(items, key=lambda x: x[1])] == [
        "act-soon", "act-late", "act-undated", "soon", "info",
    ]  # fmt: skip
