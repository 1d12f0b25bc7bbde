"""The driver space: « Accueil », the tabs and « Mon compte »."""

from __future__ import annotations

import reflex as rx

from hubpro import routes
from hubpro.components.layout import driver_page
from hubpro.pages.home_cards import dashboard_cards
from hubpro.pages.preferences import preferences_form
from hubpro.state.cards import NoticesState
from hubpro.state.dashboard import DashboardState
from hubpro.state.driver import DriverState
from hubpro.state.preferences import PreferencesState


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
    on_load=[DriverState.load, NoticesState.load, DashboardState.load],
)
def home() -> rx.Component:
    """« Accueil » of the driver space."""
    return driver_shell(
        routes.SPACE,
        rx.el.h1("Bonjour ", DriverState.name),
        rx.el.div(rx.foreach(NoticesState.notices, _notice), id="notices"),
        dashboard_cards(),
    )


@rx.page(
    route=routes.ACCOUNT,
    title="Mon compte – Hub Pro Transport",
    on_load=[DriverState.load, PreferencesState.load],
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
    )
