"""Small display shapes shared by several views."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    """A label and its value (a row of a definition list, an item to correct and why)."""

    label: str = ""
    value: str = ""


@dataclass(frozen=True)
class HistoryLine:
    """One status change as shown: when, what, why, who."""

    at: str = ""
    label: str = ""
    reason: str = ""
    who: str = ""
