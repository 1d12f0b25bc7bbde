"""Back-office pages of card requests: « Demandes à instruire » and one request."""

from __future__ import annotations

import reflex as rx

from hubpro import routes
from hubpro.components.form import form_alert
from hubpro.components.layout import agent_page
from hubpro.components.links import backend_href, backend_link
from hubpro.components.pager import pager
from hubpro.components.status import badge
from hubpro.domain.card_requests import PND_REASONS
from hubpro.domain.request_flow import RequestAction
from hubpro.services.views.instruction import RECORD_RETURNED
from hubpro.state.agent import AgentState
from hubpro.state.instruction import FILTERS, InstructionQueueState, InstructionState

Q, S = InstructionQueueState, InstructionState
A = RequestAction


def _can(action: str):
    """Whether the request's status allows the action (the view lists them, from the transition table)."""
    return S.view.actions.contains(str(action))


def _shell(*children: rx.Component) -> rx.Component:
    return agent_page(AgentState.name, AgentState.signed_in, AgentState.logout, *children)


def _row(r) -> rx.Component:
    return rx.el.tr(
        rx.el.td(rx.el.a(r.reference, href=r.href)),
        rx.el.td(r.name),
        rx.el.td(r.submitted),
        rx.el.td(r.age),
        rx.el.td(badge(r.label, r.tone)),
    )


@rx.page(
    route=routes.AGENT_REQUESTS, title="Demandes à instruire – Hub Pro Transport", on_load=[AgentState.guard, Q.load]
)
def instruction_queue() -> rx.Component:
    """Oldest first, 50 a page, filter by status (both in the URL)."""
    return _shell(
        rx.el.h1("Demandes à instruire"),
        rx.el.div(
            rx.el.label("Statut", html_for="filter-status", class_name="hp-label"),
            rx.el.select(
                *[rx.el.option(label, value=value) for value, label in FILTERS],
                id="filter-status",
                value=Q.status,
                on_change=Q.set_filter,
                class_name="hp-select",
            ),
            class_name="hp-field",
            style={"maxWidth": "24rem"},
        ),
        rx.cond(
            Q.rows.length() > 0,
            rx.el.table(
                rx.el.thead(
                    rx.el.tr(
                        rx.el.th("Référence"),
                        rx.el.th("Conducteur"),
                        rx.el.th("Envoyée le"),
                        rx.el.th("Attente"),
                        rx.el.th("Statut"),
                    )
                ),
                rx.el.tbody(rx.foreach(Q.rows, _row)),
                class_name="hp-table",
                id="request-queue",
            ),
            rx.cond(Q.loaded, rx.el.p("Aucune demande.", role="status")),
        ),
        pager(Q.before_href, Q.after_href),
    )


def _item(i) -> rx.Component:
    key = i.key
    return rx.el.tr(
        rx.el.th(i.label, scope="row"),
        rx.el.td(
            rx.cond(
                i.is_doc,
                rx.cond(
                    i.file,
                    rx.fragment(
                        rx.cond(
                            i.thumb,
                            rx.el.img(
                                src=backend_href(routes.FILE_PREFIX + i.thumb),
                                alt=i.label,
                                class_name="hp-thumb",
                            ),
                        ),
                        backend_link(
                            "Ouvrir le document",
                            path=routes.FILE_PREFIX + i.file,
                            target="_blank",
                            rel="noopener",
                        ),
                    ),
                    "manquant",
                ),
                "voir ci-dessus",
            )
        ),
        rx.el.td(
            rx.match(
                i.verdict,
                ("ok", badge("conforme", "success")),
                ("ko", rx.fragment(badge("non conforme", "error"), rx.el.br(), i.reason)),
                rx.cond(i.asked, rx.el.span("complément demandé : ", i.asked), "à analyser"),
            )
        ),
        rx.el.td(
            rx.cond(
                _can(A.VALIDATE),
                rx.fragment(
                    rx.el.form(
                        rx.el.input(type="hidden", name="item", value=key),
                        rx.el.input(type="hidden", name="verdict", value="ok"),
                        rx.el.button("conforme", type="submit", class_name="hp-btn hp-btn-secondary", id="ok-" + key),
                        on_submit=S.review,
                    ),
                    rx.el.form(
                        rx.el.input(type="hidden", name="item", value=key),
                        rx.el.input(type="hidden", name="verdict", value="ko"),
                        rx.el.label("Raison si non conforme", html_for="reason-" + key, class_name="hp-sr"),
                        rx.el.input(name="reason", id="reason-" + key, class_name="hp-input", placeholder="Raison"),
                        rx.el.button("non conforme", type="submit", class_name="hp-btn hp-btn-danger", id="ko-" + key),
                        on_submit=S.review,
                        reset_on_submit=True,
                        class_name="hp-ko-form",
                    ),
                ),
                "—",
            )
        ),
        custom_attrs={"data-item": key},
    )


