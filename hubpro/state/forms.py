"""Helpers for form payloads sent by clients (never trusted)."""

from __future__ import annotations

import json

from hubpro.state.args import MAX_TEXT, as_str

MAX_VALUE = MAX_TEXT


def clean_form(form_data, keys) -> dict[str, str]:
    """Every expected key with a string value of bounded length ('' when missing, malformed or not a form).

    Args:
        form_data: what the client sent (a dict of field values, or anything else).
        keys: the fields the handler reads; only they are kept.
    """
    form = form_data if isinstance(form_data, dict) else {}
    out: dict[str, str] = {}
    for key in keys:
        value = form.get(key, "")
        if isinstance(value, bool):
            value = "on" if value else ""
        out[key] = as_str(value, MAX_VALUE)
    return out


def first_error_focus(errors: dict[str, str], order: list[str], prefix: str = "f") -> str:
    """JS that focuses the first field in error (keyboard and screen-reader friendly)."""
    for key in order:
        if key in errors:
            return f"document.getElementById('{prefix}-{key}')?.focus()"
    return ""


def show_values_script(values: dict[str, str | bool]) -> str:
    """JS putting stored values into a page's fields (by id), except the field the user is typing in.

    Draft fields are uncontrolled inputs: this is how they show what the database holds after the page
    re-read it (a reload, a reconnect) without taking away what is being typed.
    """
    return (
        f"Object.entries({json.dumps(values, ensure_ascii=False)}).forEach(([id, v]) => {{"
        " const e = document.getElementById(id);"
        " if (!e || e === document.activeElement) return;"
        " if (e.type === 'checkbox') e.checked = !!v; else if (e.value !== v) e.value = v; })"
    )
