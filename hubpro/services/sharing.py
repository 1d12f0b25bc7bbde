"""« Partager ma qualification »: share codes for employers and the summary they open.

A code is 8 characters of an alphabet without ambiguous letters, valid 21 days, stored as SHA-256 with
its last 4 characters (so the driver tells codes apart). The employer needs the code and the driver's
birth name; wrong pairs are counted per address and per code (``ratelimit.SHARE``) and get one message.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from hubpro.domain import trainings as training_rules
from hubpro.domain import verification as rules
from hubpro.domain.dates import fr_date, fr_datetime, now
from hubpro.models import Card, Driver, ShareCode, ShareView, Training, TrainingCentre
from hubpro.services import ratelimit
from hubpro.services.errors import NotFound, Refused
from hubpro.services.trainings import today as paris_today

log = logging.getLogger("hubpro.sharing")
MAX_IN_FORCE = 5
WRONG = "Code ou nom de naissance incorrect, ou code expiré. Vérifiez auprès du conducteur."


class TooMany(Refused):
    """Too many codes in force."""

    default_message = f"Vous avez déjà {MAX_IN_FORCE} codes en cours : révoquez-en un avant d'en créer un autre."


class WrongCode(Refused):
    """Unknown, expired or revoked code, or a birth name that does not match: one message for all."""

    default_message = WRONG


@dataclass(frozen=True)
class CodeView:
    """A code in force as « Partager ma qualification » lists it."""

    public_id: str = ""
    hint: str = ""  # « …EF23 »
    created: str = ""
    expires: str = ""
    views: tuple[str, ...] = ()  # « Consulté le 02/12/2026 à 18:42 »


@dataclass(frozen=True)
class SummaryTraining:
    """One training in the employer's summary."""

    type: str = ""
    sector: str = ""
    dates: str = ""
    hours: str = ""
    centre: str = ""


@dataclass(frozen=True)
class SharedSummary:
    """What an employer sees with a right code and birth name."""

    holder: str = ""
    sectors: tuple[str, ...] = ()  # « Marchandises : valide jusqu'au 16/11/2031 »
    card: str = ""  # « FR0123456789 – valable jusqu'au … – Valide »
    trainings: tuple[SummaryTraining, ...] = ()


def create_code(db: Session, *, driver_id: int) -> str:
    """A new code for the driver (shown once); raises ``TooMany`` beyond ``MAX_IN_FORCE`` codes in force."""
    at = now()
    if len(_in_force(db, driver_id)) >= MAX_IN_FORCE:
        raise TooMany()
    for _ in range(5):  # a collision of 31^8 codes is unlikely; retry anyway
        code = rules.new_share_code()
        db.add(ShareCode(driver_id=driver_id, code_hash=rules.token_digest(code), hint=code[-4:], created_at=at,
                         expires_at=rules.share_expires_at(at)))  # fmt: skip
        try:
            db.commit()
        except IntegrityError:
            db.rollback()
            continue
        log.info("share code created for driver %s", driver_id)
        return code
    raise Refused()


def _in_force(db: Session, driver_id: int) -> list[ShareCode]:
    at = now()
    rows = db.exec(
        select(ShareCode).where(ShareCode.driver_id == driver_id, ShareCode.revoked_at == None)  # noqa: E711
        .order_by(ShareCode.id.desc())
    ).all()  # fmt: skip
    return [r for r in rows if rules.share_code_in_force(at, r.created_at, r.revoked_at)]


def codes_in_force(db: Session, *, driver_id: int) -> list[CodeView]:
    """The driver's codes in force, newest first, each with its views (« Consulté le … »)."""
    codes = _in_force(db, driver_id)
    ids = [c.id for c in codes]
    views: dict[int, list[str]] = {i: [] for i in ids if i is not None}
    if ids:
        for v in db.exec(select(ShareView).where(ShareView.share_code_id.in_(ids)).order_by(ShareView.id.desc())):
            views[v.share_code_id].append("Consulté le " + fr_datetime(v.at))
    return [
        CodeView(
            c.public_id,
            "…" + c.hint,
            fr_date(c.created_at),
            fr_date(rules.share_expires_at(c.created_at)),
            tuple(views.get(c.id or 0, [])),
        )
        for c in codes
    ]


