"""Card requests, their documents and history, cards and their history, document-view log and home notices."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Column, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from hubpro.domain.request_flow import TO_INSTRUCT
from hubpro.models._base import public_id, timestamp

TO_INSTRUCT_SQL = "status IN (" + ", ".join(f"'{s.value}'" for s in TO_INSTRUCT) + ")"


class CardRequest(SQLModel, table=True):
    """A « Faire une demande » → carte CQC request, from draft to shipping."""

    __table_args__ = (
        Index(
            "uq_request_certificate_open",
            "certificate_id",
            unique=True,
            sqlite_where=text("status NOT IN ('cancelled', 'rejected')"),
            postgresql_where=text("status NOT IN ('cancelled', 'rejected')"),
        ),
        Index("ix_cardrequest_status_submitted", "status", "submitted_at", "id"),  # one status, oldest first
        Index(
            "ix_cardrequest_to_instruct",  # « À instruire (tous) », oldest first: no sort
            "submitted_at",
            "id",
            sqlite_where=text(TO_INSTRUCT_SQL),
            postgresql_where=text(TO_INSTRUCT_SQL),
        ),
        Index("ix_cardrequest_old_card", "old_card_id", "kind"),  # a card's re-shipping requests
    )

    id: int | None = Field(default=None, primary_key=True)
    public_id: str = Field(default_factory=public_id, unique=True, index=True, max_length=32)
    reference: str = Field(unique=True, max_length=30)
    driver_id: int = Field(foreign_key="driver.id", index=True)
    certificate_id: int | None = Field(default=None, foreign_key="certificate.id")
    kind: str = Field(default="cqc", max_length=20)  # domain.kinds.RequestKind
    motif: str = Field(default="", max_length=20)  # ReplacementMotif, or ReturnedMailChoice for a re-shipping
    old_card_id: int | None = None  # card.id (no FK: card already points at its request)
    declaration: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False, server_default="{}"))
    billing_name: str = Field(default="", max_length=200)
    billing_address: str = Field(default="", max_length=300)
    billing_same: bool = True  # « Identique à l'adresse de livraison, à mon nom » (replacements)
    status: str = Field(default="draft", index=True, max_length=20)
    step: str = Field(default="identity", max_length=20)
    identity_confirmed: bool = False
    identity_report: str = Field(default="", max_length=500)
    delivery_address: str = Field(default="", max_length=200)
    delivery_postal_code: str = Field(default="", max_length=5)
    delivery_city: str = Field(default="", max_length=80)
    review: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    info_items: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    reject_reason: str = Field(default="", max_length=500)
    created_at: datetime = timestamp()
    updated_at: datetime = timestamp()
    submitted_at: datetime | None = Field(default=None, index=True)


class RequestDocument(SQLModel, table=True):
    """The current file of one expected document of a request."""

    __table_args__ = (UniqueConstraint("request_id", "kind", name="uq_request_document_kind"),)

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="cardrequest.id", index=True)
    kind: str = Field(max_length=20)
    file_id: int = Field(foreign_key="storedfile.id")
    thumb_file_id: int | None = Field(default=None, foreign_key="storedfile.id")
    display_name: str = Field(default="", max_length=100)
    created_at: datetime = timestamp()


class RequestEvent(SQLModel, table=True):
    """One status change of a request: who, when, what, why."""

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="cardrequest.id", index=True)
    at: datetime = timestamp()
    actor_kind: str = Field(max_length=10)
    actor_id: int | None = None
    action: str = Field(max_length=20)
    from_status: str = Field(default="", max_length=20)
    to_status: str = Field(max_length=20)
    reason: str = Field(default="", max_length=500)


class Card(SQLModel, table=True):
    """A CQC card produced from a validated request."""

    id: int | None = Field(default=None, primary_key=True)
    public_id: str = Field(default_factory=public_id, unique=True, index=True, max_length=32)
    number: str = Field(unique=True, max_length=12)
    driver_id: int = Field(foreign_key="driver.id", index=True)
    request_id: int = Field(foreign_key="cardrequest.id", unique=True)
    sector: str = Field(max_length=20)
    categories: str = Field(max_length=40)
    birth_name: str = Field(max_length=80)
    usage_name: str = Field(default="", max_length=80)
    first_names: str = Field(max_length=80)
    birth_date: date
    birth_place: str = Field(max_length=170)
    licence_number: str = Field(max_length=20)
    issued_on: date
    expires_on: date
    status: str = Field(default="in_production", max_length=20)
    shipped_on: date | None = None
    returned_reason: str = Field(default="", max_length=40)
    returned_at: datetime | None = None
    photo_file_id: int | None = Field(default=None, foreign_key="storedfile.id")
    created_at: datetime = timestamp()


class CardEvent(SQLModel, table=True):
    """One status change of a card: who, when, what, why."""

    id: int | None = Field(default=None, primary_key=True)
    card_id: int = Field(foreign_key="card.id", index=True)
    at: datetime = timestamp()
    actor_kind: str = Field(max_length=10)
    actor_id: int | None = None
    action: str = Field(max_length=20)
    from_status: str = Field(default="", max_length=20)
    to_status: str = Field(max_length=20)
    reason: str = Field(default="", max_length=500)


class DocumentView(SQLModel, table=True):
    """An agent opened a driver's file (document, training PDF, invoice…): logged, never deleted."""

    id: int | None = Field(default=None, primary_key=True)
    file_id: int = Field(foreign_key="storedfile.id", index=True)
    agent_id: int = Field(foreign_key="agent.id", index=True)
    at: datetime = timestamp()


class Notice(SQLModel, table=True):
    """A notice on the driver's « Accueil » (« en savoir plus »)."""

    id: int | None = Field(default=None, primary_key=True)
    driver_id: int = Field(foreign_key="driver.id", index=True)
    text: str = Field(max_length=300)
    link: str = Field(max_length=200)
    tone: str = Field(default="warning", max_length=10)
    created_at: datetime = timestamp()
    closed_at: datetime | None = None
