"""Sign-in throttling: growing delay after 5 failures, soft lock after 10 in 15 minutes.

Per IP the thresholds are four times higher: many drivers share one address (mobile carriers'
NAT, company depots) and one driver's typos must not lock out the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

WINDOW = timedelta(minutes=15)
DELAY_AFTER = 5
LOCK_AFTER = 10
LOCK_FOR = timedelta(minutes=15)
MAX_DELAY = timedelta(seconds=60)
IP_FACTOR = 4


@dataclass(frozen=True)
class Verdict:
    """Whether a sign-in attempt may be checked now."""

    allowed: bool
    retry_after_seconds: int = 0
    locked: bool = False


def delay_for(failures: int, delay_after: int = DELAY_AFTER) -> timedelta:
    """The wait imposed after the given number of recent failures (1, 2, 4 … 60 s)."""
    if failures < delay_after:
        return timedelta(0)
    return min(MAX_DELAY, timedelta(seconds=2 ** min(failures - delay_after, 10)))


def verdict(failures: list[datetime], now: datetime, factor: int = 1) -> Verdict:
    """Decide from the failure times of one account (factor 1) or one IP (factor IP_FACTOR).

    Args:
        failures: times of failed attempts since the last success (any order).
        now: the current time.
        factor: multiplies both thresholds.
    """
    delay_after, lock_after = DELAY_AFTER * factor, LOCK_AFTER * factor
    recent = sorted(t for t in failures if now - t < WINDOW + LOCK_FOR)
    in_window = [t for t in recent if now - t < WINDOW]
    if len(recent) >= lock_after:
        # Lock from the failure that reached the threshold within one window.
        for i in range(len(recent) - lock_after + 1):
            first, tenth = recent[i], recent[i + lock_after - 1]
            if tenth - first < WINDOW and now < tenth + LOCK_FOR:
                wait = tenth + LOCK_FOR - now
                return Verdict(False, max(1, int(wait.total_seconds())), locked=True)
    if not in_window:
        return Verdict(True)
    wait_until = in_window[-1] + delay_for(len(in_window), delay_after)
    if now < wait_until:
        return Verdict(False, max(1, int((wait_until - now).total_seconds()) + 1))
    return Verdict(True)


def combine(*verdicts: Verdict) -> Verdict:
    """The strictest of several verdicts (account and IP)."""
    refused = [v for v in verdicts if not v.allowed]
    if not refused:
        return Verdict(True)
    worst = max(refused, key=lambda v: (v.locked, v.retry_after_seconds))
    return worst


def message(v: Verdict) -> str:
    """The French message for a refused attempt."""
    minutes = (v.retry_after_seconds + 59) // 60
    if v.locked:
        return (
            "Trop de tentatives de connexion. Par sécurité, la connexion est suspendue "
            f"pendant {minutes} min. Vous pouvez aussi utiliser « Mot de passe oublié »."
        )
    return f"Trop de tentatives. Réessayez dans {v.retry_after_seconds} s."
