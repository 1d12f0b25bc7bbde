"""Arguments of event handlers: any client sends anything, so coerce each one to what the handler expects.

Reflex coerces only a few payload types (``"1"`` to ``1`` for an ``int`` hint); a dict, a list, ``None``
or a 100 kB string reaches the handler unchanged. Each helper returns a safe value of the expected type
(an empty one when the client's value is unusable), never raises.
"""

from __future__ import annotations

import logging

import reflex as rx

log = logging.getLogger("hubpro.access")

MAX_TEXT = 300
PUBLIC_ID_LENGTH = 40  # ours are 32 characters; a longer value matches nothing
MAX_DB_INT = 2**31 - 1  # an INTEGER column on PostgreSQL


def as_str(value, max_len: int = MAX_TEXT) -> str:
    """Bounded text: '' for anything but a string; NUL and lone surrogates (unstorable) removed.

    Args:
        value: what the client sent.
        max_len: longest text kept (the rest is cut).
    """
    if not isinstance(value, str):
        return ""
    text = value[:max_len].replace("\x00", "")
    if not text.isascii():
        text = text.encode("utf-8", "ignore").decode("utf-8")  # drops lone surrogates (invalid JSON text)
    return text


def as_public_id(value) -> str:
    """A public id from the client ('' when it cannot be one); ownership is checked by the service."""
    return as_str(value, PUBLIC_ID_LENGTH).strip()


def as_int(value, low: int = 1, high: int = MAX_DB_INT) -> int | None:
    """A whole number within [low, high] from an int or a string of digits, else None (never a bool).

    Args:
        value: what the client sent.
        low: smallest accepted value.
        high: largest accepted value (database ids fit a 32-bit column).
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = value.strip()
        if not (value.isascii() and value.lstrip("-").isdigit() and len(value) <= 12):
            return None
        value = int(value)
    if not isinstance(value, int) or not low <= value <= high:
        return None
    return value


def as_dict(value) -> dict:
    """The value when it is a dict, else an empty one."""
    return value if isinstance(value, dict) else {}


def as_list(value) -> list:
    """The value when it is a list, else an empty one."""
    return value if isinstance(value, list) else []


def as_uploads(files) -> list[rx.UploadFile] | None:
    """The uploaded files when ``files`` is a list of real uploads (what the upload route builds), else None."""
    if not isinstance(files, list) or not all(isinstance(f, rx.UploadFile) for f in files):
        return None
    return files


def ignored(handler: str, why: str) -> None:
    """One log line for a malformed or foreign call that is answered by doing nothing."""
    log.info("ignored %s: %s", handler, why)
