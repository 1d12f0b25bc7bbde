"""Tests of the training summary and certificate PDFs: content, Unicode names, determinism, layout."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import pytest
from pypdf import PdfReader

from hubpro.pdf import Centre, Holder, TrainingFacts, render_certificate, render_training_summary

HOLDER = Holder(
    civility="Madame",
    birth_name="MARTIN",
    usage_name="DURAND",
    first_names="Sophie Anne",
    birth_date=date(1988, 2, 29),
    licence_number="13AA00002",
)
CENTRE = Centre(
    name="Centre de formation routière du Rhône",
    siret="12345678900012",
    agrement="2019-ARA-0042",
    region="Auvergne-Rhône-Alpes",
)
TRAINING = TrainingFacts(
    type_label="Formation continue obligatoire (FCO)",
    sector_label="Marchandises",
    categories="C1, C1E, C, CE",
    start_date=date(2026, 1, 12),
    end_date=date(2026, 1, 16),
    hours=35,
    session_reference="SESS-2026-0007",
)
ISSUED_ON = date(2026, 1, 16)
VALID_UNTIL = date(2026, 5, 16)


def _summary(reference: str = "REC-2026-000123", holder: Holder = HOLDER) -> bytes:
    return render_training_summary(
        reference=reference, holder=holder, centre=CENTRE, training=TRAINING, issued_on=ISSUED_ON
    )


def _certificate(reference: str = "CQC-2026-000123", holder: Holder = HOLDER) -> bytes:
    return render_certificate(
        reference=reference,
        holder=holder,
        centre=CENTRE,
        training=TRAINING,
        issued_on=ISSUED_ON,
        valid_until=VALID_UNTIL,
    )


def _reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in _reader(pdf).pages)


@pytest.mark.parametrize("render", [_summary, _certificate])
def test_output_is_a_pdf(render):
    assert render().startswith(b"%PDF-")


def test_summary_shows_holder_training_centre_and_reference():
    text = _text(_summary())
    for expected in (
        "Récapitulatif de formation",
        "REC-2026-000123",
        "Date d'émission 16/01/2026",
        "Madame",
        "MARTIN",
        "Nom d'usage DURAND",
        "Sophie Anne",
        "29/02/1988",
        "13AA00002",
        "Formation continue obligatoire (FCO)",
        "Marchandises",
        "C1, C1E, C, CE",
        "12/01/2026",
        "16/01/2026",
        "35 heures",
        "SESS-2026-0007",
        "Centre de formation agréé",
        "123 456 789 00012",
        "2019-ARA-0042",
        "Auvergne-Rhône-Alpes",
        "Document émis via Hub Pro Transport – référence REC-2026-000123 – page 1/1",  # the dashes as typed
    ):
        assert expected in text


def test_summary_omits_an_empty_usage_name():
    text = _text(_summary(holder=replace(HOLDER, usage_name="")))
    assert "Nom d'usage" not in text


def test_certificate_shows_dates_validity_and_mention():
    text = " ".join(_text(_certificate()).split())  # the mention wraps where the embedded font's widths say
    for expected in (
        "Certificat de qualification de conducteur",
        "CQC-2026-000123",
        "MARTIN",
        "Sophie Anne",
        "13AA00002",
        "Date de début de formation 12/01/2026",
        "Date de fin de formation 16/01/2026",
        "Date de délivrance 16/01/2026",
        "Valable jusqu'au 16/05/2026",
        "2019-ARA-0042",
        "code 95",
        "sur le territoire français uniquement",
    ):
        assert expected in text


def test_certificate_has_one_page():
    assert len(_reader(_certificate()).pages) == 1


def test_metadata_names_the_document_and_its_reference():
    metadata = _reader(_certificate()).metadata
    assert metadata.title == "Certificat de qualification de conducteur"
    assert metadata.author == "Hub Pro Transport"
    assert metadata.subject == "CQC-2026-000123"
    assert metadata.creation_date.date() == ISSUED_ON


@pytest.mark.parametrize("render", [_summary, _certificate])
def test_same_input_gives_identical_bytes(render):
    assert render() == render()


@pytest.mark.parametrize("render", [_summary, _certificate])
def test_different_references_give_different_bytes(render):
    assert render("REF-A") != render("REF-B")


@pytest.mark.parametrize("render", [_summary, _certificate])
def test_names_print_as_typed_with_the_embedded_unicode_font(render):
    holder = replace(HOLDER, birth_name="Łukasz Øster", usage_name="Ødegård-Œuvray", first_names="Zoë 🚚 “Jo” – œil…")
    text = _text(render(holder=holder))
    assert "Łukasz Øster" in text
    assert "Ødegård-Œuvray" in text
    assert "Zoë ? “Jo” – œil…" in text  # only what the font cannot draw (the emoji) is replaced


def test_greek_and_cyrillic_print_and_missing_characters_decompose():
    holder = replace(HOLDER, birth_name="Παπαδόπουλος", first_names="Дмитрий ㎏")
    text = _text(_certificate(holder=holder))
    assert "Παπαδόπουλος" in text
    assert "Дмитрий kg" in text  # a character the font lacks prints as its decomposition


def test_the_font_is_embedded_not_a_core_font():
    fonts = {
        str(font["/BaseFont"])
        for page in _reader(_certificate()).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("DejaVuSans" in name for name in fonts)


@pytest.mark.parametrize(
    "odd",
    ["👨‍👩‍👧", "e\u0301tienne", "a\u0000b\u0085c", "\ud800", "漢字", "ﬁlet", "{nb}", "", "   ", "\n\n\n"],
)
def test_odd_text_never_raises(odd):
    holder = replace(HOLDER, birth_name=odd, usage_name=odd, first_names=odd, licence_number=odd)
    assert _certificate(reference=odd or "X", holder=holder).startswith(b"%PDF-")


def test_decomposed_accents_are_kept():
    text = _text(_summary(holder=replace(HOLDER, first_names="e\u0301tienne")))
    assert "étienne" in text


@pytest.mark.parametrize("render", [_summary, _certificate])
def test_very_long_name_wraps(render):
    long_name = "Abcdefghij" * 20
    pdf = render(holder=replace(HOLDER, birth_name=long_name, first_names=" ".join(["Jean-Baptiste"] * 15)))
    text = _text(pdf).replace("\n", "")
    assert long_name in text
    assert "Jean-Baptiste Jean-Baptiste" in text


def test_very_long_text_overflows_to_a_second_page_with_page_numbers():
    pdf = _summary(holder=replace(HOLDER, first_names="Prénom " * 600))
    pages = _reader(pdf).pages
    assert len(pages) >= 2
    assert f"page 2/{len(pages)}" in pages[1].extract_text()


def test_certificate_with_a_verification_url_prints_it_under_a_qr_code():
    url = "https://hubpro.example/verifier/" + "a" * 32
    args = dict(reference="CQC-2026-000123", holder=HOLDER, centre=CENTRE, training=TRAINING, issued_on=ISSUED_ON,
                valid_until=VALID_UNTIL)  # fmt: skip
    with_qr = render_certificate(**args, verify_url=url)
    text = _text(with_qr).replace("\n", "")
    assert url in text and "Vérifier ce certificat" in text
    assert len(_reader(with_qr).pages) == 1  # the QR block still fits the page
    assert url not in _text(render_certificate(**args)).replace("\n", "")
