"""Verification tokens of certificates and cards, their check log, share codes and their view log."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from hubpro.models._base import public_id, timestamp


class VerificationToken(SQLModel, table=True):
    """The QR code of one document (a certificate or a card): random salt, token stored as SHA-256."""

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=12)  # "certificate" | "card"
    certificate_id: int | None = Field(default=None, foreign_key="certificate.id", unique=True)
    card_id: int | None = Field(default=None, foreign_key="card.id", unique=True)
    driver_id: int | None = Field(default=None, foreign_key="driver.id", index=True)
    salt: str = Field(max_length=32)  # hex of 16 random bytes; the token is HMAC(secret key, salt)
    token_hash: str = Field(unique=True, index=True, max_length=64)
    created_at: datetime = timestamp()
    revoked_at: datetime | None = None


class VerificationCheck(SQLModel, table=True):
    """One visit of /verifier/<token>: when, which document (none when unknown), what it read."""

    id: int | None = Field(default=None, primary_key=True)
    token_id: int | None = Field(default=None, foreign_key="verificationtoken.id", index=True)
    at: datetime = timestamp()
    outcome: str = Field(max_length=20)  # "found" | "not_found" | "limited"
    state: str = Field(default="", max_length=20)  # TitleState.name when found


class ShareCode(SQLModel, table=True):
    """A code the driver gives an employer (« Partager ma qualification »): 21 days, stored as SHA-256."""

    id: int | None = Field(default=None, primary_key=True)
    public_id: str = Field(default_factory=public_id, unique=True, index=True, max_length=32)
    driver_id: int = Field(foreign_key="driver.id", index=True)
    code_hash: str = Field(unique=True, index=True, max_length=64)
    hint: str = Field(max_length=4)  # the last 4 characters, so the driver tells codes apart
    created_at: datetime = timestamp()
    expires_at: datetime
    revoked_at: datetime | None = None


class ShareView(SQLModel, table=True):
    """An employer opened the summary with a code (« Consulté le … »)."""

    id: int | None = Field(default=None, primary_key=True)
    share_code_id: int = Field(foreign_key="sharecode.id", index=True)
    at: datetime = timestamp()
