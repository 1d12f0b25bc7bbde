"""Operator agents (back-office users)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from hubpro.models._base import timestamp


class Agent(SQLModel, table=True):
    """An operator agent signing in at /agent."""

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(unique=True, index=True, max_length=254)
    name: str = Field(default="", max_length=120)
    password_hash: str = Field(max_length=100)
    active: bool = True
    created_at: datetime = timestamp()
