"""One-time tokens and sessions: purposes, lifetimes and expiry rules."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum


class TokenPurpose(StrEnum):
    """What a one-time link is for."""

    SET_PASSWORD = "set_password"
    RESET_PASSWORD = "reset_password"
    CORRECTION = "correction"


TOKEN_TTL = {
    TokenPurpose.SET_PASSWORD: timedelta(hours=72),
    TokenPurpose.RESET_PASSWORD: timedelta(minutes=60),
    TokenPurpose.CORRECTION: timedelta(days=30),
}

LOGIN_TICKET_TTL = timedelta(seconds=60)
SESSION_IDLE = {"driver": timedelta(minutes=30), "agent": timedelta(minutes=15), "centre": timedelta(minutes=30)}
SESSION_ABSOLUTE = timedelta(hours=12)
SESSION_TOUCH_EVERY = timedelta(seconds=60)


def token_expired(purpose: TokenPurpose, created_at: datetime, now: datetime) -> bool:
    """Whether a link created at created_at is no longer valid at now."""
    return now >= created_at + TOKEN_TTL[purpose]


def session_expired(role: str, created_at: datetime, last_seen_at: datetime, now: datetime) -> bool:
    """Whether a session is past its idle or absolute timeout."""
    return now >= created_at + SESSION_ABSOLUTE or now >= last_seen_at + SESSION_IDLE[role]


# Purge of dead rows: a session is dead SESSION_ABSOLUTE after its creation at the latest (kept one more
# hour for support); a sign-in attempt counts for throttling during throttle.WINDOW + LOCK_FOR (30 min).
SESSION_RETENTION = SESSION_ABSOLUTE + timedelta(hours=1)
LOGIN_ATTEMPT_RETENTION = timedelta(hours=24)
PURGE_EVERY = timedelta(minutes=10)
PURGE_BATCH = 5_000
