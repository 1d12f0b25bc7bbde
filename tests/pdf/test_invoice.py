"""Tests of the invoice PDF: mandatory mentions, amounts, duplicate mark, determinism."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import pytest
from pypdf import PdfReader

from hubpro.pdf import InvoiceData, InvoiceLine, Seller, format_eur, render_invoice

SELLER = Seller(
    name="Imprimerie Nationale SA",
    legal="SA au capital de 1 000 000 € – SIREN 352 973 622 – RCS Paris",
    address="104 avenue du Président Kennedy, 75016 Paris",
    vat_number="FR 12 352973622",
)
LINES = (
    InvoiceLine(
        designation="Demande de carte de qualification de conducteur (CQC)",
        quantity=1,
        unit_price_ht_cents=2500,
        vat_rate_percent=20,
    ),
    InvoiceLine(designation="Frais d'envoi suivi", quantity=1, unit_price_ht_cents=500, vat_rate_percent=20),
)
INVOICE = InvoiceData(
    number="HPT-2026-000123",
    issued_on=date(2026, 1, 16),
    service_date=date(2026, 1, 15),
    client_name="Jean Dupont",
    billing_address="12 rue des Lilas\nBât. B\n69003 Lyon",
    lines=LINES,
    total_ht_cents=3000,
    total_vat_cents=600,
    total_ttc_cents=3600,
    payment_method="Carte bancaire",
    paid_on=date(2026, 1, 16),
    request_reference="DEM-2026-ABC123",
)


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def _text(pdf: bytes) -> str:
    """The extracted text with line breaks and runs of spaces collapsed to one space."""
    return " ".join(" ".join(_pages(pdf)).split())


def test_output_is_a_pdf():
    assert render_invoice(INVOICE, SELLER).startswith(b"%PDF-")
    assert render_invoice(INVOICE, SELLER, duplicate=True).startswith(b"%PDF-")


def test_invoice_shows_every_mandatory_mention():
    text = _text(render_invoice(INVOICE, SELLER))
    for expected in (
        "Facture n° HPT-2026-000123",
        "Date d'émission 16/01/2026",
        "Date de la prestation 15/01/2026",
        "Imprimerie Nationale SA",
        "SIREN 352 973 622",
        "RCS Paris",
        "104 avenue du Président Kennedy, 75016 Paris",
        "N° TVA intracommunautaire : FR 12 352973622",
        "Facturé à Jean Dupont 12 rue des Lilas Bât. B 69003 Lyon",
        "Désignation Quantité Prix unitaire HT TVA Total HT",
        "Demande de carte de qualification de conducteur (CQC)",
        "Frais d'envoi suivi",
        "Payée le 16/01/2026 par carte bancaire",
        "DEM-2026-ABC123",
        "Pas d'escompte pour paiement anticipé",
        "pénalités au taux légal",
        "indemnité forfaitaire de 40 € pour frais de recouvrement (art. L441-10 du code de commerce)",
    ):
        assert expected in text, expected


def test_lines_and_totals_are_printed_with_french_amounts():
    text = _text(render_invoice(INVOICE, SELLER))
    assert "1 25,00 € 20 % 25,00 €" in text
    assert "1 5,00 € 20 % 5,00 €" in text
    assert "Total HT 30,00 €" in text
    assert "TVA 20 % 6,00 €" in text
    assert "Total TTC 36,00 €" in text


def test_totals_are_printed_as_given_never_recomputed():
    given = replace(INVOICE, total_ht_cents=123456, total_vat_cents=24691, total_ttc_cents=148147)
    text = _text(render_invoice(given, SELLER))
    assert "Total HT 1 234,56 €" in text
    assert "TVA 20 % 246,91 €" in text
    assert "Total TTC 1 481,47 €" in text
    assert "36,00" not in text


def test_line_amount_is_quantity_times_unit_price():
    lines = (InvoiceLine("Duplicata de carte", 3, 1234, 20),)
    text = _text(render_invoice(replace(INVOICE, lines=lines), SELLER))
    assert "3 12,34 € 20 % 37,02 €" in text


def test_mixed_vat_rates_label_the_vat_total_without_a_rate():
    lines = (LINES[0], replace(LINES[1], vat_rate_percent=10))
    text = _text(render_invoice(replace(INVOICE, lines=lines), SELLER))
    assert "10 %" in text
    assert "TVA 20 % 6,00 €" not in text
    assert "TVA 6,00 €" in text


def test_duplicate_is_marked_and_the_original_is_not():
    original = _text(render_invoice(INVOICE, SELLER))
    duplicate = _text(render_invoice(INVOICE, SELLER, duplicate=True))
    assert "DUPLICATA" not in original
    assert "Facture n° HPT-2026-000123 - DUPLICATA" in duplicate
    assert duplicate.count("DUPLICATA") == 2  # the title line and the diagonal mark
    assert duplicate.replace(" - DUPLICATA", "").replace("DUPLICATA", "").split() == original.split()


def test_duplicate_mark_is_on_every_page():
    many = tuple(InvoiceLine(f"Prestation n° {index}", 1, 100, 20) for index in range(60))
    pages = _pages(render_invoice(replace(INVOICE, lines=many), SELLER, duplicate=True))
    assert len(pages) > 1
    assert all("DUPLICATA" in page for page in pages)
    assert all("Désignation" in page for page in pages[:-1])  # the table headings repeat
    assert f"page {len(pages)}/{len(pages)}" in pages[-1]


def test_same_input_gives_identical_bytes():
    assert render_invoice(INVOICE, SELLER) == render_invoice(INVOICE, SELLER)
    assert render_invoice(INVOICE, SELLER, duplicate=True) == render_invoice(INVOICE, SELLER, duplicate=True)


def test_original_and_duplicate_differ():
    assert render_invoice(INVOICE, SELLER) != render_invoice(INVOICE, SELLER, duplicate=True)


def test_metadata_names_the_invoice():
    metadata = PdfReader(io.BytesIO(render_invoice(INVOICE, SELLER))).metadata
    assert metadata.title == "Facture n° HPT-2026-000123"
    assert metadata.subject == "HPT-2026-000123"
    assert metadata.creation_date.date() == date(2026, 1, 16)


@pytest.mark.parametrize(
    ("method", "printed"),
    [("Carte bancaire", "par carte bancaire."), ("CB", "par CB."), ("Virement SEPA", "par virement SEPA.")],
)
def test_payment_method_reads_as_a_sentence(method, printed):
    text = _text(render_invoice(replace(INVOICE, payment_method=method), SELLER))
    assert printed in text


def test_non_latin1_text_never_raises_and_keeps_the_euro_sign():
    odd = replace(
        INVOICE,
        client_name="Łukasz Œuvre “Zoë”",
        billing_address="\n  Straße 1 \x07\n\n東京\n",
        lines=(InvoiceLine("Option – 5 € offerts…", 1, 3000, 20),),
    )
    text = _text(render_invoice(odd, SELLER))
    assert "Łukasz Œuvre “Zoë”" in text
    assert "Option – 5 € offerts…" in text
    assert "Straße 1" in text


def test_client_name_prints_as_typed():
    text = _text(render_invoice(replace(INVOICE, client_name="Łukasz Øster"), SELLER))
    assert "Łukasz Øster" in text


@pytest.mark.parametrize(
    ("cents", "expected"),
    [(0, "0,00 €"), (5, "0,05 €"), (3600, "36,00 €"), (123456, "1 234,56 €"), (123456789, "1 234 567,89 €")],
)
def test_format_eur(cents, expected):
    assert format_eur(cents) == expected


def test_format_eur_rejects_negative_amounts():
    with pytest.raises(ValueError, match="negative"):
        format_eur(-1)
