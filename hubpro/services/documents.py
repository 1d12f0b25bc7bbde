"""What a driver sees of trainings and certificates, file access checks, retention purge."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from hubpro.domain import trainings as rules
from hubpro.domain.cards import display_status
from hubpro.domain.dates import fr_date
from hubpro.models import Agent, Card, Certificate, DocumentView, StoredFile, Training, TrainingCentre
from hubpro.services import files as files_service
from hubpro.services import verification
from hubpro.services.files import PURGED  # kind of a file row kept after retention for its access log


def _training_rows(db: Session, driver_id: int) -> list:
    """The driver's trainings with their centre and summary file (None when absent), newest first."""
    return db.exec(
        select(Training, TrainingCentre, StoredFile)
        .join(TrainingCentre, TrainingCentre.id == Training.centre_id)
        .outerjoin(StoredFile, StoredFile.id == Training.summary_file_id)
        .where(Training.driver_id == driver_id)
        .order_by(Training.end_date.desc(), Training.id.desc())
    ).all()


def trainings_page(db: Session, *, driver_id: int, today: date) -> tuple[list[dict], list[dict]]:
    """« Mes formations »: the summaries and the qualification summary, the trainings read once."""
    rows = _training_rows(db, driver_id)
    return _summaries(rows, today), _qualifications(db, driver_id, [t for t, _, _ in rows], today)


def driver_trainings(db: Session, *, driver_id: int, today: date) -> list[dict]:
    """The driver's training summaries, newest first, within the retention rule."""
    return _summaries(_training_rows(db, driver_id), today)


def _summaries(rows, today: date) -> list[dict]:
    return [
        {
            "id": t.public_id,
            "type": rules.SHORT_LABELS[rules.TrainingType(t.type)],
            "type_long": rules.TYPE_LABELS[rules.TrainingType(t.type)],
            "sector": t.sector,
            "sector_label": rules.SECTOR_LABELS[rules.Sector(t.sector)],
            "dates": f"du {fr_date(t.start_date)} au {fr_date(t.end_date)}",
            "hours": f"{t.hours} h",
            "centre": c.name,
            "file": f.public_id,
        }
        for t, c, f in rows
        if f is not None and rules.is_shown(t.type, t.issued_on, today)
    ]


def driver_certificates(db: Session, *, driver_id: int, today: date) -> list[dict]:
    """The driver's certificates, newest first, with their validity badge."""
    rows = db.exec(
        select(Certificate, Training, StoredFile)
        .join(Training, Training.id == Certificate.training_id)
        .join(StoredFile, StoredFile.id == Certificate.file_id)
        .where(Certificate.driver_id == driver_id)
        .order_by(Certificate.issued_on.desc(), Certificate.id.desc())
    ).all()
    return [
        {
            "id": c.public_id,
            "reference": c.reference,
            "training": rules.SHORT_LABELS[rules.TrainingType(t.type)],
            "sector_label": rules.SECTOR_LABELS[rules.Sector(t.sector)],
            "issued_on": fr_date(c.issued_on),
            "end_date": fr_date(t.end_date),
            "valid_until": fr_date(c.valid_until),
            "valid": rules.certificate_is_valid(c.valid_until, today),
            "file": f.public_id,
        }
        for c, t, f in rows
    ]


def qualification_summary(db: Session, *, driver_id: int, today: date) -> list[dict]:
    """Current qualification per sector, with the next FCO due date."""
    return _qualifications(db, driver_id, db.exec(select(Training).where(Training.driver_id == driver_id)).all(), today)


def _qualifications(db: Session, driver_id: int, trainings: list[Training], today: date) -> list[dict]:
    facts = [rules.Fact(t.type, t.sector, t.end_date) for t in trainings]
    cards = db.exec(select(Card).where(Card.driver_id == driver_id).order_by(Card.id.desc())).all()
    return [
        {
            "sector": q.sector,
            "sector_label": rules.SECTOR_LABELS[rules.Sector(q.sector)],
            "valid": q.valid,
            "valid_until": fr_date(q.valid_until),
            "early_from": fr_date(q.early_fco_from),
            "card": _card_line(next((c for c in cards if c.sector == q.sector), None), today),
        }
        for q in sorted(rules.qualifications(facts, today).values(), key=lambda q: q.sector)
    ]


def _card_line(card: Card | None, today: date) -> str:
    if card is None:
        return "Carte CQC : aucune carte pour le moment."
    label, _tone = display_status(card.status, card.shipped_on, card.expires_on, today)
    return f"Carte CQC n° {card.number} ({label.lower()}), valable jusqu'au {fr_date(card.expires_on)}."


def file_for(db: Session, *, role: str, user_id: int, file_public_id: str) -> StoredFile | None:
    """A file the caller may read: the owner driver, or any active agent; else None."""
    f = db.exec(select(StoredFile).where(StoredFile.public_id == str(file_public_id))).first()
    if f is None or f.kind == PURGED:
        return None
    if role == "driver":
        return f if f.driver_id is not None and f.driver_id == user_id else None
    if role == "agent":
        agent = db.get(Agent, user_id)
        if agent is None or not agent.active:
            return None
        db.add(DocumentView(file_id=f.id, agent_id=agent.id))  # every agent view of a driver's file
        db.commit()
        return f
    return None


def purge_continuing(db: Session, *, today: date) -> int:
    """Delete continuing-training (FCO) summaries past 6 years: rows, certificates and files.

    A file an agent viewed keeps its row (kind ``purged``: name, size, SHA-256) for the access log.

    Returns:
        How many trainings were purged.
    """
    old = [
        t
        for t in db.exec(select(Training).where(Training.type.in_([k.value for k in rules.CONTINUING]))).all()
        if not rules.is_shown(t.type, t.issued_on, today)
    ]
    keys = []
    for t in old:
        cert = db.exec(select(Certificate).where(Certificate.training_id == t.id)).first()
        files = [db.get(StoredFile, t.summary_file_id)]
        if cert is not None:
            files.append(db.get(StoredFile, cert.file_id))
            verification.forget_certificate(db, certificate_id=cert.id)
            db.delete(cert)
        db.delete(t)
        db.flush()
        for f in files:
            if f is None:
                continue
            keys.append(f.storage_key)
            if db.exec(select(DocumentView.id).where(DocumentView.file_id == f.id)).first() is None:
                db.delete(f)
            else:  # an agent viewed it: the row stays with its access log, the content goes
                f.kind = PURGED
                db.add(f)
    db.commit()
    files_service.remove(keys)  # after the commit: at worst an orphan file (the sweep's), never a dangling row
    return len(old)
