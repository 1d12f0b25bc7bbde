"""Tests of sign-in throttling: growing delay after 5 failures, 15-minute soft lock after 10 in 15 min."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from hubpro.domain import throttle
from hubpro.domain.throttle import Verdict

NOW = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)


def _seconds_ago(*seconds: int) -> list[datetime]:
    return [NOW - timedelta(seconds=s) for s in seconds]


def test_no_failure_is_allowed():
    assert throttle.verdict([], NOW) == Verdict(True)


def test_fewer_than_five_failures_impose_no_wait():
    failures = _seconds_ago(4, 3, 2, 1, 0)[:4]
    assert len(failures) == 4
    assert throttle.verdict(failures, NOW).allowed


def test_the_fifth_failure_imposes_a_wait():
    failures = [NOW] * 5
    v = throttle.verdict(failures, NOW)
    assert not v.allowed
    assert not v.locked
    assert v.retry_after_seconds >= 1
    # The wait passes: allowed again a little later.
    assert throttle.verdict(failures, NOW + timedelta(seconds=2)).allowed


def test_delay_grows_with_each_failure_and_is_capped():
    delays = [throttle.delay_for(n) for n in range(0, 20)]
    assert all(d == timedelta(0) for d in delays[: throttle.DELAY_AFTER])
    assert delays[throttle.DELAY_AFTER] > timedelta(0)
    growing = delays[throttle.DELAY_AFTER : 12]
    assert all(a < b for a, b in itertools.pairwise(growing))
    assert max(delays) == throttle.MAX_DELAY == timedelta(seconds=60)
    assert delays[-1] == timedelta(seconds=60)


def test_wait_after_failures_grows_with_their_number():
    waits = []
    for n in (5, 6, 7, 8, 9):
        v = throttle.verdict([NOW] * n, NOW)
        assert not v.allowed and not v.locked
        waits.append(v.retry_after_seconds)
    assert waits == sorted(waits)
    assert waits[-1] > waits[0]


def test_ten_failures_within_15_minutes_lock_for_15_minutes():
    # One failure every 99 s: the tenth comes 14 min 51 s after the first.
    failures = [NOW - timedelta(seconds=99 * i) for i in range(10)]
    v = throttle.verdict(failures, NOW)
    assert not v.allowed
    assert v.locked
    assert v.retry_after_seconds == 15 * 60


def test_soft_lock_lasts_15_minutes_then_lifts():
    failures = [NOW - timedelta(seconds=30 * i) for i in range(10)]
    assert throttle.verdict(failures, NOW + timedelta(minutes=15) - timedelta(seconds=1)).locked
    after = throttle.verdict(failures, NOW + timedelta(minutes=15))
    assert after.allowed
    assert not after.locked


def test_soft_lock_is_never_permanent():
    failures = [NOW] * 50
    assert throttle.verdict(failures, NOW).locked
    assert throttle.verdict(failures, NOW + timedelta(minutes=31)).allowed
    assert throttle.verdict(failures, NOW + timedelta(days=1)).allowed


def test_ten_failures_spread_over_more_than_15_minutes_do_not_lock():
    # One failure every 2 minutes: 18 minutes from the first to the tenth.
    failures = [NOW - timedelta(minutes=2 * i) for i in range(10)]
    v = throttle.verdict(failures, NOW)
    assert not v.locked
    # Only the failures of the last 15 minutes count for the delay, which is short.
    assert v.retry_after_seconds <= throttle.MAX_DELAY.total_seconds() + 1
    assert throttle.verdict(failures, NOW + timedelta(seconds=61)).allowed


def test_order_of_failure_times_does_not_matter():
    failures = [NOW - timedelta(seconds=20 * i) for i in range(10)]
    assert throttle.verdict(list(reversed(failures)), NOW) == throttle.verdict(failures, NOW)


def test_old_failures_are_forgotten():
    failures = [NOW - timedelta(hours=1)] * 20
    assert throttle.verdict(failures, NOW) == Verdict(True)


def test_ip_thresholds_are_higher_than_account_thresholds():
    ten = [NOW - timedelta(seconds=30 * i) for i in range(throttle.LOCK_AFTER)]
    assert throttle.verdict(ten, NOW).locked
    ip_verdict = throttle.verdict(ten, NOW + timedelta(seconds=5), throttle.IP_FACTOR)
    assert ip_verdict.allowed  # a shared address is neither locked nor delayed by 10 failures
    many = [NOW - timedelta(seconds=10 * i) for i in range(throttle.LOCK_AFTER * throttle.IP_FACTOR)]
    assert throttle.verdict(many, NOW, throttle.IP_FACTOR).locked
    assert throttle.verdict(many[:-1], NOW, throttle.IP_FACTOR).locked is False


def test_combine_picks_the_strictest():
    ok = Verdict(True)
    short = Verdict(False, 5)
    long = Verdict(False, 50)
    lock_soon = Verdict(False, 30, locked=True)
    lock_long = Verdict(False, 800, locked=True)
    assert throttle.combine(ok, short) == short
    assert throttle.combine(short, long, ok) == long
    assert throttle.combine(long, lock_soon) == lock_soon  # a lock beats a longer delay
    assert throttle.combine(lock_soon, lock_long) == lock_long


def test_combine_of_allowed_verdicts_is_allowed():
    assert throttle.combine(Verdict(True), Verdict(True)).allowed
    assert throttle.combine().allowed


def test_message_for_a_lock_is_french_and_in_minutes():
    text = throttle.message(Verdict(False, 15 * 60, locked=True))
    assert "Trop de tentatives de connexion" in text
    assert "15 min" in text
    assert "« Mot de passe oublié »" in text
    # Partial minutes are rounded up, never announced shorter than they are.
    assert "2 min" in throttle.message(Verdict(False, 61, locked=True))


def test_message_for_a_delay_gives_seconds():
    assert throttle.message(Verdict(False, 8)) == "Trop de tentatives. Réessayez dans 8 s."
