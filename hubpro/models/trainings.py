"""Training centres, their API keys, deposited trainings and their certificates."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from hubpro.models._base import public_id, timestamp


class TrainingCentre(SQLModel, table=True):
    """A « centre de formation agréé »."""

    id: int | None = Field(default=None, primary_key=True)
    public_id: str = Field(default_factory=public_id, unique=True, index=True, max_length=32)
    name: str = Field(max_length=120)
    siret: str = Field(unique=True, max_length=14)
    agrement: str = Field(unique=True, max_length=40)
    region: str = Field(max_length=60)
    active: bool = True
    created_at: datetime = timestamp()


class CentreApiKey(SQLModel, table=True):
    """An API key of a centre: shown once, stored hashed, revocable."""

    id: int | None = Field(default=None, primary_key=True)
    centre_id: int = Field(foreign_key="trainingcentre.id", index=True)
    prefix: str = Field(max_length=12)
    key_hash: str = Field(unique=True, index=True, max_length=64)
    label: str = Field(default="", max_length=80)
    created_at: datetime = timestamp()
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None


class Training(SQLModel, table=True):
    """One deposited training record, matched to a driver when possible."""

    __table_args__ = (UniqueConstraint("centre_id", "session_reference", "licence_number", name="uq_training_deposit"),)

    id: int | None = Field(default=None, primary_key=True)
    public_id: str = Field(default_factory=public_id, unique=True, index=True, max_length=32)
    centre_id: int = Field(foreign_key="trainingcentre.id", index=True)
    driver_id: int | None = Field(default=None, foreign_key="driver.id", index=True)
    type: str = Field(max_length=40)
    sector: str = Field(max_length=20)
    start_date: date
    end_date: date
    hours: int
    session_reference: str = Field(max_length=50)
    birth_name: str = Field(max_length=80)
    first_names: str = Field(max_length=80)
    birth_date: date
    licence_number: str = Field(index=True, max_length=20)
    issued_on: date
    summary_file_id: int | None = Field(default=None, foreign_key="storedfile.id")
    created_at: datetime = timestamp()


class Certificate(SQLModel, table=True):
    """« Certificat de qualification de conducteur » issued for a training."""

    id: int | None = Field(default=None, primary_key=True)
    public_id: str = Field(default_factory=public_id, unique=True, index=True, max_length=32)
    training_id: int = Field(foreign_key="training.id", unique=True)
    driver_id: int | None = Field(default=None, foreign_key="driver.id", index=True)
    reference: str = Field(unique=True, max_length=30)
    issued_on: date
    valid_until: date
    file_id: int = Field(foreign_key="storedfile.id")
    emailed_at: datetime | None = None
    created_at: datetime = timestamp()
