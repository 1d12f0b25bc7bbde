"""Password hashing off the event loop and off the database threads: a small pool, a cap per worker.

bcrypt at cost 12 takes about 340 ms of CPU. On the default thread pool it queued behind (and ahead
of) every database call, and several logins at once took every core from the other users' events.
Here it runs on ``HASH_THREADS`` dedicated threads (1 by default) at a lower CPU priority (Linux
``nice`` is per thread), so other users' events keep a core; beyond ``MAX_LOGINS`` logins in flight
in this worker, a login is refused at once with ``BUSY`` instead of queueing for seconds. bcrypt
releases the GIL, so a thread runs it in parallel with the event loop without forking processes
from every worker (a process pool has not been measured yet).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
from concurrent.futures import ThreadPoolExecutor

from hubpro.security import hash_password, verify_password

HASH_THREADS = int(os.environ.get("HUBPRO_HASH_THREADS", "1"))
MAX_LOGINS = int(os.environ.get("HUBPRO_MAX_CONCURRENT_LOGINS", "8"))
NICENESS = 10
BUSY = "Trop de connexions en cours, réessayez dans quelques secondes."

_pool: ThreadPoolExecutor | None = None
_pool_pid: int | None = None
_in_flight = 0
_count_lock = threading.Lock()


class Busy(Exception):
    """Too many logins in flight in this worker: the caller shows ``BUSY``."""


def _lower_priority() -> None:
    with contextlib.suppress(AttributeError, OSError):  # not Linux, or not allowed: same priority as the rest
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), NICENESS)


def pool() -> ThreadPoolExecutor:
    """This worker's hashing threads (made again after a fork)."""
    global _pool, _pool_pid
    if _pool is None or _pool_pid != os.getpid():
        _pool = ThreadPoolExecutor(HASH_THREADS, thread_name_prefix="hubpro-bcrypt", initializer=_lower_priority)
        _pool_pid = os.getpid()
    return _pool


class login_slot:
    """One of the ``MAX_LOGINS`` slots of this worker, or ``Busy`` at once."""

    def __enter__(self):
        global _in_flight
        with _count_lock:
            if _in_flight >= MAX_LOGINS:
                raise Busy
            _in_flight += 1
        return self

    def __exit__(self, *exc):
        global _in_flight
        with _count_lock:
            _in_flight -= 1
        return False


async def verify(password: str, hashed: str | None) -> bool:
    """``verify_password`` on the hashing threads."""
    return await asyncio.get_running_loop().run_in_executor(pool(), verify_password, password, hashed)


async def hash_new(password: str) -> str:
    """``hash_password`` on the hashing threads."""
    return await asyncio.get_running_loop().run_in_executor(pool(), hash_password, password)


async def sign_in(role: str, email: str, password: str, ip: str, device: str = ""):
    """A whole sign-in: account and throttle on the database threads, bcrypt here, then the session.

    Returns an ``auth.LoginResult``; ``BUSY`` as its error when this worker has too many in flight.
    """
    from hubpro.db import run_call
    from hubpro.services import auth

    try:
        with login_slot():
            check = await run_call(auth.check_login, role=role, email=email, ip=ip, device=device)
            if check.refusal:
                return auth.LoginResult(error=check.refusal)
            candidate, too_long = auth.password_candidate(password)
            ok = await verify(candidate, check.password_hash) and not too_long
            return await run_call(auth.finish_login, check=check, password_ok=ok)
    except Busy:
        return auth.LoginResult(error=BUSY)
