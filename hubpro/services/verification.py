"""Verification tokens of certificates and cards (the QR codes) and the public check behind them.

The token in a QR code is HMAC-SHA256(server secret key, random 128-bit salt), 192 bits. The database
holds the salt and the token's SHA-256 only: a copy of the database alone does not give working URLs,
and the server can draw the same QR code again (card visual, card PDF). Changing ``HUBPRO_SECRET_KEY``
therefore invalidates every QR code already printed, as it invalidates passwords.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, insert
from sqlmodel import Session, select

from hubpro import routes
from hubpro.domain import verification as rules
from hubpro.domain.dates import PARIS, now
from hubpro.domain.trainings import SECTOR_LABELS, Sector
from hubpro.models import Card, CardRequest, Certificate, Driver, Training, VerificationCheck, VerificationToken
from hubpro.services import ratelimit
from hubpro.settings import get_settings

log = logging.getLogger("hubpro.verification")


def _key() -> bytes:
    return get_settings().secret_key.encode()


def token_of(row: VerificationToken) -> str:
    """The URL token of a row (derived again from its salt)."""
    return rules.derive_token(_key(), bytes.fromhex(row.salt))


def share_page_url() -> str:
    """The absolute URL of « Vérifier la qualification d'un conducteur » (given to employers)."""
    return get_settings().base_url.rstrip("/") + routes.VERIFY


def verify_url(token: str) -> str:
    """The absolute URL a QR code carries."""
    return get_settings().base_url.rstrip("/") + routes.verify_title(token)


def prepare_token() -> tuple[str, str]:
    """(salt hex, token) of a new document, before its row exists (the certificate PDF prints the token)."""
    salt = secrets.token_bytes(rules.TOKEN_SALT_BYTES)
    return salt.hex(), rules.derive_token(_key(), salt)


def add_token(db: Session, *, kind: str, salt: str, token: str, driver_id: int | None,
              certificate_id: int | None = None, card_id: int | None = None) -> None:  # fmt: skip
    """Add the token row of a document in the caller's transaction."""
    db.add(VerificationToken(kind=kind, driver_id=driver_id, certificate_id=certificate_id, card_id=card_id,
                             salt=salt, token_hash=rules.token_digest(token)))  # fmt: skip


def new_token(db: Session, *, kind: str, driver_id: int | None, certificate_id: int | None = None,
              card_id: int | None = None) -> str:  # fmt: skip
    """Add the token row of a document in the caller's transaction; returns the token."""
    salt, token = prepare_token()
    add_token(db, kind=kind, salt=salt, token=token, driver_id=driver_id, certificate_id=certificate_id,
              card_id=card_id)  # fmt: skip
    return token


def forget_certificate(db: Session, *, certificate_id: int | None) -> None:
    """Before a certificate is purged: its token is revoked and detached (the check log stays)."""
    for row in db.exec(select(VerificationToken).where(VerificationToken.certificate_id == certificate_id)):
        row.certificate_id, row.revoked_at = None, now()
        db.add(row)
    db.flush()


def add_card_tokens(db: Session, *, driver_id: int, card_ids: list[int]) -> dict[int, str]:
    """Tokens for cards that have none yet (cards made before this table), in one INSERT, committed."""
    if not card_ids:
        return {}
    made = {cid: prepare_token() for cid in card_ids}
    db.execute(
        insert(VerificationToken),
        [{"kind": "card", "driver_id": driver_id, "card_id": cid, "salt": salt, "token_hash": rules.token_digest(tok),
          "created_at": now()} for cid, (salt, tok) in made.items()],
    )  # fmt: skip
    db.commit()
    return {cid: tok for cid, (_salt, tok) in made.items()}


def live_token(row: VerificationToken | None) -> str:
    """The token of a row, "" when there is none or it is revoked."""
    return token_of(row) if row is not None and row.revoked_at is None else ""


def card_tokens(db: Session, *, driver_id: int) -> dict[int, str]:
    """{card id: token} of the driver's cards; a card without one (made before this table) gets it now."""
    rows = db.exec(
        select(Card.id, VerificationToken)
        .outerjoin(VerificationToken, VerificationToken.card_id == Card.id)
        .where(Card.driver_id == driver_id)
    ).all()
    out: dict[int, str] = {cid: live_token(tok) for cid, tok in rows if cid is not None and tok is not None}
    missing = [cid for cid, tok in rows if cid is not None and tok is None]
    out.update(add_card_tokens(db, driver_id=driver_id, card_ids=missing))
    return {cid: tok for cid, tok in out.items() if tok}


def card_token(db: Session, *, driver_id: int, card_public_id: str) -> tuple[Card, str] | None:
    """One of the driver's cards and its token (None: not the driver's card)."""
    card = db.exec(select(Card).where(Card.public_id == card_public_id, Card.driver_id == driver_id)).first()
    if card is None or card.id is None:
        return None
    token = card_tokens(db, driver_id=driver_id).get(card.id)
    return (card, token) if token else None


def revoke(db: Session, *, token: str) -> bool:
    """Revoke a document's token (its QR code then reads « Titre introuvable »)."""
    row = db.exec(select(VerificationToken).where(VerificationToken.token_hash == rules.token_digest(token))).first()
    if row is None or row.revoked_at is not None:
        return False
    row.revoked_at = now()
    db.add(row)
    db.commit()
    return True


@dataclass(frozen=True)
class TitleCheck:
    """What « Vérification d'un titre » shows: only what a roadside check needs."""

    found: bool
    checked_at: str  # « le 02/12/2026 à 18:42 » (Paris)
    kind: str = ""
    holder: str = ""
    born: str = ""
    sectors: str = ""
    valid_from: str = ""
    valid_until: str = ""
    state: str = ""
    ok: bool = False
    limited: str = ""  # the rate-limit message instead of a result


