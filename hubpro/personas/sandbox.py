"""What Stripe.js does in the browser, done against the localstripe sandbox for seeded payments."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import httpx

from hubpro.settings import get_settings

GOOD_CARD = "4242424242424242"
DECLINED_CARD = "4000000000000341"  # localstripe: « charge is declined »


def card_payment_method(number: str) -> str:
    """A payment method made with the publishable key, as the card element makes it."""
    s = get_settings()
    resp = httpx.post(f"{s.stripe_api_base}/v1/tokens", data={
        "key": s.stripe_publishable_key, "card[number]": number, "card[exp_month]": "12",
        "card[exp_year]": "2031", "card[cvc]": "123"}, timeout=20)  # fmt: skip
    resp.raise_for_status()
    return resp.json()["card"]["id"]


def _answers(base: str) -> bool:
    try:
        httpx.get(f"{base}/v1/payment_intents", params={"key": "sk_test_ready"}, timeout=2)
    except httpx.HTTPError:
        return False
    return True


@contextlib.contextmanager
def sandbox_running() -> Iterator[None]:
    """Make sure the payment sandbox answers; start localstripe on its port for the seed when it does not.

    Raises:
        RuntimeError: with a real Stripe key (personas are for the sandbox only) or when it cannot start.
    """
    s = get_settings()
    if os.environ.get("HUBPRO_STRIPE_SECRET_KEY"):
        raise RuntimeError("seed-personas runs on the localstripe sandbox only (HUBPRO_STRIPE_SECRET_KEY is set)")
    base = s.stripe_api_base
    if _answers(base):
        yield
        return
    port = urlparse(base).port or 8420
    exe = shutil.which("localstripe") or str(Path(sys.executable).parent / "localstripe")
    command = [exe, "--port", str(port), "--from-scratch"]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)  # noqa: S603
    try:
        deadline = time.monotonic() + 60
        while not _answers(base):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"localstripe did not start on {base}")
            time.sleep(0.2)
        yield
    finally:
        proc.terminate()
        proc.wait(10)
