"""Files in the private store: generated PDFs and uploaded documents."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from hubpro.models._base import public_id, timestamp


class StoredFile(SQLModel, table=True):
    """Metadata of a private file; its bytes never change once written (SHA-256 kept)."""

    id: int | None = Field(default=None, primary_key=True)
    public_id: str = Field(default_factory=public_id, unique=True, index=True, max_length=32)
    kind: str = Field(max_length=30)
    driver_id: int | None = Field(default=None, foreign_key="driver.id", index=True)
    storage_key: str = Field(unique=True, max_length=80)
    sha256: str = Field(max_length=64)
    size: int
    content_type: str = Field(max_length=60)
    filename: str = Field(max_length=120)
    created_at: datetime = timestamp()
