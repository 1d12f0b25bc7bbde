"""The page of one request, in the mode its kind and status allow (steps, « Répondre » or « Afficher »)."""

from __future__ import annotations

import reflex as rx

from hubpro import routes
from hubpro.components.form import action_error
from hubpro.pages import card_request, replacement_steps
from hubpro.pages.driver import driver_shell
from hubpro.pages.request_parts import sent_box
from hubpro.state.request_page import RequestPageState as P


def page_title() -> rx.Var:
    """« Étape 2 sur 4 – Pièces justificatives – Demande de carte CQC – Hub Pro Transport » while editing."""
    v = P.view
    kind = v.heading.to(str).strip()
    cqc_label = rx.match(P.step, *[(s, card_request.rules.STEP_LABELS[s]) for s in card_request.rules.STEPS], "")
    repl_label = rx.match(P.step, *list(replacement_steps.STEP_LABELS.items()), "")
    step = rx.cond(
        v.is_replacement,
        f"Étape {P.replacement_step} sur 3 – " + repl_label.to(str),
        f"Étape {P.step_index} sur {len(card_request.rules.STEPS)} – " + cqc_label.to(str),
    )
    return rx.cond(v.editable & ~P.sent, step.to(str) + " – " + kind, kind) + " – Hub Pro Transport"


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
        rx.el.span(id="hp-title", hidden=True, custom_attrs={"data-title": page_title()}),  # read by a11y.js
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
