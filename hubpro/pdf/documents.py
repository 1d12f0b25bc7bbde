"""Training summary and certificate of qualification PDFs (French, A4, deterministic bytes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from hubpro.pdf.text import FONT, add_fonts, printable

AUTHOR = "Hub Pro Transport"
SUMMARY_TITLE = "Récapitulatif de formation"
CERTIFICATE_TITLE = "Certificat de qualification de conducteur"
CERTIFICATE_MENTION = (
    "Ce certificat est valable 4 mois à compter de sa date de délivrance (pour un conducteur mineur : "
    "4 mois à compter de ses 18 ans), sur le territoire français uniquement, accompagné d'un titre "
    "d'identité en cours de validité. Il permet de conduire dans l'attente de la carte de qualification "
    "de conducteur (code 95)."
)

MARGIN_MM = 20
FOOTER_OFFSET_MM = -14
LABEL_WIDTH_MM = 62
LINE_MM = 6
HEADING_PT = 16
BODY_PT = 11
FOOTER_PT = 8
FOOTER_REFERENCE_MAX = 40
INK = (33, 33, 33)
MUTED = (90, 90, 90)
RULE = (160, 160, 160)

# "{nb}" could appear in user text; a control character never survives printable(), so this alias cannot.
PAGES_ALIAS = "\x01nb\x01"


@dataclass(frozen=True)
class Holder:
    """The trainee, as identified on the training record."""

    civility: str
    birth_name: str
    usage_name: str
    first_names: str
    birth_date: date
    licence_number: str


@dataclass(frozen=True)
class Centre:
    """The approved training centre that issues the document."""

    name: str
    siret: str
    agrement: str
    region: str


@dataclass(frozen=True)
class TrainingFacts:
    """The training as printed: French labels already chosen by the caller."""

    type_label: str
    sector_label: str
    categories: str
    start_date: date
    end_date: date
    hours: int
    session_reference: str


def render_training_summary(
    *, reference: str, holder: Holder, centre: Centre, training: TrainingFacts, issued_on: date
) -> bytes:
    """Render the « Récapitulatif de formation ».

    Args:
        reference: Unique document reference, printed in the header and the footer.
        holder: The trainee.
        centre: The approved training centre.
        training: The training facts.
        issued_on: Issue date; also fixes the PDF creation date so the bytes are reproducible.

    Returns:
        The PDF document, identical bytes for identical arguments.
    """
    pdf = _new_document(SUMMARY_TITLE, reference, issued_on)
    _header(pdf, SUMMARY_TITLE, [("Référence", reference), ("Date d'émission", _fr(issued_on))])
    _holder_block(pdf, holder)
    _training_block(pdf, training)
    _centre_block(pdf, centre)
    return bytes(pdf.output())


def render_certificate(
    *,
    reference: str,
    holder: Holder,
    centre: Centre,
    training: TrainingFacts,
    issued_on: date,
    valid_until: date,
    verify_url: str = "",
) -> bytes:
    """Render the « Certificat de qualification de conducteur ».

    Args:
        reference: Unique certificate reference.
        holder: The driver.
        centre: The approved training centre that issues the certificate.
        training: The training that grants the qualification.
        issued_on: Date de délivrance; also fixes the PDF creation date.
        valid_until: Last day of validity, computed by the caller (4 months rule).
        verify_url: The « Vérification d'un titre » URL printed as a QR code (none when empty).

    Returns:
        The PDF document, identical bytes for identical arguments.
    """
    pdf = _new_document(CERTIFICATE_TITLE, reference, issued_on)
    _header(pdf, CERTIFICATE_TITLE, [("Référence", reference)])
    _validity_box(pdf, training.end_date, issued_on, valid_until)
    _holder_block(pdf, holder)
    _training_block(pdf, training, with_end_date=False)
    _centre_block(pdf, centre)
    _paragraph(pdf, CERTIFICATE_MENTION)
    if verify_url:
        verify_block(pdf, verify_url, "Vérifier ce certificat")
    return bytes(pdf.output())


QR_MM = 32  # ≈ 0.9 mm per module for a 192-bit token URL: scanned easily; keeps the certificate on one page
VERIFY_TEXT = (
    "Un contrôleur ou un employeur scanne ce code avec un téléphone pour vérifier en ligne que ce titre est valide."
)


def verify_block(pdf: FPDF, url: str, title: str) -> None:
    """The QR code of the document's « Vérification d'un titre » page, with a line of explanation and the URL."""
    from hubpro.pdf.qr import draw_qr

    _keep_room(pdf, QR_MM + 12)
    _section(pdf, title)
    top = pdf.get_y() + 1
    draw_qr(pdf, url, x=pdf.l_margin, y=top, size=QR_MM)
    text_x = pdf.l_margin + QR_MM + 6
    pdf.set_xy(text_x, top + 2)
    pdf.set_font(FONT, size=BODY_PT)
    pdf.set_text_color(*INK)
    pdf.multi_cell(pdf.w - pdf.r_margin - text_x, 5.5, printable(VERIFY_TEXT), align="L",
                   new_x=XPos.LEFT, new_y=YPos.NEXT)  # fmt: skip
    pdf.set_x(text_x)
    pdf.set_font(FONT, size=FOOTER_PT)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(pdf.w - pdf.r_margin - text_x, 4, printable(url), align="L", new_x=XPos.LMARGIN,
                   new_y=YPos.NEXT)  # fmt: skip
    pdf.set_y(max(pdf.get_y(), top + QR_MM + 2))


class _Document(FPDF):
    """A4 portrait page with the Hub Pro Transport footer."""

    def __init__(self, reference: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.reference = reference
        add_fonts(self)

    def footer(self) -> None:
        """Print « Document émis via … – référence … – page X/Y » at the bottom of every page."""
        self.set_y(FOOTER_OFFSET_MM)
        self.set_font(FONT, size=FOOTER_PT)
        self.set_text_color(*MUTED)
        reference = self.reference
        if len(reference) > FOOTER_REFERENCE_MAX:
            reference = reference[: FOOTER_REFERENCE_MAX - 3] + "..."
        text = printable(f"Document émis via {AUTHOR} – référence {reference} – page {self.page_no()}/")
        self.cell(0, 5, text + PAGES_ALIAS, align="C")


def _new_document(title: str, reference: str, issued_on: date) -> _Document:
    return _setup(_Document(reference), title, reference, issued_on)


def _setup(pdf: FPDF, title: str, reference: str, issued_on: date) -> FPDF:
    """Margins, metadata and a fixed creation date (same bytes for the same input), then the first page."""
    pdf.alias_nb_pages(PAGES_ALIAS)
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(auto=True, margin=MARGIN_MM)
    pdf.set_title(title)
    pdf.set_author(AUTHOR)
    pdf.set_creator(AUTHOR)
    pdf.set_subject(reference.encode("utf-8", "replace").decode("utf-8"))  # lone surrogates break the Info dict
    pdf.set_lang("fr-FR")
    # An aware datetime: a naive one would be read in the host's local time zone.
    pdf.set_creation_date(datetime(issued_on.year, issued_on.month, issued_on.day, tzinfo=UTC))
    pdf.add_page()
    return pdf


def _header(pdf: FPDF, title: str, facts: list[tuple[str, str]]) -> None:
    pdf.set_font(FONT, style="B", size=HEADING_PT)
    pdf.set_text_color(*INK)
    pdf.multi_cell(0, 8, printable(title), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    for label, value in facts:
        _field(pdf, label, value)
    pdf.ln(2)
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.3)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(4)


def _holder_block(pdf: FPDF, holder: Holder) -> None:
    _section(pdf, "Titulaire")
    _field(pdf, "Civilité", holder.civility)
    _field(pdf, "Nom de naissance", holder.birth_name)
    if holder.usage_name.strip():
        _field(pdf, "Nom d'usage", holder.usage_name)
    _field(pdf, "Prénoms", holder.first_names)
    _field(pdf, "Date de naissance", _fr(holder.birth_date))
    _field(pdf, "Numéro de permis de conduire", holder.licence_number)


def _training_block(pdf: FPDF, training: TrainingFacts, *, with_end_date: bool = True) -> None:
    _section(pdf, "Formation")
    _field(pdf, "Type de formation", training.type_label)
    _field(pdf, "Secteur", training.sector_label)
    _field(pdf, "Catégories", training.categories)
    _field(pdf, "Date de début de formation", _fr(training.start_date))
    if with_end_date:
        _field(pdf, "Date de fin de formation", _fr(training.end_date))
    _field(pdf, "Durée", f"{training.hours} heure{'s' if abs(training.hours) > 1 else ''}")
    _field(pdf, "Référence de session", training.session_reference)


def _centre_block(pdf: FPDF, centre: Centre) -> None:
    _section(pdf, "Centre de formation agréé")
    _field(pdf, "Nom", centre.name)
    _field(pdf, "SIRET", _siret(centre.siret))
    _field(pdf, "Numéro d'agrément", centre.agrement)
    _field(pdf, "Région", centre.region)


def _validity_box(pdf: FPDF, end_date: date, issued_on: date, valid_until: date) -> None:
    _field(pdf, "Date de fin de formation", _fr(end_date))
    _field(pdf, "Date de délivrance", _fr(issued_on))
    pdf.ln(2)
    pdf.set_font(FONT, style="B", size=HEADING_PT)
    pdf.set_text_color(*INK)
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.6)
    text = printable(f"Valable jusqu'au {_fr(valid_until)}")
    pdf.multi_cell(0, 12, text, border=1, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)


def _section(pdf: FPDF, title: str) -> None:
    pdf.ln(2)
    _keep_room(pdf, 8 + 2 * LINE_MM)
    pdf.set_font(FONT, style="B", size=13)
    pdf.set_text_color(*INK)
    pdf.multi_cell(0, 8, printable(title), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _field(pdf: FPDF, label: str, value: str) -> None:
    """One label/value row: the label fits its column, the value wraps in its own and stays on one page."""
    value = printable(value).strip() or "-"
    value_width = pdf.epw - LABEL_WIDTH_MM
    pdf.set_font(FONT, size=BODY_PT)
    one_line = "\n" not in value and pdf.get_string_width(value) <= value_width - 2 * pdf.c_margin
    lines = 1 if one_line else len(pdf.multi_cell(value_width, LINE_MM, value, dry_run=True, output="LINES"))
    _keep_room(pdf, lines * LINE_MM)
    pdf.set_text_color(*MUTED)
    pdf.cell(LABEL_WIDTH_MM, LINE_MM, printable(label))
    pdf.set_text_color(*INK)
    draw = pdf.cell if one_line else pdf.multi_cell
    draw(value_width, LINE_MM, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _paragraph(pdf: FPDF, text: str) -> None:
    """A left-aligned paragraph (no justification: WCAG 1.4.8); a fixed text is line-broken once per process."""
    pdf.ln(4)
    pdf.set_font(FONT, size=BODY_PT)
    pdf.set_text_color(*INK)
    pdf.multi_cell(0, 5.5, printable(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _keep_room(pdf: FPDF, height: float) -> None:
    if pdf.get_y() + height > pdf.page_break_trigger and height < pdf.eph:
        pdf.add_page()


def _fr(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def _siret(value: str) -> str:
    digits = value.replace(" ", "")
    if len(digits) == 14 and digits.isdigit():
        return f"{digits[:3]} {digits[3:6]} {digits[6:9]} {digits[9:]}"
    return value
