"""Log lines: one JSON object per line in production (plain text in development), secrets always masked.

Each line carries the UTC time, the level, the logger, the message, the request id of the HTTP request
or Reflex event being served, the caller (``driver:12``, ``agent:3`` once a session decorator has
resolved it) and, when the code says so, an ``outcome``. Passwords, tokens, keys, cookies and card
numbers are masked by :class:`Redact` before any handler writes the line, in both formats.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import secrets
import sys
from datetime import UTC, datetime

REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("hubpro_request_id", default="")
ACTOR: contextvars.ContextVar[str] = contextvars.ContextVar("hubpro_actor", default="")
MASK = "[masqué]"
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
_SECRET_NAMES = (
    r"password|passwd|pwd|mot_de_passe|new_password|token|ticket|secret|api[_-]?key|"
    r"authorization|cookie|set-cookie|hubpro_[a-z_]*sid|card_number|cvc|cvv|client_secret|raw_key"
)
_PATTERNS = (
    # name=value, name: value, "name": "value" (query strings, reprs, JSON, headers)
    re.compile(rf"(?i)((?:{_SECRET_NAMES})[\"']?\s*[:=]\s*[\"']?)([^\"'\s&,;}}]+)"),
    re.compile(r"(?i)(\bbearer\s+)(\S+)"),
    re.compile(r"()\b(?:hpc|sk_live|sk_test|rk_live|whsec|pi_[A-Za-z0-9]+_secret)_[A-Za-z0-9_]+"),
)
_CARD = re.compile(r"\b\d(?:[ -]?\d){12,18}\b")
_STANDARD = set(vars(logging.makeLogRecord({})))
_STANDARD |= {"message", "asctime", "taskName"}


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def _card(match: re.Match) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    return MASK if 13 <= len(digits) <= 19 and _luhn(digits) else match.group(0)


def redact(text: str) -> str:
    """``text`` with every secret-looking value and every card number (Luhn-valid) masked."""
    for pattern in _PATTERNS:
        text = pattern.sub(lambda m: m.group(1) + MASK, text)
    return _CARD.sub(_card, text)


class Redact(logging.Filter):
    """Masks secrets in the message, its arguments, the traceback and every extra field of a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record in place (always kept)."""
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: keep what can be read
            message = f"{record.msg} {record.args}"
        record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)

        for key, value in list(vars(record).items()):
            if key not in _STANDARD and isinstance(value, str):
                setattr(record, key, redact(value))
        return True


class Context(logging.Filter):
    """Adds the request id and the caller of the request or event being served to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Fill ``request_id`` and ``user`` unless the call gave them."""
        if not getattr(record, "request_id", ""):
            record.request_id = REQUEST_ID.get()
        if not getattr(record, "user", ""):
            record.user = ACTOR.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, request_id, user, extras."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as one line of JSON (newlines inside values are escaped)."""
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in line and value not in ("", None):
                line[key] = value if isinstance(value, int | float | bool) else str(value)
        if record.exc_text:
            line["exception"] = record.exc_text
        return json.dumps(line, ensure_ascii=False)


def new_request_id() -> str:
    """A fresh request id (16 hex characters)."""
    return secrets.token_hex(8)


def request_id_from(header: str) -> str:
    """The caller's X-Request-ID when it is a plain identifier (a proxy's), else a fresh one."""
    return header if SAFE_REQUEST_ID.fullmatch(header or "") else new_request_id()


def bind_actor(role: str, user_id: int | None) -> None:
    """Name the caller of the event being served in the lines that follow (``driver:12``)."""
    ACTOR.set(f"{role}:{user_id}" if user_id is not None else role)


def handler(fmt: str) -> logging.Handler:
    """A stderr handler in the given format (``json`` or ``text``) with the context and redaction filters."""
    out = logging.StreamHandler(sys.stderr)
    out.addFilter(Context())
    out.addFilter(Redact())
    text_format = "%(asctime)s %(levelname)s %(name)s [%(request_id)s %(user)s] %(message)s"
    out.setFormatter(JsonFormatter() if fmt == "json" else logging.Formatter(text_format))
    out.set_name("hubpro")
    return out


def configure(fmt: str, level: int = logging.INFO) -> None:
    """Send the root logger's lines through :func:`handler` (replacing an earlier hubpro handler)."""
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == "hubpro"]:
        root.removeHandler(old)
    root.addHandler(handler(fmt))
    root.setLevel(level)
