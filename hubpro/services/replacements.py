"""« Remplacement, Echange »: draft, declaration, addresses, submission for payment, reproduction."""

from __future__ import annotations

import secrets

from sqlmodel import Session, select

from hubpro import pdf
from hubpro.domain import card_requests as rules
from hubpro.domain import contact
from hubpro.domain import payments as money
from hubpro.domain import replacements as motifs
from hubpro.domain.accounts import clean_text
from hubpro.domain.cards import REPLACEABLE, CardAction, new_card_number
from hubpro.domain.dates import now
from hubpro.domain.kinds import RequestKind
from hubpro.models import Card, CardRequest, Driver, Payment
from hubpro.services import files, history
from hubpro.services.card_requests import DELIVERY_FIELDS, NotFound, Refused, documents, get
from hubpro.services.replacement_drafts import bill_the_driver, save_draft_field, set_step  # noqa: F401 (re-exported)
from hubpro.services.request_flow import Conflict, move
from hubpro.services.trainings import today

# Requests about a card that stop a new replacement of it: drafts and everything not finished yet
# (a re-shipping after « pli non distribué » that was shipped again is finished).
BLOCKING = (rules.RequestStatus.DRAFT.value, *sorted(s.value for s in rules.OPEN))


def replaceable_cards(db: Session, *, driver_id: int) -> list[Card]:
    """The driver's cards that can be replaced (shipped, not already replaced or declared)."""
    return list(db.exec(select(Card).where(Card.driver_id == driver_id, Card.status.in_(sorted(REPLACEABLE)))))


def start(db: Session, *, driver_id: int, card_number: str, motif: str) -> CardRequest:
    """A replacement draft for one of the driver's cards (a double click reuses the open draft).

    Raises:
        Refused: unknown motif, card not found or not replaceable, or a replacement already open.
    """
    if motif not in motifs.MOTIF_BY_KEY:
        raise Refused("Choisissez un motif : Perte, Vol, Qualité ou Echange.")
    card = next((c for c in replaceable_cards(db, driver_id=driver_id) if c.number == str(card_number)), None)
    if card is None:
        raise Refused("Choisissez une de vos cartes.")
    open_ones = db.exec(
        select(CardRequest).where(CardRequest.old_card_id == card.id, CardRequest.status.in_(BLOCKING))
    ).all()
    for req in open_ones:
        if req.status == rules.RequestStatus.DRAFT and req.motif == motif:
            return req
        raise Refused(
            "Une demande de remplacement est déjà en cours pour cette carte : suivez-la dans « Mes demandes »."
        )
    driver = db.get(Driver, driver_id)
    at = now()
    req = CardRequest(
        reference=f"REM-{at.year}-{secrets.token_hex(3).upper()}",
        driver_id=driver_id,
        kind=RequestKind.REPLACEMENT,
        motif=motifs.MOTIF_BY_KEY[motif].key,
        old_card_id=card.id,
        step="declaration",
        identity_confirmed=True,
        delivery_address=driver.address,
        delivery_postal_code=driver.postal_code,
        delivery_city=driver.city,
        billing_name=driver.display_name,
        billing_address=f"{driver.address}\n{driver.postal_code} {driver.city}",
        created_at=at,
        updated_at=at,
    )
    db.add(req)
    db.commit()
    return req


def _draft(db: Session, driver_id: int, public_id: str) -> CardRequest:
    req = get(db, driver_id=driver_id, public_id=public_id)
    if req.kind != RequestKind.REPLACEMENT or not rules.driver_can_edit(req.kind, req.status):
        raise Refused("Cette demande ne peut plus être modifiée.")
    return req


def save_declaration(db: Session, *, driver_id: int, public_id: str, data: dict) -> dict[str, str]:
    """Declaration step (engagement, defects or what changed)."""
    req = _draft(db, driver_id, public_id)
    clean, errors = motifs.validate_declaration(req.motif, data)
    if errors:
        return errors
    req.declaration, req.step, req.updated_at = clean, "addresses", now()
    db.add(req)
    db.commit()
    return {}


def save_addresses(db: Session, *, driver_id: int, public_id: str, data: dict) -> dict[str, str]:
    """Delivery address (prefilled, editable) and billing address (same or other)."""
    req = _draft(db, driver_id, public_id)
    address, postal, city = (
        clean_text(str(data.get(k, ""))) for k in ("delivery_address", "delivery_postal_code", "delivery_city")
    )
    errors = contact.address_errors(address, postal, city, fields=DELIVERY_FIELDS)
    same = str(data.get("billing_same", "")).lower() in ("on", "true", "1")
    name = clean_text(str(data.get("billing_name", "")))[:200]
    billing = clean_text(str(data.get("billing_address", "")))[:300]
    if not same and len(name) < 2:
        errors["billing_name"] = "Indiquez le nom à faire figurer sur la facture."
    if not same and len(billing) < 10:
        errors["billing_address"] = "Indiquez l'adresse de facturation complète (voie, code postal, commune)."
    if errors:
        return errors
    req.delivery_address, req.delivery_postal_code, req.delivery_city = address[:200], postal, city[:80]
    req.billing_same, req.billing_name, req.billing_address = same, name, billing
    bill_the_driver(db, req)
    req.step, req.updated_at = "summary", now()
    db.add(req)
    db.commit()
    return {}


