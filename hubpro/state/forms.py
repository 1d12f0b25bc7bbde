"""Helpers for form payloads sent by clients (never trusted)."""

from __future__ import annotations

MAX_VALUE = 300


def clean_form(form_data, keys) -> dict[str, str]:
    """Keep the expected keys with string values of bounded length."""
    if not isinstance(form_data, dict):
        return {}
    out: dict[str, str] = {}
    for key in keys:
        value = form_data.get(key, "")
        if isinstance(value, bool):
            value = "on" if value else ""
        out[key] = value[:MAX_VALUE] if isinstance(value, str) else ""
    return out


def first_error_focus(errors: dict[str, str], order: list[str], prefix: str = "f") -> str:
    """JS that focuses the first field in error (keyboard and screen-reader friendly)."""
    for key in order:
        if key in errors:
            return f"document.getElementById('{prefix}-{key}')?.focus()"
    return ""