def _replacement_panel() -> rx.Component:
    r = S.view
    return rx.fragment(
        rx.el.div(
            rx.el.p(rx.el.strong("Remplacement – motif : "), r.motif),
            rx.el.p(rx.el.strong("Carte remplacée : "), r.old_card),
            rx.el.p(rx.el.strong("Déclaration : "), r.declaration),
            class_name="hp-card", id="replacement-facts",
        ),
        rx.el.div(
            rx.cond(_can(A.RECEIVE), rx.el.button("Carte reçue", type="button", on_click=S.receive,
                                                  class_name="hp-btn", id="receive")),
            rx.cond(_can(A.OPERATOR_FAULT), rx.fragment(
                rx.el.form(
                    rx.el.input(type="hidden", name="fault", value="operator"),
                    rx.el.label("Constat (facultatif)", html_for="operator-reason", class_name="hp-label"),
                    rx.el.input(name="reason", id="operator-reason", class_name="hp-input"),
                    rx.el.button("Imputable à l'opérateur", type="submit", class_name="hp-btn", id="fault-operator"),
                    on_submit=S.quality_outcome, reset_on_submit=False, class_name="hp-card",
                ),
                rx.el.form(
                    rx.el.input(type="hidden", name="fault", value="driver"),
                    rx.el.label("Constat communiqué au conducteur", html_for="driver-reason", class_name="hp-label"),
                    rx.el.input(name="reason", id="driver-reason", class_name="hp-input"),
                    rx.el.button("Imputable au conducteur", type="submit", class_name="hp-btn hp-btn-secondary",
                                 id="fault-driver"),
                    on_submit=S.quality_outcome, reset_on_submit=False, class_name="hp-card",
                ),
            )),
            rx.cond(_can(A.SHIP), rx.el.button("Enregistrer l'expédition", type="button", on_click=S.ship,
                                               class_name="hp-btn", id="ship")),
            class_name="hp-actions",
        ),
    )  # fmt: skip


def _actions() -> rx.Component:
    return rx.el.div(
        rx.cond(
            _can(A.TAKE),
            rx.el.button(
                "Prendre en charge", type="button", on_click=S.take, class_name="hp-btn hp-btn-secondary", id="take"
            ),
        ),
        rx.cond(
            _can(A.VALIDATE),
            rx.fragment(
                rx.el.button(
                    "Demander un complément",
                    type="button",
                    on_click=S.request_info,
                    class_name="hp-btn hp-btn-secondary",
                    id="ask-info",
                ),
                rx.el.button(
                    "Valider",
                    type="button",
                    on_click=S.validate,
                    class_name="hp-btn",
                    id="validate-request",
                ),
            ),
        ),
        rx.cond(
            _can(A.SHIP),
            rx.el.button(
                "Enregistrer l'expédition",
                type="button",
                on_click=S.ship,
                class_name="hp-btn",
                id="ship",
            ),
        ),
        class_name="hp-actions",
    )


@rx.page(
    route=routes.AGENT_REQUEST,
    title="Instruction d'une demande – Hub Pro Transport",
    on_load=[AgentState.guard, S.load],
)
def instruction_detail() -> rx.Component:
    """Data, documents (viewing one is logged), per-item analysis, decisions, history."""
    r = S.view
    body = rx.fragment(
        rx.el.p(rx.el.a("← Demandes à instruire", href=routes.AGENT_REQUESTS)),
        rx.el.h1("Demande ", r.reference),
        rx.el.p("Statut : ", badge(r.status_label, r.status_tone), id="instruction-status"),
        form_alert(S.message),
        form_alert(S.notice, "success"),
        rx.el.div(
            rx.el.p(rx.el.strong("Conducteur : "), r.driver),
            rx.el.p(rx.el.strong("Né(e) le "), r.born),
            rx.el.p(rx.el.strong("Permis : "), r.licence),
            rx.el.p(
                rx.el.strong("Identité : "),
                r.identity,
                rx.cond(r.identity_report, rx.el.span(" – erreur signalée : ", r.identity_report)),
            ),
            rx.el.p(rx.el.strong("Adresse de livraison : "), r.delivery),
            class_name="hp-card",
        ),
        rx.cond(
            r.replacement_panel,
            _replacement_panel(),
            rx.fragment(
                _actions(),
                rx.el.h2("Analyse des pièces et informations"),
                rx.el.table(
                    rx.el.thead(
                        rx.el.tr(rx.el.th("Élément"), rx.el.th("Document"), rx.el.th("Analyse"), rx.el.th("Décision"))
                    ),
                    rx.el.tbody(rx.foreach(r.review_items, _item)),
                    class_name="hp-table",
                    id="review",
                ),
            ),
        ),
        rx.cond(
            _can(A.REJECT),
            rx.el.form(
                rx.el.label("Motif du rejet", html_for="reject-reason", class_name="hp-label"),
                rx.el.input(name="reason", id="reject-reason", class_name="hp-input"),
                rx.el.button("Rejeter", type="submit", class_name="hp-btn hp-btn-danger", id="reject"),
                on_submit=S.reject,
                class_name="hp-card",
                reset_on_submit=False,
            ),
        ),
        rx.cond(
            _can(RECORD_RETURNED),
            rx.el.form(
                rx.el.label(
                    "Pli non distribué : motif du retour par La Poste", html_for="pnd-reason", class_name="hp-label"
                ),
                rx.el.select(
                    rx.el.option("Choisir…", value=""),
                    *[rx.el.option(label, value=key) for key, label in PND_REASONS.items()],
                    name="reason",
                    id="pnd-reason",
                    class_name="hp-select",
                ),
                rx.el.button(
                    "Enregistrer le pli non distribué",
                    type="submit",
                    class_name="hp-btn hp-btn-secondary",
                    id="record-pnd",
                ),
                on_submit=S.record_returned,
                reset_on_submit=False,
                class_name="hp-card",
            ),
        ),
        rx.el.h2("Historique"),
        rx.el.table(
            rx.el.tbody(
                rx.foreach(
                    r.history,
                    lambda e: rx.el.tr(rx.el.td(e.at), rx.el.td(e.label), rx.el.td(e.who), rx.el.td(e.reason)),
                )
            ),
            class_name="hp-table",
            id="request-history",
        ),
    )
    return _shell(rx.cond(S.found, body, rx.el.p("Demande introuvable.", role="alert")))