def _checked_at(at: datetime) -> str:
    local = at.astimezone(PARIS)
    return f"le {local:%d/%m/%Y} à {local:%H:%M}"


def _fr(d) -> str:
    return f"{d:%d/%m/%Y}"


def _sector_label(value: str) -> str:
    try:
        return SECTOR_LABELS[Sector(value)]
    except (KeyError, ValueError):
        return value


def _certificate_check(db: Session, row: VerificationToken, today) -> TitleCheck | None:
    found = db.exec(
        select(Certificate, Training).join(Training, Training.id == Certificate.training_id)
        .where(Certificate.id == row.certificate_id)
    ).first()  # fmt: skip
    if found is None:
        return None
    cert, training = found
    replaced = db.exec(
        select(func.count()).select_from(Card).join(CardRequest, CardRequest.id == Card.request_id)
        .where(CardRequest.certificate_id == cert.id, Card.status != "in_production")
    ).one() > 0  # fmt: skip
    state = rules.certificate_state(cert.valid_until, today, replaced=replaced)
    driver = db.get(Driver, cert.driver_id) if cert.driver_id else None
    name = (
        f"{training.first_names} {(driver.usage_name if driver and driver.usage_name else training.birth_name).upper()}"
    )
    return TitleCheck(
        found=True, checked_at="", kind=rules.KIND_LABELS["certificate"], holder=name, born=_fr(training.birth_date),
        sectors=_sector_label(training.sector), valid_from=_fr(cert.issued_on), valid_until=_fr(cert.valid_until),
        state=state.label, ok=state.ok,
    )  # fmt: skip


def _card_check(db: Session, row: VerificationToken, today) -> TitleCheck | None:
    card = db.get(Card, row.card_id) if row.card_id else None
    if card is None:
        return None
    state = rules.card_state(card.status, card.expires_on, today)
    return TitleCheck(
        found=True, checked_at="", kind=rules.KIND_LABELS["card"],
        holder=f"{card.first_names} {(card.usage_name or card.birth_name).upper()}", born=_fr(card.birth_date),
        sectors=_sector_label(card.sector), valid_from=_fr(card.issued_on), valid_until=_fr(card.expires_on),
        state=state.label, ok=state.ok,
    )  # fmt: skip


def check(db: Session, *, token: str, address: str) -> TitleCheck:
    """The public check of a QR code: rate-limited per address, logged (time, document, outcome)."""
    at = now()
    when = _checked_at(at)
    wait = ratelimit.hit(ratelimit.VERIFY, address=address)
    if wait:
        db.add(VerificationCheck(at=at, outcome="limited"))
        db.commit()
        return TitleCheck(found=False, checked_at=when, limited=ratelimit.message(wait))
    row = None
    if rules.well_formed_token(token):
        row = db.exec(
            select(VerificationToken).where(VerificationToken.token_hash == rules.token_digest(token))
        ).first()
    result = None
    if row is not None and row.revoked_at is None:
        today = at.astimezone(PARIS).date()
        result = _card_check(db, row, today) if row.kind == "card" else _certificate_check(db, row, today)
    if result is None:
        db.add(VerificationCheck(token_id=row.id if row else None, at=at, outcome="not_found"))
        db.commit()
        return TitleCheck(found=False, checked_at=when)
    state_name = next(s.name for s in rules.TitleState if s.label == result.state)
    db.add(VerificationCheck(token_id=row.id, at=at, outcome="found", state=state_name))  # type: ignore[union-attr]
    db.commit()
    return TitleCheck(**{**result.__dict__, "checked_at": when})


def check_counts(db: Session, *, driver_id: int) -> dict[tuple[str, int | None], int]:
    """{(kind, document id): successful checks} of the driver's documents."""
    rows = db.exec(
        select(VerificationToken.kind, VerificationToken.certificate_id, VerificationToken.card_id, func.count())
        .join(VerificationCheck, VerificationCheck.token_id == VerificationToken.id)
        .where(VerificationToken.driver_id == driver_id, VerificationCheck.outcome == "found")
        .group_by(VerificationToken.kind, VerificationToken.certificate_id, VerificationToken.card_id)
    ).all()  # fmt: skip
    return {(kind, cert_id if kind == "certificate" else card_id): n for kind, cert_id, card_id, n in rows}


@dataclass(frozen=True)
class DocumentChecks:
    """« Mon compte »: how many times a document's QR code was verified."""

    label: str = ""  # « Certificat CQC-2026-1A2B3C4D » / « Carte FR0123456789 »
    count: str = ""  # « vérifié 2 fois » / « jamais vérifié »


def _times(n: int) -> str:
    return "jamais vérifié" if n == 0 else f"vérifié {n} fois"


def document_checks(db: Session, *, driver_id: int) -> tuple[DocumentChecks, ...]:
    """Every certificate and card of the driver with its number of successful checks, cards first."""
    counts = check_counts(db, driver_id=driver_id)
    cards = db.exec(select(Card.id, Card.number).where(Card.driver_id == driver_id).order_by(Card.id.desc())).all()
    certs = db.exec(
        select(Certificate.id, Certificate.reference).where(Certificate.driver_id == driver_id)
        .order_by(Certificate.id.desc())
    ).all()  # fmt: skip
    return tuple(
        DocumentChecks(f"Carte {number}", _times(counts.get(("card", cid), 0))) for cid, number in cards
    ) + tuple(DocumentChecks(f"Certificat {ref}", _times(counts.get(("certificate", cid), 0))) for cid, ref in certs)
