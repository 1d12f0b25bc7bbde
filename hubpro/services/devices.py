"""Known devices (OWASP « device cookies »): a browser that signed in before passes its account's soft lock.

Anyone can lock an account for 15 minutes with 10 wrong passwords; the owner's own browser, which
holds a long-lived HttpOnly cookie with a random device id from an earlier sign-in, still gets in
with the right password. Only the SHA-256 of the id is stored, tied to the account; a device that
sends too many wrong passwords is trusted no more.
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select

from hubpro.domain import throttle
from hubpro.domain.dates import aware, now
from hubpro.models import AuthSession, KnownDevice
from hubpro.security import new_token, token_hash

DEVICE_TTL = timedelta(days=180)
MAX_FAILURES = throttle.LOCK_AFTER  # wrong passwords from one device before it loses its trust


def _well_formed(raw: object) -> bool:
    return isinstance(raw, str) and 20 <= len(raw) <= 100


def find(db: Session, *, role: str, user_id: int, raw: str) -> KnownDevice | None:
    """The trusted device behind a cookie value for that account, or None (unknown, expired, forged)."""
    if not _well_formed(raw):
        return None
    row = db.exec(
        select(KnownDevice).where(
            KnownDevice.device_hash == token_hash(raw), KnownDevice.role == role, KnownDevice.user_id == user_id
        )
    ).first()
    if row is None or now() - aware(row.last_used_at) > DEVICE_TTL:
        return None
    return row


def failed(db: Session, device: KnownDevice) -> None:
    """A wrong password from a trusted device (caller commits): after MAX_FAILURES it is forgotten."""
    device.failures += 1
    if device.failures >= MAX_FAILURES:
        db.delete(device)
    else:
        db.add(device)


def remember(db: Session, *, role: str, session_token: str, raw: str = "") -> str:
    """After a completed sign-in: tie this browser to the session's account and return the id for its cookie.

    A browser already known (for this or another account, a shared computer) keeps its id; any other
    value is replaced by a new random id.

    Args:
        db: Database session (committed here).
        role: "driver" or "agent".
        session_token: The raw token of the session just opened.
        raw: The device cookie the browser sent, or "".

    Returns:
        The device id to set in the cookie, or "" when the session is unknown.
    """
    session = db.exec(select(AuthSession).where(AuthSession.token_hash == token_hash(session_token))).first()
    if session is None or session.role != role:
        return ""
    at = now()
    digest = token_hash(raw) if _well_formed(raw) else ""
    rows = db.exec(select(KnownDevice).where(KnownDevice.device_hash == digest)).all() if digest else []
    row = next((r for r in rows if (r.role, r.user_id) == (role, session.user_id)), None)
    if row is None:
        raw = raw if rows else new_token()  # a browser known for another account keeps its id
        row = KnownDevice(role=role, user_id=session.user_id, device_hash=token_hash(raw), created_at=at)
    row.last_used_at, row.failures = at, 0
    db.add(row)
    db.commit()
    return raw
