"""Deposited trainings: idempotent deposit, PDFs, matching to drivers, certificates by email."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from hubpro import pdf
from hubpro.domain import trainings as rules
from hubpro.domain.accounts import CIVILITIES, AccountStatus
from hubpro.domain.dates import PARIS, fr_date, now
from hubpro.models import Certificate, Driver, StoredFile, Training, TrainingCentre
from hubpro.notify import templates
from hubpro.notify.outbox import enqueue_email
from hubpro.services import files, verification

log = logging.getLogger("hubpro.trainings")
MATCHABLE = (AccountStatus.VALIDATED.value, AccountStatus.ACTIVE.value)


@dataclass(frozen=True)
class Deposit:
    """Outcome of a deposit: the record (new or the one already there) or French errors."""

    training: Training | None
    created: bool
    errors: dict[str, str]


def today() -> date:
    """The current date in Paris."""
    return now().astimezone(PARIS).date()


def _reference(prefix: str, day: date) -> str:
    return f"{prefix}-{day.year}-{secrets.token_hex(4).upper()}"


def _find_driver(db: Session, t: Training) -> Driver | None:
    candidates = db.exec(
        select(Driver).where(
            Driver.licence_number == t.licence_number,
            Driver.birth_date == t.birth_date,
            Driver.status.in_(MATCHABLE),
        )
    ).all()
    return next((d for d in candidates if rules.names_match(t.birth_name, d.birth_name, d.usage_name)), None)


def _documents(
    t: Training, centre: TrainingCentre, driver: Driver | None, verify_url: str
) -> tuple[bytes, bytes, str, str, date]:
    holder = pdf.Holder(
        civility=CIVILITIES.get(driver.civility, "") if driver else "",
        birth_name=t.birth_name,
        usage_name=driver.usage_name if driver else "",
        first_names=t.first_names,
        birth_date=t.birth_date,
        licence_number=t.licence_number,
    )
    facts = pdf.TrainingFacts(
        type_label=rules.TYPE_LABELS[rules.TrainingType(t.type)],
        sector_label=rules.SECTOR_LABELS[rules.Sector(t.sector)],
        categories=rules.CATEGORIES[rules.Sector(t.sector)],
        start_date=t.start_date,
        end_date=t.end_date,
        hours=t.hours,
        session_reference=t.session_reference,
    )
    issuer = pdf.Centre(name=centre.name, siret=centre.siret, agrement=centre.agrement, region=centre.region)
    summary_ref = _reference("REC", t.issued_on)
    cert_ref = _reference("CQC", t.issued_on)
    valid_until = rules.certificate_valid_until(t.issued_on, t.birth_date)
    summary = pdf.render_training_summary(
        reference=summary_ref, holder=holder, centre=issuer, training=facts, issued_on=t.issued_on
    )
    certificate = pdf.render_certificate(
        reference=cert_ref,
        holder=holder,
        centre=issuer,
        training=facts,
        issued_on=t.issued_on,
        valid_until=valid_until,
        verify_url=verify_url,
    )
    return summary, certificate, summary_ref, cert_ref, valid_until


def _existing(db: Session, centre_id: int, clean: dict) -> Training | None:
    return db.exec(
        select(Training).where(
            Training.centre_id == centre_id,
            Training.session_reference == clean["session_reference"],
            Training.licence_number == clean["licence_number"],
        )
    ).first()


def deposit(db: Session, *, centre_id: int, data: dict) -> Deposit:
    """Record a training; a retry with the same (centre, session, licence) returns the same record.

    The PDFs are generated once and stored with their SHA-256; file and rows are committed
    together or the files are removed.
    """
    centre = db.get(TrainingCentre, centre_id)
    if centre is None or not centre.active:
        raise PermissionError("inactive centre")
    clean, errors = rules.validate_training(data, today())
    if errors:
        return Deposit(None, False, errors)
    if (found := _existing(db, centre_id, clean)) is not None:
        return Deposit(found, False, {})
    training = Training(centre_id=centre_id, issued_on=today(), **clean)
    driver = _find_driver(db, training)
    training.driver_id = driver.id if driver else None
    written: list[str] = []
    try:
        db.add(training)
        db.flush()
        _attach_documents(db, training, centre, driver, written)
        db.commit()
    except IntegrityError:
        db.rollback()
        files.remove(written)
        return Deposit(_existing(db, centre_id, clean), False, {})
    except BaseException:
        db.rollback()
        files.remove(written)
        raise
    log.info("training %s deposited by centre %s (driver %s)", training.public_id, centre_id, training.driver_id)
    return Deposit(training, True, {})


def _attach_documents(db: Session, t: Training, centre: TrainingCentre, driver: Driver | None, written: list) -> None:
    salt, token = verification.prepare_token()
    summary, cert_pdf, summary_ref, cert_ref, valid_until = _documents(
        t, centre, driver, verification.verify_url(token)
    )
    driver_id = driver.id if driver else None
    summary_file = files.add(db, kind="training_summary", data=summary, filename=f"recapitulatif-{summary_ref}.pdf",
                             driver_id=driver_id, written=written)  # fmt: skip
    t.summary_file_id = summary_file.id
    cert_file = files.add(db, kind="certificate", data=cert_pdf, filename=f"certificat-{cert_ref}.pdf",
                          driver_id=driver_id, written=written)  # fmt: skip
    cert = Certificate(
        training_id=t.id,
        driver_id=driver_id,
        reference=cert_ref,
        issued_on=t.issued_on,
        valid_until=valid_until,
        file_id=cert_file.id,
    )
    db.add(cert)
    db.add(t)
    db.flush()
    verification.add_token(db, kind="certificate", salt=salt, token=token, driver_id=driver_id, certificate_id=cert.id)
    if driver is not None:
        _email_certificate(db, driver, cert, cert_file)


def _email_certificate(db: Session, driver: Driver, cert: Certificate, file: StoredFile) -> None:
    enqueue_email(
        db,
        driver.email,
        templates.certificate_ready(driver.display_name, fr_date(cert.issued_on), fr_date(cert.valid_until)),
        attachments=[{"file_id": file.id, "filename": file.filename, "content_type": file.content_type}],
    )
    cert.emailed_at = now()
    db.add(cert)


def attach_pending(db: Session, driver: Driver) -> int:
    """Give a newly validated driver the trainings deposited before the account existed.

    Runs in the caller's transaction; valid certificates are emailed.

    Returns:
        How many trainings were attached.
    """
    pending = db.exec(
        select(Training).where(
            Training.driver_id == None,  # noqa: E711
            Training.licence_number == driver.licence_number,
            Training.birth_date == driver.birth_date,
        )
    ).all()
    count = 0
    for t in pending:
        if not rules.names_match(t.birth_name, driver.birth_name, driver.usage_name):
            continue
        t.driver_id = driver.id
        db.add(t)
        cert = db.exec(select(Certificate).where(Certificate.training_id == t.id)).first()
        files = [
            f for f in (db.get(StoredFile, t.summary_file_id), db.get(StoredFile, cert.file_id) if cert else None) if f
        ]
        for f in files:
            f.driver_id = driver.id
            db.add(f)
        if cert is not None:
            cert.driver_id = driver.id
            db.add(cert)
            if rules.certificate_is_valid(cert.valid_until, today()) and cert.emailed_at is None:
                _email_certificate(db, driver, cert, db.get(StoredFile, cert.file_id))
        count += 1
    return count


def for_centre(db: Session, *, centre_id: int, public_id: str) -> Training | None:
    """A training deposited by this centre (another centre's id gives None)."""
    t = db.exec(select(Training).where(Training.public_id == str(public_id))).first()
    return t if t is not None and t.centre_id == centre_id else None


def recent_for_centre(db: Session, *, centre_id: int, limit: int = 20) -> list[Training]:
    """The centre's latest deposits."""
    return list(
        db.exec(select(Training).where(Training.centre_id == centre_id).order_by(Training.id.desc()).limit(limit))
    )
