"""« Mes demandes »: « Faire une demande », the CQC card tile with « Commencer », « Mes demandes en cours »."""

from __future__ import annotations

import reflex as rx

from hubpro import routes
from hubpro.components.form import form_alert
from hubpro.components.status import badge
from hubpro.domain import card_requests as rules
from hubpro.pages.driver import driver_shell
from hubpro.state.requests import RequestsState as R

CQC_TILE = routes.CQC_REQUEST


def _history(item) -> rx.Component:
    return rx.el.ol(
        rx.foreach(
            item.history,
            lambda e: rx.el.li(rx.el.strong(e.label), " – ", e.at, rx.cond(e.reason, rx.el.span(" – ", e.reason))),
        ),
        class_name="hp-history",
    )


def _actions(item) -> rx.Component:
    confirm = R.confirm_cancel == item.id
    cancel = rx.el.button("Annuler", type="button", class_name="hp-btn hp-btn-danger", on_click=R.ask_cancel(item.id))
    return rx.el.div(
        rx.cond(
            item.can_resume,
            rx.fragment(
                rx.el.a("Reprendre", href=item.href, class_name="hp-btn"),
                rx.cond(item.can_cancel & ~confirm, cancel),
            ),
            rx.cond(
                item.can_reply,
                rx.el.a("Répondre", href=item.href, class_name="hp-btn"),
                rx.el.a("Afficher", href=item.href, class_name="hp-btn hp-btn-secondary"),
            ),
        ),
        rx.cond(
            confirm,
            rx.el.div(
                rx.el.p(
                    rx.el.strong("Annuler ce brouillon ? "), "Les informations et documents fournis seront supprimés."
                ),
                rx.el.button(
                    "Oui, annuler ma demande",
                    type="button",
                    class_name="hp-btn hp-btn-danger",
                    on_click=R.cancel(item.id),
                    id="confirm-cancel",
                ),
                rx.el.button("Non, la garder", type="button", class_name="hp-btn hp-btn-secondary", on_click=R.keep),
                class_name="hp-alert hp-tone-warning hp-actions",
                role="alertdialog",
            ),
        ),
        class_name="hp-row-actions",
    )


def _request_item(item) -> rx.Component:
    opened = R.opened == item.id
    return rx.el.article(
        rx.el.button(
            rx.el.span(item.title, " ", item.reference),
            " ",
            badge(item.label, item.tone),
            rx.el.span(" depuis le ", item.since, class_name="hp-muted"),
            type="button",
            on_click=R.toggle(item.id),
            class_name="hp-disclosure",
            custom_attrs={"aria-expanded": rx.cond(opened, "true", "false")},
        ),
        rx.el.p(rx.el.strong("Prochaine étape : "), item.next_step),
        rx.cond(item.delay, rx.el.p(rx.el.strong("Délai : "), item.delay)),
        rx.cond(
            item.info_lines.length() > 0,
            rx.el.div(
                rx.el.p(rx.el.strong("Détail – à corriger :")),
                rx.el.ul(rx.foreach(item.info_lines, lambda i: rx.el.li(i.label, " : ", i.value))),
                class_name="hp-alert hp-tone-warning",
                id="info-detail",
            ),
        ),
        rx.cond(opened, _history(item)),
        _actions(item),
        class_name="hp-item request-item",
        custom_attrs={"data-reference": item.reference},
    )


@rx.page(route=routes.REQUESTS, title="Mes demandes – Mon espace Hub Pro Transport", on_load=R.load)
def requests() -> rx.Component:
    """« Faire une demande » and « Mes demandes en cours »."""
    return driver_shell(
        routes.REQUESTS,
        rx.el.h1("Mes demandes"),
        form_alert(R.message, "info"),
        rx.el.h2("Faire une demande"),
        rx.el.div(
            rx.el.a(
                rx.el.strong("Carte CQC"),
                rx.el.span("Première carte après une formation"),
                href=CQC_TILE,
                class_name="hp-btn hp-btn-secondary hp-btn-block hp-tile-link",
                id="tile-cqc",
            ),
            rx.el.a(
                rx.el.strong("Remplacement, Echange"),
                rx.el.span("Perte, vol, défaut, changement d'informations"),
                href=routes.REPLACEMENT,
                class_name="hp-btn hp-btn-secondary hp-btn-block hp-tile-link",
                id="tile-replacement",
            ),
            class_name="hp-actions",
        ),
        rx.el.h2("Mes demandes en cours"),
        rx.cond(
            R.rows.length() > 0,
            rx.el.div(rx.foreach(R.rows, _request_item), id="requests"),
            rx.cond(R.loaded, rx.el.p("Aucune demande pour le moment.")),
        ),
    )


@rx.page(route=CQC_TILE, title="Demande de carte CQC – Hub Pro Transport", on_load=R.load)
def cqc_tile() -> rx.Component:
    """The expected documents, then « Commencer » (or why not)."""
    return driver_shell(
        routes.REQUESTS,
        rx.el.p(rx.el.a("← Mes demandes", href=routes.REQUESTS)),
        rx.el.h1("Demande de carte CQC"),
        rx.el.p("Préparez ces pièces justificatives (une photo nette prise avec votre téléphone convient) :"),
        rx.el.ul(*[rx.el.li(rx.el.strong(d.label), " – ", d.hint) for d in rules.DOCUMENTS]),
        rx.el.p(
            "Votre demande est enregistrée à chaque étape : vous pourrez la reprendre plus tard.", class_name="hp-muted"
        ),
        rx.cond(R.refusal, rx.el.div(R.refusal, class_name="hp-alert hp-tone-info", id="start-refusal")),
        form_alert(R.message),
        rx.el.button(
            rx.cond(R.busy, "Ouverture…", "Commencer"),
            type="button",
            on_click=R.start,
            disabled=(R.refusal != "") | R.busy | ~R.loaded,
            class_name="hp-btn hp-btn-block",
            id="start",
            custom_attrs={"aria-describedby": "start-refusal"},
        ),
    )
