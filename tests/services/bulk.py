"""Rows written straight into the tables (no service rules) to give lists many rows cheaply."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from sqlmodel import Session

from hubpro.domain.dates import now
from hubpro.models import (
    Card,
    CardRequest,
    Certificate,
    Driver,
    Invoice,
    Payment,
    RequestEvent,
    StoredFile,
    Training,
    TrainingCentre,
)


def file_row(db: Session, driver_id: int | None, kind: str = "invoice") -> StoredFile:
    """A stored-file row (no bytes: lists only show its public id)."""
    f = StoredFile(
        kind=kind,
        driver_id=driver_id,
        storage_key=secrets.token_hex(16),
        sha256="0" * 64,
        size=1,
        content_type="application/pdf",
        filename="x.pdf",
    )
    db.add(f)
    db.flush()
    return f


def driver(db: Session, n: int, status: str = "active") -> Driver:
    """A driver in the given account status, submitted n minutes ago."""
    at = now() - timedelta(minutes=1000 - n)
    d = Driver(
        status=status,
        civility="m",
        birth_name=f"Nom{n}",
        first_names="Jean",
        birth_date=date(1980, 1, 1),
        birth_city="Lyon",
        birth_country="France",
        email=f"bulk{n}-{secrets.token_hex(3)}@example.fr",
        phone="0612345678",
        address="1 rue A",
        postal_code="69001",
        city="Lyon",
        licence_type="eu_card",
        licence_number=f"13AA{n:05d}",
        consent_privacy_at=at,
        consent_terms_at=at,
        consent_accuracy_at=at,
        consent_processing_at=at,
        created_at=at,
        submitted_at=at,
        updated_at=at,
    )
    db.add(d)
    db.flush()
    return d


def request(db: Session, d: Driver, n: int, status: str = "submitted", events: int = 2) -> CardRequest:
    """A card request with `events` history rows."""
    at = now() - timedelta(minutes=1000 - n)
    r = CardRequest(
        reference=f"B-{secrets.token_hex(6)}",
        driver_id=d.id,
        status=status,
        submitted_at=at,
        created_at=at,
        updated_at=at,
    )
    db.add(r)
    db.flush()
    for i in range(events):
        db.add(
            RequestEvent(request_id=r.id, actor_kind="driver", action="submit", to_status=status, at=at, reason=str(i))
        )
    return r


def card(db: Session, d: Driver, n: int) -> Card:
    """A shipped card with a photo, on a request of its own."""
    r = request(db, d, n, status="shipped", events=1)
    photo = file_row(db, d.id, "photo")
    c = Card(
        number=f"C{secrets.token_hex(5)}"[:12],
        driver_id=d.id,
        request_id=r.id,
        sector="marchandises",
        categories="C",
        birth_name=d.birth_name,
        first_names=d.first_names,
        birth_date=d.birth_date,
        birth_place="Lyon",
        licence_number=d.licence_number,
        issued_on=date(2025, 1, 1),
        expires_on=date(2030, 1, 1),
        status="shipped",
        shipped_on=date(2025, 1, 2),
        photo_file_id=photo.id,
    )
    db.add(c)
    db.flush()
    return c


def training(db: Session, d: Driver, n: int) -> Training:
    """An FCO training with its summary file and certificate."""
    centre = TrainingCentre(
        name="Centre", siret=f"{secrets.randbelow(10**14):014d}", agrement=secrets.token_hex(6), region="Bretagne"
    )
    db.add(centre)
    db.flush()
    end = date.today() - timedelta(days=10 + n)
    t = Training(
        centre_id=centre.id,
        driver_id=d.id,
        type="fco",
        sector="marchandises",
        start_date=end - timedelta(days=4),
        end_date=end,
        hours=35,
        session_reference=f"S{n}",
        birth_name=d.birth_name,
        first_names=d.first_names,
        birth_date=d.birth_date,
        licence_number=d.licence_number,
        issued_on=end,
        summary_file_id=file_row(db, d.id, "summary").id,
    )
    db.add(t)
    db.flush()
    db.add(
        Certificate(
            training_id=t.id,
            driver_id=d.id,
            reference=f"CQ-{secrets.token_hex(6)}",
            issued_on=end,
            valid_until=end + timedelta(days=120),
            file_id=file_row(db, d.id, "certificate").id,
        )
    )
    return t


def invoice(db: Session, d: Driver, n: int) -> Invoice:
    """A paid payment and its invoice."""
    r = request(db, d, n, status="in_production", events=0)
    p = Payment(
        driver_id=d.id,
        request_id=r.id,
        purpose="replacement",
        designation="Remplacement",
        amount_cents=3600,
        status="succeeded",
        billing_name="Jean",
        billing_address="1 rue A",
    )
    db.add(p)
    db.flush()
    inv = Invoice(
        number=f"HPT-2026-{n:06d}-{secrets.token_hex(2)}",
        year=2026,
        sequence=n,
        payment_id=p.id,
        driver_id=d.id,
        issued_on=date.today(),
        service_date=date.today(),
        designation="Remplacement",
        total_ht_cents=3000,
        total_vat_cents=600,
        total_ttc_cents=3600,
        original_file_id=file_row(db, d.id).id,
        duplicate_file_id=file_row(db, d.id).id,
    )
    db.add(inv)
    db.flush()
    return inv
