"""Operator back-office pages (laptop first): sign-in, queue, account analysis."""

from __future__ import annotations

import reflex as rx

from hubpro import routes
from hubpro.components.form import form_alert, input_field, submit_button
from hubpro.components.layout import agent_page, public_page
from hubpro.components.pager import pager
from hubpro.components.status import badge
from hubpro.domain import accounts
from hubpro.state.agent import AgentAccountState, AgentQueueState, AgentState

A = AgentAccountState.account


def _shell(*children: rx.Component) -> rx.Component:
    return agent_page(AgentState.name, AgentState.signed_in, AgentState.logout, *children)


@rx.page(route=routes.AGENT_LOGIN, title="Espace opérateur – Hub Pro Transport", on_load=AgentState.login_page)
def agent_login() -> rx.Component:
    """Agent sign-in."""
    return public_page(
        rx.el.h1("Espace opérateur"),
        form_alert(AgentState.message),
        rx.el.form(
            input_field(
                AgentState.errors,
                "email",
                "Adresse électronique",
                type_="email",
                autocomplete="username",
                inputmode="email",
                prefix="agent",
            ),
            input_field(
                AgentState.errors,
                "password",
                "Mot de passe",
                type_="password",
                autocomplete="current-password",
                prefix="agent",
            ),
            submit_button("Connexion", AgentState.busy, "Connexion en cours…", id="agent-login"),
            on_submit=AgentState.login,
            no_validate=True,
            reset_on_submit=False,
        ),
    )


def _queue_row(row) -> rx.Component:
    return rx.el.tr(
        rx.el.td(rx.el.a(row["name"], href=row["href"])),
        rx.el.td(row["email"]),
        rx.el.td(row["submitted"]),
        rx.el.td(row["age"]),
        rx.el.td(rx.cond(row["again"], "Après correction", "Nouvelle demande")),
    )


@rx.page(
    route=routes.AGENT_ACCOUNTS,
    title="Comptes à analyser – Hub Pro Transport",
    on_load=[AgentState.guard, AgentQueueState.load],
)
def agent_queue() -> rx.Component:
    """« Comptes à analyser », oldest first."""
    return _shell(
        rx.el.h1("Comptes à analyser"),
        rx.cond(
            AgentQueueState.rows.length() > 0,
            rx.el.table(
                rx.el.thead(
                    rx.el.tr(
                        rx.el.th("Conducteur"),
                        rx.el.th("Adresse électronique"),
                        rx.el.th("Reçu le"),
                        rx.el.th("Attente"),
                        rx.el.th("Type"),
                    )
                ),
                rx.el.tbody(rx.foreach(AgentQueueState.rows, _queue_row)),
                class_name="hp-table",
                id="queue",
            ),
            rx.cond(AgentQueueState.loaded, rx.el.p("Aucun compte à analyser.", role="status"), rx.el.p("Chargement…")),
        ),
        pager(AgentQueueState.before_href, AgentQueueState.after_href),
    )


def _correction_row(f) -> rx.Component:
    key = f["key"].to(str)
    return rx.el.tr(
        rx.el.th(f["label"], scope="row"),
        rx.el.td(f["value"], class_name="hp-value"),
        rx.el.td(
            rx.el.div(
                rx.el.input(type="checkbox", id="flag-" + key, name="flag_" + key),
                rx.el.label("Non conforme", html_for="flag-" + key),
                class_name="hp-check",
            )
        ),
        rx.el.td(
            rx.el.label("Raison", html_for="reason-" + key, class_name="hp-sr"),
            rx.el.input(
                id="reason-" + key, name="reason_" + key, class_name="hp-input", placeholder="Raison de la correction"
            ),
            rx.cond(
                AgentAccountState.errors[key].to(str),
                rx.el.span(AgentAccountState.errors[key].to(str), class_name="hp-error"),
            ),
        ),
    )


