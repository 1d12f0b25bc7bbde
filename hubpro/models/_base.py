"""Column helpers shared by the tables."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Field

from hubpro.domain.dates import now


def public_id() -> str:
    """A random identifier safe to put in URLs."""
    return uuid.uuid4().hex


def timestamp(**kw) -> datetime:
    """A creation timestamp field."""
    return Field(default_factory=now, **kw)