def problems(db: Session, req: CardRequest) -> list[str]:
    """What still prevents validation (French)."""
    out = []
    stored = req.declaration
    form = {"detail": stored.get("detail", ""), "commitment": "on" if stored.get("commitment") else ""}
    form.update({f"defect_{d}": "on" for d in stored.get("defects", [])})
    _, errors = motifs.validate_declaration(req.motif, form)
    if not req.declaration or errors:
        out.append("Complétez votre déclaration (étape 1).")
    doc = motifs.MOTIF_BY_KEY[req.motif].document
    if doc and doc not in documents(db, req):
        out.append(f"Ajoutez : {motifs.EXTRA_DOCS[doc][0]} (étape 1).")
    if not (
        contact.street_ok(req.delivery_address)
        and contact.postal_code_ok(req.delivery_postal_code)
        and req.billing_name
    ):
        out.append("Vérifiez l'adresse de livraison et l'adresse de facturation (étape 2).")
    return out


def submit(db: Session, *, driver_id: int, public_id: str) -> tuple[list[str], str]:
    """« Valider »: checked again; Perte, Vol, Echange wait for payment, Qualité for the card's return.

    Returns:
        (problems, payment public id when a payment is due).
    """
    req = get(db, driver_id=driver_id, public_id=public_id)
    if req.kind != RequestKind.REPLACEMENT:
        raise NotFound()
    if req.status != rules.RequestStatus.DRAFT:
        existing = db.exec(select(Payment).where(Payment.request_id == req.id)).first()
        return [], existing.public_id if existing else ""
    if found := problems(db, req):
        return found, ""
    card = db.get(Card, req.old_card_id)
    motif = motifs.MOTIF_BY_KEY[req.motif]
    try:
        if motif.returned:
            move(db, req, rules.RequestAction.SUBMIT_RETURN, actor_kind="driver", actor_id=driver_id)
            req.submitted_at = now()
            _attach_coupon(db, req, card)
            return [], ""
        move(db, req, rules.RequestAction.SUBMIT_PAYABLE, actor_kind="driver", actor_id=driver_id)
    except Conflict:  # another click or tab submitted it first: lead this one to the same place
        db.rollback()
        existing = db.exec(select(Payment).where(Payment.request_id == req.id)).first()
        if existing is not None:
            return [], existing.public_id
        if motif.returned:
            return [], ""
        raise
    payment = Payment(
        driver_id=driver_id,
        request_id=req.id,
        purpose=f"replacement_{req.motif}",
        designation=motifs.designation(req.motif, card.number),
        amount_cents=money.fee_for(motif.fee),
        billing_name=req.billing_name,
        billing_address=req.billing_address,
    )
    db.add(payment)
    req.submitted_at = now()
    db.add(req)
    db.commit()
    return [], payment.public_id


def _attach_coupon(db: Session, req: CardRequest, card: Card) -> None:
    """Render the return coupon once, store it with the request, commit (file removed on failure)."""
    driver = db.get(Driver, req.driver_id)
    body = pdf.render_return_coupon(
        reference=req.reference, holder_name=driver.display_name, card_number=card.number,
        defects=[motifs.DEFECTS[d] for d in req.declaration.get("defects", [])], issued_on=today(),
    )  # fmt: skip
    written: list[str] = []
    try:
        row = files.add(db, kind="return_coupon", data=body, filename=f"coupon-retour-{req.reference}.pdf",
                        driver_id=driver.id, written=written)  # fmt: skip
        req.declaration = {**req.declaration, "coupon": row.public_id}
        db.add(req)
        db.commit()
    except BaseException:
        db.rollback()
        files.remove(written)
        raise


def after_payment(db: Session, req: CardRequest, payment: Payment) -> None:
    """Paid replacement: the new card reproduces the old one and goes into production (caller's transaction)."""
    if req.kind == RequestKind.REPLACEMENT:
        reproduce(db, req)


def reproduce(db: Session, req: CardRequest) -> Card:
    """The new card « reproduite à l'identique », in production; the old card's status changes."""
    old = db.get(Card, req.old_card_id)
    card = Card(
        number=new_card_number(),
        driver_id=old.driver_id,
        request_id=req.id,
        sector=old.sector,
        categories=old.categories,
        birth_name=old.birth_name,
        usage_name=old.usage_name,
        first_names=old.first_names,
        birth_date=old.birth_date,
        birth_place=old.birth_place,
        licence_number=old.licence_number,
        issued_on=today(),
        expires_on=old.expires_on,
        photo_file_id=old.photo_file_id,
    )
    db.add(card)
    old_card_action = motifs.MOTIF_BY_KEY[req.motif].old_card_action if req.motif in motifs.MOTIF_BY_KEY else None
    history.apply(db, old, old_card_action or CardAction.REPLACE, actor_kind="system", actor_id=None,
                  reason=f"remplacée par la carte n° {card.number}")  # fmt: skip
    move(db, req, rules.RequestAction.PRODUCE, actor_kind="system", actor_id=None)
    return card
