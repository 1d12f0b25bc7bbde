"""Training centres: the operator's « Centres de formation » and the centres' own portal (/centre)."""

from __future__ import annotations

import reflex as rx

from hubpro import routes
from hubpro.components.form import action_error, form_alert, input_field, select_field, submit_button
from hubpro.components.layout import agent_page, public_page
from hubpro.components.links import backend_link
from hubpro.domain import trainings as rules
from hubpro.state.agent import AgentState
from hubpro.state.centre_portal import CentrePortalState
from hubpro.state.centres import CentresState


def _key_row(k) -> rx.Component:
    return rx.el.li(
        rx.el.code(k["prefix"].to(str)),
        " ",
        k["label"].to(str),
        " – créée le ",
        k["created"].to(str),
        rx.cond(
            k["revoked"].to(str),
            rx.el.span(" – révoquée le ", k["revoked"].to(str), class_name="hp-muted"),
            rx.el.button(
                "Révoquer",
                type="button",
                on_click=CentresState.revoke(k["id"].to(str)),
                class_name="hp-link-btn revoke-key",
            ),
        ),
    )


def _centre_row(c) -> rx.Component:
    return rx.el.article(
        rx.el.h2(c["name"].to(str)),
        rx.el.p("SIRET ", c["siret"].to(str), " · agrément ", c["agrement"].to(str), " · ", c["region"].to(str)),
        rx.el.ul(rx.foreach(c["keys"].to(list[dict[str, str]]), _key_row)),
        rx.el.button(
            "Nouvelle clé",
            type="button",
            on_click=CentresState.add_key(c["id"].to(str)),
            class_name="hp-btn hp-btn-secondary",
        ),
        class_name="hp-item centre-item",
    )


@rx.page(
    route=routes.AGENT_CENTRES,
    title="Centres de formation – Hub Pro Transport",
    on_load=[AgentState.guard, CentresState.load],
)
def agent_centres() -> rx.Component:
    """Register a centre, show its key once, revoke keys."""
    e = CentresState.errors
    return agent_page(
        AgentState.name, AgentState.signed_in, AgentState.logout,
        rx.el.h1("Centres de formation"),
        form_alert(e["_form"].to(str)),
        rx.cond(
            CentresState.new_key,
            rx.el.div(
                rx.el.p(rx.el.strong("Clé d'accès (affichée une seule fois, copiez-la maintenant) :")),
                rx.el.p(rx.el.code(CentresState.new_key, id="new-key")),
                rx.el.p("Elle sert à l'API (Authorization: Bearer …) et à la connexion au portail /centre."),
                class_name="hp-alert hp-tone-warning", role="status",
            ),
        ),
        rx.el.details(
            rx.el.summary("Enregistrer un centre de formation agréé", class_name="hp-btn hp-btn-secondary"),
            rx.el.form(
                input_field(e, "name", "Nom du centre", prefix="centre"),
                input_field(e, "siret", "SIRET", inputmode="numeric", hint="14 chiffres", prefix="centre"),
                input_field(e, "agrement", "Numéro d'agrément", prefix="centre"),
                input_field(e, "region", "Région d'agrément", prefix="centre"),
                submit_button("Enregistrer le centre", CentresState.busy, id="create-centre"),
                on_submit=CentresState.create, no_validate=True, reset_on_submit=False,
            ),
            open=e.length() > 0,
        ),
        rx.el.div(rx.foreach(CentresState.rows, _centre_row), id="centres"),
    )  # fmt: skip


def _deposit_form() -> rx.Component:
    e = CentrePortalState.errors
    return rx.el.form(
        rx.el.h2("Enregistrer une formation"),
        select_field(e, "type", "Type de formation", [(t.value, rules.TYPE_LABELS[t]) for t in rules.TrainingType],
                     prefix="t"),
        select_field(e, "sector", "Secteur", [(s.value, rules.SECTOR_LABELS[s]) for s in rules.Sector], prefix="t"),
        input_field(e, "start_date", "Date de début", type_="date", prefix="t"),
        input_field(e, "end_date", "Date de fin", type_="date", prefix="t"),
        input_field(e, "hours", "Durée (heures)", type_="number", inputmode="numeric", prefix="t"),
        input_field(e, "session_reference", "Référence de session", prefix="t",
                    hint="Votre identifiant de session : un second envoi de la même session ne crée pas de doublon."),
        rx.el.h3("Stagiaire"),
        input_field(e, "birth_name", "Nom de naissance", prefix="t"),
        input_field(e, "first_names", "Prénom(s)", prefix="t"),
        input_field(e, "birth_date", "Date de naissance", type_="date", prefix="t"),
        input_field(e, "licence_number", "Numéro de permis de conduire", prefix="t"),
        action_error(e),
        submit_button("Enregistrer la formation", CentrePortalState.busy, id="deposit"),
        on_submit=CentrePortalState.deposit, no_validate=True, reset_on_submit=False, id="deposit-form",
    )  # fmt: skip


def _recent(r) -> rx.Component:
    return rx.el.tr(rx.el.td(r["type"]), rx.el.td(r["trainee"]), rx.el.td(r["dates"]), rx.el.td(r["session"]),
                    rx.el.td(r["matched"]))  # fmt: skip


@rx.page(
    route=routes.CENTRE, title="Portail des centres de formation – Hub Pro Transport", on_load=CentrePortalState.load
)
def centre_portal() -> rx.Component:
    """For centres without software: the API's deposit as a form."""
    signed = rx.fragment(
        rx.el.p("Centre : ", rx.el.strong(CentrePortalState.centre_name), " ",
                rx.el.button("Déconnexion", type="button", on_click=CentrePortalState.logout,
                             class_name="hp-link-btn", id="centre-logout")),
        form_alert(CentrePortalState.notice, "success"),
        form_alert(rx.cond(CentrePortalState.errors.length() > 0, "Le formulaire contient des erreurs.", "")),
        _deposit_form(),
        rx.el.h2("Dernières formations enregistrées"),
        rx.el.div(rx.el.table(
            rx.el.thead(rx.el.tr(rx.el.th("Type"), rx.el.th("Stagiaire"), rx.el.th("Dates"), rx.el.th("Session"),
                                 rx.el.th("Compte"))),
            rx.el.tbody(rx.foreach(CentrePortalState.rows, _recent)),
            class_name="hp-table", id="deposits",
        ), class_name="hp-scroll", tab_index=0, role="region",
           custom_attrs={"aria-label": "Dernières formations enregistrées"}),
    )  # fmt: skip
    login = rx.el.form(
        form_alert(CentrePortalState.message),
        input_field(CentrePortalState.errors, "api_key", "Clé d'accès du centre", type_="password",
                    autocomplete="off", prefix="centre",
                    hint="La clé fournie par l'opérateur lors de l'enregistrement de votre centre."),
        submit_button("Connexion", CentrePortalState.busy, id="centre-login"),
        on_submit=CentrePortalState.login, no_validate=True, reset_on_submit=False,
    )  # fmt: skip
    return public_page(
        rx.el.h1("Portail des centres de formation"),
        rx.el.p("Les centres équipés d'un logiciel utilisent l'API (description OpenAPI : ",
                backend_link(routes.API_OPENAPI, path=routes.API_OPENAPI), ")."),
        rx.cond(CentrePortalState.checked, rx.cond(CentrePortalState.signed_in, signed, login),
                rx.el.p("Chargement…")),
        wide=True,
    )  # fmt: skip
