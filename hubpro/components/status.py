"""Status badges in five tones."""

from __future__ import annotations

import reflex as rx
from reflex.vars.base import Var


def badge(label: Var | str, tone: Var | str) -> rx.Component:
    """A rounded status badge; tone is success, warning, error, info or new."""
    return rx.el.span(label, class_name="hp-badge hp-tone-" + tone)
