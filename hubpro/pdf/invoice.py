"""Invoice (« Facture ») PDF with the mandatory French mentions, original or « DUPLICATA » (deterministic bytes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from hubpro.pdf.documents import (
    BODY_PT,
    INK,
    LINE_MM,
    MUTED,
    RULE,
    _Document,
    _fr,
    _header,
    _keep_room,
    _section,
    _setup,
)
from hubpro.pdf.text import FONT, printable

INVOICE_TITLE = "Facture"
DUPLICATE_MARK = "DUPLICATA"
LEGAL_MENTION = (
    "Pas d'escompte pour paiement anticipé. En cas de retard de paiement : pénalités au taux légal et "
    "indemnité forfaitaire de 40 € pour frais de recouvrement (art. L441-10 du code de commerce)."
)

EURO = "€"
SMALL_PT = 9
TABLE_PT = 10
TOTAL_LABEL_MM = 45
TOTAL_VALUE_MM = 35
WATERMARK_PT = 96
WATERMARK_ANGLE = 55  # about the A4 diagonal
WATERMARK_INK = (225, 225, 225)
HEADING_FILL = (238, 238, 238)
# Désignation, Quantité, Prix unitaire HT, TVA, Total HT: sums to the 170 mm between the margins of an A4 page.
COLUMNS_MM = (72, 24, 30, 16, 28)
COLUMNS = ("Désignation", "Quantité", "Prix unitaire HT", "TVA", "Total HT")
COLUMNS_ALIGN = ("LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT")


@dataclass(frozen=True)
class Seller:
    """The company that issues the invoice (configurable)."""

    name: str
    legal: str
    address: str
    vat_number: str


@dataclass(frozen=True)
class InvoiceLine:
    """One invoiced item, prices excluding VAT, in euro cents."""

    designation: str
    quantity: int
    unit_price_ht_cents: int
    vat_rate_percent: int


@dataclass(frozen=True)
class InvoiceData:
    """An issued invoice as printed: the totals are computed by the domain, never by the renderer."""

    number: str
    issued_on: date
    service_date: date
    client_name: str
    billing_address: str
    lines: tuple[InvoiceLine, ...]
    total_ht_cents: int
    total_vat_cents: int
    total_ttc_cents: int
    payment_method: str
    paid_on: date
    request_reference: str


def format_eur(cents: int) -> str:
    """Format an amount in euro cents the French way, with plain spaces: 123456 → « 1 234,56 € ».

    Raises:
        ValueError: If the amount is negative.
    """
    if cents < 0:
        raise ValueError(f"negative amount: {cents}")
    euros, rest = divmod(cents, 100)
    return f"{euros:,}".replace(",", " ") + f",{rest:02d} {EURO}"


def render_invoice(data: InvoiceData, seller: Seller, *, duplicate: bool = False) -> bytes:
    """Render the invoice, or its duplicate marked « DUPLICATA » (title line and a light diagonal mark).

    Args:
        data: The issued invoice; its totals are printed as given.
        seller: The issuing company.
        duplicate: Render the « DUPLICATA » kept downloadable instead of the original.

    Returns:
        The PDF document, identical bytes for identical arguments.

    Raises:
        ValueError: If an amount to print is negative.
    """
    title = f"{INVOICE_TITLE} n° {data.number}"
    if duplicate:
        title = f"{title} - {DUPLICATE_MARK}"
    pdf = _new_invoice(title, data.number, data.issued_on, duplicate=duplicate)
    _seller_block(pdf, seller)
    _header(
        pdf,
        title,
        [
            ("Date d'émission", _fr(data.issued_on)),
            ("Date de la prestation", _fr(data.service_date)),
            ("Référence de la demande", data.request_reference),
        ],
    )
    _client_block(pdf, data)
    _lines_table(pdf, data.lines)
    _totals_block(pdf, data)
    _payment_block(pdf, data)
    return bytes(pdf.output())


class _Invoice(_Document):
    """The shared A4 page and footer, with the « DUPLICATA » mark drawn first on every page of a duplicate."""

    def __init__(self, reference: str, *, duplicate: bool) -> None:
        super().__init__(reference)
        self.duplicate = duplicate

    def header(self) -> None:
        """Draw the large light-grey diagonal « DUPLICATA », behind the page content."""
        if not self.duplicate:
            return
        with self.local_context(text_color=WATERMARK_INK):
            self.set_font(FONT, style="B", size=WATERMARK_PT)
            width = self.get_string_width(DUPLICATE_MARK)
            centre_x, centre_y = self.w / 2, self.h / 2
            with self.rotation(WATERMARK_ANGLE, x=centre_x, y=centre_y):
                self.text(centre_x - width / 2, centre_y + self.font_size / 3, DUPLICATE_MARK)


def _new_invoice(title: str, reference: str, issued_on: date, *, duplicate: bool) -> _Invoice:
    """The shared document settings, on the _Invoice page class (watermark on each page)."""
    return _setup(_Invoice(reference, duplicate=duplicate), title, reference, issued_on)


def _seller_block(pdf: FPDF, seller: Seller) -> None:
    pdf.set_text_color(*INK)
    pdf.set_font(FONT, style="B", size=12)
    pdf.multi_cell(0, 6, printable(seller.name), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, size=SMALL_PT)
    pdf.set_text_color(*MUTED)
    for line in (seller.legal, seller.address, f"N° TVA intracommunautaire : {seller.vat_number}"):
        pdf.multi_cell(0, 4.5, printable(line), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(6)


def _client_block(pdf: FPDF, data: InvoiceData) -> None:
    _section(pdf, "Facturé à")
    pdf.set_text_color(*INK)
    pdf.set_font(FONT, style="B", size=BODY_PT)
    pdf.multi_cell(
        0, LINE_MM, printable(data.client_name).strip() or "-", align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    pdf.set_font(FONT, size=BODY_PT)
    address = "\n".join(line.strip() for line in printable(data.billing_address).splitlines() if line.strip())
    if address:
        pdf.multi_cell(0, LINE_MM, address, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)


def _lines_table(pdf: FPDF, lines: tuple[InvoiceLine, ...]) -> None:
    _keep_room(pdf, 3 * LINE_MM)
    pdf.set_font(FONT, size=TABLE_PT)
    pdf.set_text_color(*INK)
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.2)
    with pdf.table(
        col_widths=COLUMNS_MM,
        width=pdf.epw,
        text_align=COLUMNS_ALIGN,
        borders_layout="HORIZONTAL_LINES",
        headings_style=FontFace(emphasis="BOLD", color=INK, fill_color=HEADING_FILL),
        line_height=LINE_MM,
        padding=(1, 1.5),
    ) as table:
        table.row([printable(column) for column in COLUMNS])
        for line in lines:
            table.row(
                [
                    printable(line.designation).strip() or "-",
                    str(line.quantity),
                    format_eur(line.unit_price_ht_cents),
                    _percent(line.vat_rate_percent),
                    # The line amount is the printed quantity times the printed unit price, exact in cents.
                    format_eur(line.quantity * line.unit_price_ht_cents),
                ]
            )
    pdf.ln(3)


def _totals_block(pdf: FPDF, data: InvoiceData) -> None:
    rates = {line.vat_rate_percent for line in data.lines}
    vat_label = f"TVA {_percent(next(iter(rates)))}" if len(rates) == 1 else "TVA"
    rows = (
        ("Total HT", data.total_ht_cents),
        (vat_label, data.total_vat_cents),
        ("Total TTC", data.total_ttc_cents),
    )
    _keep_room(pdf, len(rows) * 7 + 2)
    left = pdf.w - pdf.r_margin - TOTAL_LABEL_MM - TOTAL_VALUE_MM
    pdf.set_text_color(*INK)
    for index, (label, cents) in enumerate(rows):
        is_grand_total = index == len(rows) - 1
        if is_grand_total:
            pdf.set_draw_color(*INK)
            pdf.set_line_width(0.4)
            pdf.line(left, pdf.get_y() + 0.5, pdf.w - pdf.r_margin, pdf.get_y() + 0.5)
            pdf.ln(1)
        pdf.set_font(FONT, style="B", size=BODY_PT + 1 if is_grand_total else BODY_PT)
        pdf.set_x(left)
        pdf.cell(TOTAL_LABEL_MM, 7, printable(label))
        pdf.cell(TOTAL_VALUE_MM, 7, format_eur(cents), align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)


def _payment_block(pdf: FPDF, data: InvoiceData) -> None:
    _section(pdf, "Règlement")
    pdf.set_font(FONT, size=BODY_PT)
    pdf.set_text_color(*INK)
    method = _lower_first_word(printable(data.payment_method).strip()) or "-"
    pdf.multi_cell(
        0, LINE_MM, f"Payée le {_fr(data.paid_on)} par {method}.", align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    pdf.ln(4)
    pdf.set_font(FONT, size=SMALL_PT)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(0, 4.5, printable(LEGAL_MENTION), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _percent(rate: int) -> str:
    return f"{rate} %"


def _lower_first_word(text: str) -> str:
    """« Carte bancaire » → « carte bancaire », but « CB » or « PayPal » are kept as they are."""
    first, _, rest = text.partition(" ")
    if first[1:].islower() or len(first) == 1:
        first = first.lower()
    return f"{first} {rest}" if rest else first
