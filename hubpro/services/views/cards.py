"""« Mes cartes », the home-page notices, the cards a driver can replace and a returned card's page."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from hubpro import routes
from hubpro.domain.card_requests import PND_REASONS
from hubpro.domain.cards import CardAction, CardStatus, display_status, next_card_status
from hubpro.domain.dates import fr_date
from hubpro.domain.kinds import RequestKind
from hubpro.models import Card, CardRequest, Notice, StoredFile, VerificationToken
from hubpro.pdf.qr import qr_svg_data_uri
from hubpro.services import replacements, returned_mail, verification
from hubpro.services.card_requests import NotFound
from hubpro.services.trainings import today


@dataclass(frozen=True)
class CardView:
    """The front of a card as « Mes cartes » draws it."""

    number: str = ""
    name: str = ""
    birth_name: str = ""  # shown when a usage name is printed
    first_names: str = ""
    born: str = ""
    issued: str = ""
    expires: str = ""
    licence: str = ""
    categories: str = ""
    label: str = ""
    tone: str = ""
    photo: str = ""  # public id of the photo file
    returned_href: str = ""  # the « pli non distribué » page while the card can be re-sent
    qr: str = ""  # SVG data URI of the card's « Vérification d'un titre » QR code
    pdf: str = ""  # backend path of the printable card PDF


@dataclass(frozen=True)
class NoticeView:
    """A notice on « Accueil »."""

    text: str = ""
    link: str = ""
    tone: str = ""


@dataclass(frozen=True)
class ReplaceableCard:
    """A card offered in « Remplacement, Echange »."""

    number: str = ""
    label: str = ""
    expires: str = ""


@dataclass(frozen=True)
class ReturnedCardView:
    """A returned card and what its page offers."""

    number: str = ""
    returned: bool = False  # the two solutions are offered
    reason: str = ""
    address: str = ""
    pending: str = ""  # reference of the re-shipping under way


def _reshippable(status: str) -> bool:
    try:
        next_card_status(status, CardAction.RESHIP)
    except ValueError:
        return False
    return True


def driver_cards(db: Session, *, driver_id: int) -> tuple[CardView, ...]:
    """The driver's cards, newest first."""
    rows = db.exec(
        select(Card, StoredFile.public_id, VerificationToken)
        .outerjoin(StoredFile, StoredFile.id == Card.photo_file_id)
        .outerjoin(VerificationToken, VerificationToken.card_id == Card.id)
        .where(Card.driver_id == driver_id)
        .order_by(Card.id.desc())
    ).all()
    tokens: dict[int, str] = {c.id: verification.live_token(tok) for c, _p, tok in rows if c.id and tok is not None}
    missing = [c.id for c, _p, tok in rows if c.id and tok is None]
    tokens.update(verification.add_card_tokens(db, driver_id=driver_id, card_ids=missing))
    out = []
    for c, photo, _tok in rows:
        token = tokens.get(c.id or 0, "")
        label, tone = display_status(c.status, c.shipped_on, c.expires_on, today())
        out.append(
            CardView(
                number=c.number,
                name=(c.usage_name or c.birth_name).upper(),
                birth_name=c.birth_name.upper() if c.usage_name else "",
                first_names=c.first_names,
                born=f"{fr_date(c.birth_date)} {c.birth_place}",
                issued=fr_date(c.issued_on),
                expires=fr_date(c.expires_on),
                licence=c.licence_number,
                categories=c.categories,
                label=label,
                tone=tone,
                photo=photo or "",
                returned_href=routes.returned_mail(c.public_id) if _reshippable(c.status) else "",
                qr=qr_svg_data_uri(verification.verify_url(token)) if token else "",
                pdf=routes.card_pdf(c.public_id),
            )
        )
    return tuple(out)


def open_notices(db: Session, *, driver_id: int) -> tuple[NoticeView, ...]:
    """The driver's notices not closed yet, newest first."""
    rows = db.exec(
        select(Notice)
        .where(Notice.driver_id == driver_id, Notice.closed_at == None)  # noqa: E711
        .order_by(Notice.id.desc())
    ).all()
    return tuple(NoticeView(n.text, n.link, n.tone) for n in rows)


def replaceable_cards(db: Session, *, driver_id: int) -> tuple[ReplaceableCard, ...]:
    """The cards « Remplacement, Echange » offers."""
    return tuple(
        ReplaceableCard(c.number, display_status(c.status, c.shipped_on, c.expires_on, today())[0],
                        fr_date(c.expires_on))
        for c in replacements.replaceable_cards(db, driver_id=driver_id)
    )  # fmt: skip


def returned_card(db: Session, *, driver_id: int, card_public_id: str) -> ReturnedCardView | None:
    """One of the driver's cards on its « pli non distribué » page (None: not the driver's)."""
    try:
        card = returned_mail.returned_card(db, driver_id=driver_id, card_public_id=card_public_id)
    except NotFound:
        return None
    last = db.get(CardRequest, card.request_id)
    pending = db.exec(
        select(CardRequest)
        .where(CardRequest.kind == RequestKind.RETURNED_MAIL, CardRequest.old_card_id == card.id)
        .order_by(CardRequest.id.desc())
    ).first()
    returned = card.status == CardStatus.RETURNED
    return ReturnedCardView(
        number=card.number,
        returned=returned,
        reason=PND_REASONS.get(card.returned_reason, ""),
        address=f"{last.delivery_address}, {last.delivery_postal_code} {last.delivery_city}" if last else "",
        pending=pending.reference if pending and not returned else "",
    )
