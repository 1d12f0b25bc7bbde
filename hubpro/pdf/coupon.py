"""« Coupon retour » of a Qualité replacement: return address, request reference and barcode."""

from __future__ import annotations

from datetime import date

from hubpro.pdf.documents import _field, _header, _new_document, _paragraph, _section
from hubpro.pdf.text import FONT, printable

RETURN_ADDRESS = ("IN Groupe – Service Retours CQC", "Hub Pro Transport", "TSA 80001", "75016 Paris")


def render_return_coupon(
    *, reference: str, holder_name: str, card_number: str, defects: list[str], issued_on: date
) -> bytes:
    """A4 coupon to print and post with the defective card; the barcode (Code 39) carries the reference."""
    pdf = _new_document("Coupon retour", reference, issued_on)
    _header(pdf, "Coupon retour – carte CQC défectueuse", [("Référence de la demande", reference),
                                                            ("Date", issued_on.strftime("%d/%m/%Y"))])  # fmt: skip
    _section(pdf, "Adresse d'envoi")
    pdf.set_font(FONT, style="B", size=13)
    for line in RETURN_ADDRESS:
        pdf.cell(0, 7, printable(line), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    _section(pdf, "Carte retournée")
    _field(pdf, "Titulaire", holder_name)
    _field(pdf, "Numéro de carte", card_number)
    _field(pdf, "Défauts déclarés", ", ".join(defects) or "—")
    pdf.ln(4)
    code = "".join(c for c in reference.upper() if c.isalnum() or c == "-")
    pdf.code39(f"*{code}*", x=pdf.l_margin, y=pdf.get_y(), w=0.8, h=16)
    pdf.set_y(pdf.get_y() + 19)
    pdf.set_font("Courier", size=11)
    pdf.cell(0, 6, code, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    _paragraph(pdf, "Glissez votre carte et ce coupon dans une enveloppe, sans plier la carte, et envoyez-la à "
                    "l'adresse ci-dessus. Conservez la preuve de dépôt. Dès réception, votre carte est analysée : "
                    "si le défaut vient de l'opérateur, elle est remplacée gratuitement ; sinon vous êtes invité(e) "
                    "à corriger vos informations si besoin et à régler les frais de remplacement.")  # fmt: skip
    return bytes(pdf.output())
