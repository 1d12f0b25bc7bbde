"""The printable card PDF: rendered on demand (it carries the card's current state and its QR code)."""

from __future__ import annotations

from sqlmodel import Session

from hubpro import pdf
from hubpro.domain import verification as rules
from hubpro.domain.dates import fr_date
from hubpro.domain.trainings import SECTOR_LABELS, Sector
from hubpro.services import verification
from hubpro.services.trainings import today


def card_pdf(db: Session, *, driver_id: int, card_public_id: str) -> tuple[bytes, str] | None:
    """(PDF, card number) of one of the driver's cards; None for any other card."""
    found = verification.card_token(db, driver_id=driver_id, card_public_id=card_public_id)
    if found is None:
        return None
    card, token = found
    day = today()
    try:
        sector = SECTOR_LABELS[Sector(card.sector)]
    except ValueError:
        sector = card.sector
    facts = pdf.CardFacts(
        number=card.number, name=(card.usage_name or card.birth_name).upper(), first_names=card.first_names,
        birth=f"{fr_date(card.birth_date)} {card.birth_place}", issued_on=card.issued_on, expires_on=card.expires_on,
        licence_number=card.licence_number, categories=card.categories, sector=sector,
        status=rules.card_state(card.status, card.expires_on, day).label,
    )  # fmt: skip
    return pdf.render_card(card=facts, verify_url=verification.verify_url(token), printed_on=day), card.number
