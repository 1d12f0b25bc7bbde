"""Tests of link lifetimes (72 h, 60 min) and session timeouts (idle 30/15 min, absolute 12 h)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from hubpro.domain.tokens import TokenPurpose, session_expired, token_expired

T0 = datetime(2026, 3, 28, 22, 0, tzinfo=UTC)  # the night before the switch to summer time
SECOND = timedelta(seconds=1)


@pytest.mark.parametrize(
    ("purpose", "lifetime"),
    [
        (TokenPurpose.SET_PASSWORD, timedelta(hours=72)),
        (TokenPurpose.RESET_PASSWORD, timedelta(minutes=60)),
    ],
)
def test_link_valid_until_one_second_before_its_lifetime(purpose, lifetime):
    assert not token_expired(purpose, T0, T0)
    assert not token_expired(purpose, T0, T0 + lifetime - SECOND)
    assert token_expired(purpose, T0, T0 + lifetime)
    assert token_expired(purpose, T0, T0 + lifetime + SECOND)


def test_reset_link_is_much_shorter_than_password_link():
    later = T0 + timedelta(hours=2)
    assert token_expired(TokenPurpose.RESET_PASSWORD, T0, later)
    assert not token_expired(TokenPurpose.SET_PASSWORD, T0, later)


def test_correction_link_outlives_the_password_link():
    four_days = T0 + timedelta(days=4)
    assert token_expired(TokenPurpose.SET_PASSWORD, T0, four_days)
    assert not token_expired(TokenPurpose.CORRECTION, T0, four_days)


@pytest.mark.parametrize(("role", "idle"), [("driver", timedelta(minutes=30)), ("agent", timedelta(minutes=15))])
def test_session_idle_timeout_boundary(role, idle):
    seen = T0 + timedelta(hours=1)
    assert not session_expired(role, T0, seen, seen + idle - SECOND)
    assert session_expired(role, T0, seen, seen + idle)


def test_agent_idle_timeout_is_stricter_than_driver():
    now = T0 + timedelta(minutes=20)
    assert session_expired("agent", T0, T0, now)
    assert not session_expired("driver", T0, T0, now)


def test_activity_keeps_a_session_alive_past_the_idle_timeout():
    # Created 2 h ago but seen a minute ago: idle rule satisfied.
    now = T0 + timedelta(hours=2)
    assert not session_expired("driver", T0, now - timedelta(minutes=1), now)


@pytest.mark.parametrize("role", ["driver", "agent"])
def test_absolute_timeout_of_12_hours_despite_activity(role):
    end = T0 + timedelta(hours=12)
    assert not session_expired(role, T0, end - SECOND, end - SECOND)
    assert session_expired(role, T0, end - SECOND, end)
    assert session_expired(role, T0, end, end)
