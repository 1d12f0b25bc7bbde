"""The page of one request, in the mode its kind and status allow (steps, « Répondre » or « Afficher »)."""

from __future__ import annotations

import reflex as rx

from hubpro import routes
from hubpro.components.form import action_error
from hubpro.pages import card_request, replacement_steps
from hubpro.pages.driver import driver_shell
from hubpro.pages.request_parts import sent_box
from hubpro.state.request_page import RequestPageState as P


def _body() -> rx.Component:
    v = P.view
    replacement = v.is_replacement
    mode = rx.cond(
        v.editable,
        rx.cond(replacement, replacement_steps.draft(), card_request.draft()),
        rx.cond(v.replying, card_request.reply(), rx.cond(replacement, replacement_steps.show(), card_request.show())),
    )
    return rx.fragment(
        rx.el.p(rx.el.a("← Mes demandes", href=routes.REQUESTS)),
        rx.el.h1(v.heading, v.reference),
        rx.cond(P.sent, sent_box(), mode),
    )


@rx.page(
    route=routes.REQUEST,
    title="Ma demande de carte – Hub Pro Transport",
    on_load=P.load,
)
def request_page() -> rx.Component:
    """One of the driver's requests."""
    return driver_shell(
        routes.REQUESTS,
        rx.cond(
            P.found,
            rx.cond(P.loaded, _body(), rx.cond(P.errors["form"], action_error(P.errors), rx.el.p("Chargement…"))),
            rx.el.p("Demande introuvable.", role="alert", id="not-found"),
        ),
    )
