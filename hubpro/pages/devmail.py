"""/dev/mail: the development mailbox (the page does not exist in production)."""

from __future__ import annotations

import reflex as rx

from hubpro import routes
from hubpro.components.layout import public_page
from hubpro.settings import get_settings
from hubpro.state.devmail import DevMailState


def _message(m) -> rx.Component:
    return rx.el.article(
        rx.el.h2(m["subject"].to(str)),
        rx.el.p(
            rx.el.strong(m["channel"].to(str)),
            " à ",
            rx.el.span(m["to"].to(str), class_name="hp-to"),
            " – ",
            m["created"].to(str),
            " – ",
            m["state"].to(str),
            class_name="hp-muted",
        ),
        rx.el.pre(m["body"].to(str), class_name="hp-mail"),
        rx.cond(
            m["attachments"].to(str),
            rx.el.p("Pièce jointe : ", rx.el.span(m["attachments"].to(str), class_name="mail-attachment")),
        ),
        rx.foreach(
            m["links"].to(list[dict[str, str]]),
            lambda link: rx.el.p(
                rx.el.a(link["label"], href=link["url"], class_name="hp-btn hp-btn-secondary mail-link")
            ),
        ),
        class_name="hp-card dev-message",
        custom_attrs={"data-to": m["to"].to(str)},
    )


def dev_mail() -> rx.Component:
    """Latest emails and SMS of the outbox."""
    return public_page(
        rx.el.h1("Boîte de réception de développement"),
        rx.cond(
            DevMailState.enabled,
            rx.fragment(
                rx.el.p(
                    "Les courriels et SMS envoyés par l'application, du plus récent au plus ancien. "
                    "Cette page n'existe qu'en développement, sur cet ordinateur.",
                    class_name="hp-muted",
                ),
                rx.el.button(
                    "Actualiser", type="button", on_click=DevMailState.load, class_name="hp-btn hp-btn-secondary"
                ),
                rx.foreach(DevMailState.messages, _message),
            ),
            rx.el.p("Cette page n'est pas disponible.", role="alert"),
        ),
        wide=True,
    )


if get_settings().dev_mailbox:
    rx.page(route=routes.DEV_MAIL, title="Boîte de développement – Hub Pro Transport", on_load=DevMailState.load)(
        dev_mail
    )