def _decision() -> rx.Component:
    in_review = A["can_decide"].to(bool)
    return rx.fragment(
        rx.cond(
            in_review,
            rx.el.div(
                rx.el.button(
                    rx.cond(AgentAccountState.busy, "Envoi…", "Valider le compte"),
                    type="button",
                    on_click=AgentAccountState.validate,
                    disabled=AgentAccountState.busy,
                    class_name="hp-btn",
                    id="validate",
                ),
                class_name="hp-actions",
            ),
        ),
        rx.cond(
            A["can_resend"].to(bool),
            rx.el.div(
                rx.el.p("Le conducteur n'a pas encore créé son mot de passe."),
                rx.el.button(
                    "Renvoyer le lien « Créer mon mot de passe »",
                    type="button",
                    on_click=AgentAccountState.resend,
                    disabled=AgentAccountState.busy,
                    class_name="hp-btn hp-btn-secondary",
                    id="resend",
                ),
                class_name="hp-card",
            ),
        ),
    )


@rx.page(
    route=routes.AGENT_ACCOUNT,
    title="Analyse d'un compte – Hub Pro Transport",
    on_load=[AgentState.guard, AgentAccountState.load],
)
def agent_account() -> rx.Component:
    """All the data of one account, « Valider le compte » or « Demander une correction »."""
    history = rx.el.table(
        rx.el.thead(rx.el.tr(rx.el.th("Date"), rx.el.th("Décision ou action"), rx.el.th("Par"), rx.el.th("Détail"))),
        rx.el.tbody(
            rx.foreach(
                A["history"].to(list[dict[str, str]]),
                lambda e: rx.el.tr(rx.el.td(e["at"]), rx.el.td(e["what"]), rx.el.td(e["who"]), rx.el.td(e["detail"])),
            )
        ),
        class_name="hp-table",
        id="history",
    )
    correction = rx.el.form(
        rx.el.h2("Données du compte"),
        rx.el.p("Pour demander une correction, cochez chaque champ non conforme et indiquez la raison."),
        rx.el.table(
            rx.el.thead(rx.el.tr(rx.el.th("Champ"), rx.el.th("Valeur"), rx.el.th("Analyse"), rx.el.th("Raison"))),
            rx.el.tbody(rx.foreach(A["fields"].to(list[dict[str, str]]), _correction_row)),
            class_name="hp-table",
        ),
        rx.cond(
            in_review_var(),
            rx.el.div(
                rx.el.button(
                    "Demander une correction",
                    type="submit",
                    disabled=AgentAccountState.busy,
                    class_name="hp-btn hp-btn-secondary",
                    id="ask-correction",
                ),
                class_name="hp-actions",
            ),
        ),
        on_submit=AgentAccountState.request_correction,
        reset_on_submit=False,
    )
    body = rx.fragment(
        rx.el.p(rx.el.a("← Comptes à analyser", href=routes.AGENT_ACCOUNTS)),
        rx.el.h1(rx.cond(A["name"].to(str), A["name"].to(str), "Analyse d'un compte")),
        rx.el.p("Statut : ", badge(A["status_label"].to(str), A["status_tone"].to(str)), id="account-status"),
        form_alert(AgentAccountState.errors["_form"].to(str)),
        form_alert(AgentAccountState.notice, "success"),
        rx.el.div(
            rx.el.p(rx.el.strong("Contrôle du numéro de permis : "), A["licence_check"].to(str)),
            rx.el.p(
                "Vérifiez aussi le numéro auprès du fichier national des permis avant de valider.",
                class_name="hp-muted",
            ),
            rx.el.p("Consentements recueillis le ", A["consents"].to(str), class_name="hp-muted"),
            class_name="hp-card",
        ),
        _decision(),
        correction,
        rx.el.h2("Historique"),
        history,
    )
    return _shell(rx.cond(AgentAccountState.found, body, rx.el.p("Compte introuvable.", role="alert")))


def in_review_var():
    """Whether the open account waits for a decision."""
    return A["can_decide"].to(bool)


assert set(accounts.CORRECTABLE)  # the correction form lists these fields