def revoke_code(db: Session, *, driver_id: int, public_id: str) -> None:
    """Revoke one of the driver's codes at once; raises ``NotFound`` for anything else."""
    if not isinstance(public_id, str) or len(public_id) > 40:
        raise NotFound()
    row = db.exec(select(ShareCode).where(ShareCode.public_id == public_id, ShareCode.driver_id == driver_id)).first()
    if row is None:
        raise NotFound()
    if row.revoked_at is None:
        row.revoked_at = now()
        db.add(row)
        db.commit()


def open_summary(db: Session, *, code: str, birth_name: str, address: str) -> SharedSummary:
    """The summary behind a code and a birth name; each opening is logged for the driver.

    Raises:
        WrongCode: unknown, expired or revoked code, or another birth name (one message).
        Refused: too many wrong pairs from this address or for this code (the rate-limit message).
    """
    clean = rules.normalize_code(code)
    account = clean or "malformed"
    wait = ratelimit.blocked(ratelimit.SHARE, address=address, account=account)
    if wait:
        raise Refused(ratelimit.message(wait))
    at = now()
    row = db.exec(select(ShareCode).where(ShareCode.code_hash == rules.token_digest(clean))).first() if clean else None
    driver = db.get(Driver, row.driver_id) if row is not None else None
    if (
        row is None
        or driver is None
        or not rules.share_code_in_force(at, row.created_at, row.revoked_at)
        or not rules.birth_name_matches(birth_name, driver.birth_name)
    ):
        ratelimit.hit(ratelimit.SHARE, address=address, account=account)
        log.info("share code refused")
        raise WrongCode()
    db.add(ShareView(share_code_id=row.id, at=at))  # type: ignore[arg-type]
    db.commit()
    return _summary(db, driver)


def _summary(db: Session, driver: Driver) -> SharedSummary:
    today = paris_today()
    rows = db.exec(
        select(Training, TrainingCentre.name).join(TrainingCentre, TrainingCentre.id == Training.centre_id)
        .where(Training.driver_id == driver.id).order_by(Training.end_date.desc())
    ).all()  # fmt: skip
    quals = training_rules.qualifications([training_rules.Fact(t.type, t.sector, t.end_date) for t, _ in rows], today)
    sectors = tuple(
        f"{training_rules.SECTOR_LABELS[training_rules.Sector(q.sector)]} : "
        + (f"valide jusqu'au {fr_date(q.valid_until)}" if q.valid else f"expirée depuis le {fr_date(q.valid_until)}")
        for q in sorted(quals.values(), key=lambda q: q.sector)
    )
    card = db.exec(
        select(Card).where(Card.driver_id == driver.id, Card.status != "in_production").order_by(Card.id.desc())
    ).first()
    card_line = ""
    if card is not None:
        state = rules.card_state(card.status, card.expires_on, today)
        card_line = (
            f"{card.number} – valable du {fr_date(card.issued_on)} au {fr_date(card.expires_on)} – {state.label}"
        )
    trainings = tuple(
        SummaryTraining(
            type=training_rules.TYPE_LABELS[training_rules.TrainingType(t.type)],
            sector=training_rules.SECTOR_LABELS[training_rules.Sector(t.sector)],
            dates=f"du {fr_date(t.start_date)} au {fr_date(t.end_date)}",
            hours=f"{t.hours} h",
            centre=centre,
        )
        for t, centre in rows
    )
    holder = f"{driver.first_names} {(driver.usage_name or driver.birth_name).upper()}"
    return SharedSummary(holder=holder, sectors=sectors, card=card_line, trainings=trainings)
