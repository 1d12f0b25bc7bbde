"""Driver accounts and their decision history."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from hubpro.domain.accounts import AccountStatus
from hubpro.models._base import public_id, timestamp


class Driver(SQLModel, table=True):
    """A driver (« Particulier ») account."""

    __table_args__ = (Index("ix_driver_status_submitted", "status", "submitted_at", "id"),)  # the account queue

    id: int | None = Field(default=None, primary_key=True)
    public_id: str = Field(default_factory=public_id, unique=True, index=True, max_length=32)
    status: str = Field(default=AccountStatus.IN_REVIEW.value, index=True, max_length=20)
    civility: str = Field(max_length=4)
    birth_name: str = Field(max_length=80)
    usage_name: str = Field(default="", max_length=80)
    first_names: str = Field(max_length=80)
    birth_date: date
    birth_city: str = Field(max_length=80)
    birth_country: str = Field(max_length=80)
    email: str = Field(unique=True, index=True, max_length=254)
    phone: str = Field(max_length=20)
    address: str = Field(max_length=200)
    postal_code: str = Field(max_length=5)
    city: str = Field(max_length=80)
    licence_type: str = Field(max_length=20)
    licence_number: str = Field(index=True, max_length=20)
    consent_privacy_at: datetime
    consent_terms_at: datetime
    consent_accuracy_at: datetime
    consent_processing_at: datetime
    corrections: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    password_hash: str | None = Field(default=None, max_length=100)
    created_at: datetime = timestamp()
    submitted_at: datetime = timestamp(index=True)
    updated_at: datetime = timestamp()

    @property
    def display_name(self) -> str:
        """First names and usual (or birth) name."""
        return f"{self.first_names} {self.usage_name or self.birth_name}"


class AccountEvent(SQLModel, table=True):
    """One recorded decision or change on an account: who, when, what."""

    id: int | None = Field(default=None, primary_key=True)
    driver_id: int = Field(foreign_key="driver.id", index=True)
    at: datetime = timestamp()
    actor_kind: str = Field(max_length=10)
    actor_id: int | None = None
    action: str = Field(max_length=40)
    from_status: str = Field(default="", max_length=20)
    to_status: str = Field(default="", max_length=20)
    detail: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
