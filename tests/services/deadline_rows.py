"""Rows behind a driver's deadlines, written directly (dates chosen by the test)."""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session

from hubpro.models import Card, CardRequest, Certificate, StoredFile, Training, TrainingCentre


def centre(db: Session) -> TrainingCentre:
    """A fresh training centre."""
    siret = "".join(secrets.choice("0123456789") for _ in range(14))
    row = TrainingCentre(name="Centre Échéances", siret=siret, agrement="DL-" + siret, region="Bretagne")
    db.add(row)
    db.flush()
    return row


def training(db: Session, driver, *, end: date, type_: str = "fimo", sector: str = "marchandises") -> Training:
    """A training of the driver that ended on ``end``."""
    row = Training(
        centre_id=centre(db).id, driver_id=driver.id, type=type_, sector=sector, start_date=end - timedelta(days=30),
        end_date=end, hours=140, session_reference="S-" + secrets.token_hex(4), birth_name=driver.birth_name,
        first_names=driver.first_names, birth_date=driver.birth_date, licence_number=driver.licence_number,
        issued_on=end,
    )  # fmt: skip
    db.add(row)
    db.flush()
    return row


def certificate(db: Session, driver, *, issued: date, valid_until: date, train: Training | None = None) -> Certificate:
    """A certificate of qualification of the driver (with its training)."""
    train = train or training(db, driver, end=issued)
    pdf = StoredFile(kind="certificate", driver_id=driver.id, storage_key="k-" + secrets.token_hex(8), sha256="0" * 64,
                     size=1, content_type="application/pdf", filename="certificat.pdf")  # fmt: skip
    db.add(pdf)
    db.flush()
    row = Certificate(training_id=train.id, driver_id=driver.id, reference="CQ-" + secrets.token_hex(4).upper(),
                      issued_on=issued, valid_until=valid_until, file_id=pdf.id)  # fmt: skip
    db.add(row)
    db.flush()
    return row


def request(db: Session, driver, *, status: str, cert: Certificate | None = None, since: date | None = None,
            kind: str = "cqc") -> CardRequest:  # fmt: skip
    """A card request in ``status`` since ``since``."""
    at = datetime.combine(since, datetime.min.time(), tzinfo=UTC) + timedelta(hours=10) if since else None
    row = CardRequest(reference="DEM-" + secrets.token_hex(4).upper(), driver_id=driver.id, kind=kind, status=status,
                      certificate_id=cert.id if cert else None, **({"updated_at": at} if at else {}))  # fmt: skip
    db.add(row)
    db.flush()
    return row


def card(db: Session, driver, *, expires: date, status: str = "shipped", returned_at: datetime | None = None) -> Card:
    """A card of the driver ending on ``expires``."""
    req = request(db, driver, status="shipped")
    row = Card(number=secrets.token_hex(5).upper()[:9], driver_id=driver.id, request_id=req.id, sector="marchandises",
               categories="C, CE", birth_name=driver.birth_name, first_names=driver.first_names,
               birth_date=driver.birth_date, birth_place="Nantes", licence_number=driver.licence_number,
               issued_on=expires - timedelta(days=5 * 365), expires_on=expires, status=status,
               shipped_on=expires - timedelta(days=5 * 365), returned_at=returned_at,
               returned_reason="refuse" if returned_at else "")  # fmt: skip
    db.add(row)
    db.flush()
    return row
