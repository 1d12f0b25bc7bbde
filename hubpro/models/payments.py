"""Payments (Stripe PaymentIntents) and their history, processed webhook events, invoices and their counter."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from hubpro.models._base import public_id, timestamp


class Payment(SQLModel, table=True):
    """One amount to pay for one request; retried on the same row after a decline."""

    id: int | None = Field(default=None, primary_key=True)
    public_id: str = Field(default_factory=public_id, unique=True, index=True, max_length=32)
    driver_id: int = Field(foreign_key="driver.id", index=True)
    request_id: int = Field(foreign_key="cardrequest.id", index=True)
    purpose: str = Field(max_length=30)
    designation: str = Field(max_length=200)
    amount_cents: int
    currency: str = Field(default="eur", max_length=3)
    status: str = Field(default="created", index=True, max_length=20)
    stripe_intent_id: str | None = Field(default=None, unique=True, max_length=80)
    attempts: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    processing_since: datetime | None = None
    last_error: str = Field(default="", max_length=300)
    billing_name: str = Field(max_length=200)
    billing_address: str = Field(max_length=300)
    created_at: datetime = timestamp()
    paid_at: datetime | None = None


class PaymentEvent(SQLModel, table=True):
    """One status change of a payment (attempt started, ended, paid): who, when, why."""

    id: int | None = Field(default=None, primary_key=True)
    payment_id: int = Field(foreign_key="payment.id", index=True)
    at: datetime = timestamp()
    actor_kind: str = Field(max_length=10)
    actor_id: int | None = None
    action: str = Field(max_length=20)
    from_status: str = Field(default="", max_length=20)
    to_status: str = Field(max_length=20)
    reason: str = Field(default="", max_length=500)


class StripeEvent(SQLModel, table=True):
    """A processed Stripe event id: its effect and this row commit together (no replay)."""

    id: int | None = Field(default=None, primary_key=True)
    event_id: str = Field(unique=True, max_length=80)
    type: str = Field(max_length=60)
    received_at: datetime = timestamp()


class InvoiceCounter(SQLModel, table=True):
    """Last invoice sequence of a year (row-locked while numbering: gapless)."""

    year: int = Field(primary_key=True)
    last: int = 0


class Invoice(SQLModel, table=True):
    """An issued invoice: numbered with the payment, its PDFs stored once just after (SHA-256 kept), then never changed.

    While ``original_file_id`` is empty the PDFs are being prepared (``services.invoice_pdfs``): a renderer claims
    the row (``render_claimed_by``, ``render_claimed_until``: a lease, like the outbox) and retries on failure.
    """

    id: int | None = Field(default=None, primary_key=True)
    public_id: str = Field(default_factory=public_id, unique=True, index=True, max_length=32)
    number: str = Field(unique=True, max_length=20)
    year: int = Field(index=True)
    sequence: int
    payment_id: int = Field(foreign_key="payment.id", unique=True)
    driver_id: int = Field(foreign_key="driver.id", index=True)
    issued_on: date
    service_date: date
    designation: str = Field(max_length=200)
    lines: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    total_ht_cents: int
    total_vat_cents: int
    total_ttc_cents: int
    original_file_id: int | None = Field(default=None, foreign_key="storedfile.id")
    duplicate_file_id: int | None = Field(default=None, foreign_key="storedfile.id")
    render_claimed_by: str | None = Field(default=None, max_length=64)
    render_claimed_until: datetime | None = None
    render_attempts: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    render_error: str = Field(default="", max_length=300, sa_column_kwargs={"server_default": ""})
    created_at: datetime = timestamp()
