"""Entry point of a dispatcher process started by the concurrency tests (importable by ``spawn``)."""

from __future__ import annotations


def dispatch_until_empty(settings, barrier, results, bound: int) -> None:
    """Wait for the other dispatchers, then send until nothing is due; put the count in ``results``.

    Args:
        settings: the settings to send with (SMTP pointed at the test server).
        barrier: a multiprocessing barrier shared by every dispatcher, so that they start together.
        results: a multiprocessing queue receiving how many messages this process handled.
        bound: stop after that many messages (a runaway dispatcher fails the test instead of hanging).
    """
    from hubpro.notify import dispatcher

    barrier.wait(timeout=120)
    handled = 0
    while handled < bound and dispatcher.send_one(settings):
        handled += 1
    results.put(handled)
