"""One-time links: issue, look up, consume."""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import Session, select

from hubpro.domain.dates import aware, now
from hubpro.domain.tokens import TokenPurpose, token_expired
from hubpro.models import OneTimeToken
from hubpro.security import new_token, token_hash


def issue(db: Session, driver_id: int, purpose: TokenPurpose) -> str:
    """Create a link token for the driver, retiring the unused ones of that purpose.

    Returns:
        The raw token (only its hash is stored).
    """
    at = now()
    for old in db.exec(
        select(OneTimeToken).where(
            OneTimeToken.driver_id == driver_id,
            OneTimeToken.purpose == purpose.value,
            OneTimeToken.used_at == None,  # noqa: E711
        )
    ):
        old.used_at = at
        db.add(old)
    raw = new_token()
    db.add(OneTimeToken(purpose=purpose.value, token_hash=token_hash(raw), driver_id=driver_id, created_at=at))
    return raw


def find_valid(db: Session, raw: str, purpose: TokenPurpose) -> OneTimeToken | None:
    """The unused, unexpired token row for a raw token, or None."""
    if not isinstance(raw, str) or not 20 <= len(raw) <= 100:
        return None
    row = db.exec(select(OneTimeToken).where(OneTimeToken.token_hash == token_hash(raw))).first()
    if row is None or row.purpose != purpose.value or row.used_at is not None:
        return None
    if token_expired(purpose, aware(row.created_at), now()):
        return None
    return row


class TokenAlreadyUsed(RuntimeError):
    """Another request consumed the same link first."""


def consume(db: Session, row: OneTimeToken) -> None:
    """Mark a token used, atomically, in the caller's transaction.

    Raises:
        TokenAlreadyUsed: when a concurrent request used it first.
    """
    at = now()
    result = db.exec(
        update(OneTimeToken)
        .where(OneTimeToken.id == row.id, OneTimeToken.used_at == None)  # noqa: E711
        .values(used_at=at)
    )
    if result.rowcount != 1:
        raise TokenAlreadyUsed()
    row.used_at = at
