"""The cards of « Accueil »: one per deadline, request and card, with the one button to press."""

from __future__ import annotations

import reflex as rx

from hubpro import routes
from hubpro.components.links import backend_link
from hubpro.components.status import badge
from hubpro.state.dashboard import DashboardState as D


def _agenda(card) -> rx.Component:
    return backend_link(
        "Ajouter à mon agenda",
        path=card.agenda_href,
        class_name="hp-btn hp-btn-secondary",
        custom_attrs={"aria-label": rx.Var.create("Ajouter à mon agenda : ") + card.title, "download": ""},
    )


def _card(card) -> rx.Component:
    return rx.el.article(
        rx.el.div(rx.el.h3(card.title), badge(card.label, card.tone), class_name="hp-dash-head"),
        rx.foreach(card.lines, lambda line: rx.el.p(line)),
        rx.el.div(
            rx.cond(card.action, rx.el.a(card.action, href=card.action_href, class_name="hp-btn")),
            rx.cond(card.agenda_href, _agenda(card)),
            class_name="hp-row-actions",
        ),
        id=card.id,
        class_name=rx.cond(card.alert, "hp-card hp-dash-card hp-alert hp-tone-warning", "hp-card hp-dash-card"),
        role=rx.cond(card.alert, "alert", "group"),
        custom_attrs={"aria-label": card.title},
    )


def dashboard_cards() -> rx.Component:
    """« Mes échéances »: the cards, most urgent first, or what to expect when there is none yet."""
    return rx.el.section(
        rx.el.h2("Mes échéances", id="deadlines-title"),
        rx.cond(
            D.loaded & (D.cards.length() == 0),
            rx.el.div(
                rx.el.p("Aucune échéance pour l'instant."),
                rx.el.p(
                    "Dès qu'un centre de formation aura déposé votre formation, votre certificat de qualification "
                    "et ses dates apparaîtront ici."
                ),
                rx.el.a("Voir mes formations", href=routes.TRAININGS, class_name="hp-btn hp-btn-secondary"),
                class_name="hp-card",
                id="no-deadline",
            ),
        ),
        rx.el.div(rx.foreach(D.cards, _card), class_name="hp-dash", id="deadlines"),
        custom_attrs={"aria-labelledby": "deadlines-title"},
    )
