"""« Page précédente » / « Page suivante » links of a paged queue (44 px targets, keyboard focusable)."""

from __future__ import annotations

import reflex as rx


def pager(before_href, after_href) -> rx.Component:
    """The two links, each shown only when that page exists (hrefs are '' otherwise)."""
    return rx.el.nav(
        rx.cond(
            before_href != "",
            rx.link("Page précédente", href=before_href, class_name="hp-btn hp-btn-secondary", id="page-before"),
        ),
        rx.cond(
            after_href != "",
            rx.link("Page suivante", href=after_href, class_name="hp-btn hp-btn-secondary", id="page-after"),
        ),
        aria_label="Pages de la liste",
        class_name="hp-row-actions",
    )
