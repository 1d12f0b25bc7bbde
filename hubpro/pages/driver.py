"""The driver space: « Accueil », the tabs and « Mon compte »."""

from __future__ import annotations

import reflex as rx

from hubpro import routes
from hubpro.components.layout import driver_page
from hubpro.pages.home_cards import dashboard_cards
from hubpro.pages.preferences import preferences_form
from hubpro.state.dashboard import DashboardState
from hubpro.state.driver import DriverState
from hubpro.state.preferences import PreferencesState
from hubpro.state.share import ShareState


def driver_shell(active: str, *children: rx.Component) -> rx.Component:
    """The driver space around a page's content."""
    return driver_page(active, DriverState.name, DriverState.signed_in, DriverState.logout, *children)


def _notice(n) -> rx.Component:
    return rx.el.div(
        rx.el.p(n.text),
        rx.el.a("en savoir plus", href=n.link, class_name="hp-btn hp-btn-secondary"),
        class_name="hp-alert hp-tone-" + n.tone,
        role="status",
    )


@rx.page(
    route=routes.SPACE,
    title="Accueil – Mon espace Hub Pro Transport",
    on_load=DashboardState.load,
)
def home() -> rx.Component:
    """« Accueil » of the driver space."""
    return driver_shell(
        routes.SPACE,
        rx.el.h1("Bonjour ", DriverState.name),
        rx.el.div(rx.foreach(DriverState.notices, _notice), id="notices"),
        dashboard_cards(),
    )


@rx.page(
    route=routes.ACCOUNT,
    title="Mon compte – Hub Pro Transport",
    on_load=[DriverState.load, PreferencesState.load, ShareState.load],
)
def account() -> rx.Component:
    """« Mon compte »: the account data, read-only."""
    return driver_shell(
        routes.ACCOUNT,
        rx.el.h1("Mon compte"),
        rx.el.dl(
            rx.foreach(DriverState.profile, lambda row: rx.fragment(rx.el.dt(row["label"]), rx.el.dd(row["value"]))),
            class_name="hp-dl hp-card",
        ),
        rx.el.p(
            "Pour changer de mot de passe, utilisez ",
            rx.el.a("Mot de passe oublié", href=routes.FORGOT),
            " : un lien vous sera envoyé par courrier électronique.",
        ),
        preferences_form(),
        share_section(),
        checks_section(),
    )


def _code(c) -> rx.Component:
    return rx.el.li(
        rx.el.p(rx.el.strong("Code ", c.hint), " – créé le ", c.created, ", valable jusqu'au ", c.expires),
        rx.cond(
            c.views.length() > 0,
            rx.el.ul(rx.foreach(c.views, lambda v: rx.el.li(v)), class_name="share-views"),
            rx.el.p("Pas encore consulté.", class_name="hp-muted"),
        ),
        rx.el.button(
            "Révoquer",
            type="button",
            on_click=ShareState.revoke(c.public_id),
            class_name="hp-btn hp-btn-danger",
            custom_attrs={"aria-label": rx.Var.create("Révoquer le code ") + c.hint},
        ),
        class_name="hp-card hp-stack share-code",
        custom_attrs={"data-hint": c.hint},
    )


def share_section() -> rx.Component:
    """« Partager ma qualification »: codes for an employer, 21 days, revocable, with their views."""
    return rx.el.section(
        rx.el.h2("Partager ma qualification", id="share-title"),
        rx.el.p(
            "Créez un code à donner à un employeur : avec ce code et votre nom de naissance, il consulte sur ",
            rx.el.strong(ShareState.page_url, id="share-page-url"),
            " vos secteurs, votre carte et vos formations (jamais votre adresse ni vos documents). "
            "Un code est valable 21 jours ; vous pouvez le révoquer à tout moment.",
        ),
        rx.el.form(
            rx.el.input(type="hidden", name="share", value="create"),
            rx.el.button("Créer un code", type="submit", id="share-create", class_name="hp-btn"),
            on_submit=ShareState.create,
            reset_on_submit=False,
        ),
        rx.cond(
            ShareState.new_code,
            rx.el.div(
                rx.el.p("Votre code (notez-le, il ne sera plus affiché) :"),
                rx.el.p(ShareState.new_code, id="share-new-code", class_name="share-new-code"),
                class_name="hp-alert hp-tone-success",
                role="status",
            ),
        ),
        rx.cond(
            ShareState.message,
            rx.el.p(ShareState.message, class_name="hp-alert hp-tone-info", role="status", id="share-status"),
        ),
        rx.el.h3("Codes en cours"),
        rx.cond(
            ShareState.codes.length() > 0,
            rx.el.ul(rx.foreach(ShareState.codes, _code), id="share-codes", class_name="hp-stack share-list"),
            rx.cond(ShareState.loaded, rx.el.p("Aucun code en cours.", id="share-none")),
        ),
        aria_labelledby="share-title",
    )


def checks_section() -> rx.Component:
    """How many times each certificate and card was verified with its QR code."""
    return rx.el.section(
        rx.el.h2("Vérifications de mes titres", id="checks-title"),
        rx.cond(
            ShareState.checks.length() > 0,
            rx.el.dl(
                rx.foreach(ShareState.checks, lambda c: rx.fragment(rx.el.dt(c.label), rx.el.dd(c.count))),
                class_name="hp-dl hp-card",
                id="checks",
            ),
            rx.el.p("Aucun titre pour le moment."),
        ),
        aria_labelledby="checks-title",
    )
