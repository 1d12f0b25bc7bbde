"""The driver space: « Accueil », the tabs and « Mon compte »."""

from __future__ import annotations

import reflex as rx

from hubpro import routes
from hubpro.components.layout import driver_page
from hubpro.state.cards import NoticesState
from hubpro.state.driver import DriverState

NOT_YET = {
    routes.INVOICES: ("Mes factures", "Les duplicatas de vos factures, disponibles 10 ans."),
}


def driver_shell(active: str, *children: rx.Component) -> rx.Component:
    """The driver space around a page's content."""
    return driver_page(active, DriverState.name, DriverState.signed_in, DriverState.logout, *children)


def _notice(n) -> rx.Component:
    return rx.el.div(
        rx.el.p(n["text"]),
        rx.el.a("en savoir plus", href=n["link"], class_name="hp-btn hp-btn-secondary"),
        class_name="hp-alert hp-tone-" + n["tone"],
        role="status",
    )


@rx.page(
    route=routes.SPACE,
    title="Accueil – Mon espace Hub Pro Transport",
    on_load=[DriverState.load, NoticesState.load],
)
def home() -> rx.Component:
    """« Accueil » of the driver space."""
    return driver_shell(
        routes.SPACE,
        rx.el.h1("Bonjour ", DriverState.name),
        rx.el.div(rx.foreach(NoticesState.notices, _notice), id="notices"),
        rx.el.p("Bienvenue dans votre espace Hub Pro Transport."),
        rx.el.div(
            rx.el.h2("Ce que vous pourrez faire ici"),
            rx.el.ul(
                rx.el.li("Consulter vos récapitulatifs de formation et vos certificats de qualification."),
                rx.el.li("Faire votre demande de carte CQC et suivre son avancement."),
                rx.el.li("Demander le remplacement d'une carte perdue, volée ou défectueuse."),
                rx.el.li("Télécharger vos factures."),
            ),
            rx.el.p(
                "Ces rubriques ouvrent progressivement : chaque onglet indique s'il est déjà disponible.",
                class_name="hp-muted",
            ),
            class_name="hp-card",
        ),
    )


def _not_yet(route: str) -> rx.Component:
    title, what = NOT_YET[route]
    return driver_shell(
        route,
        rx.el.h1(title),
        rx.el.div(
            rx.el.p(rx.el.strong("Cette rubrique n'est pas encore disponible.")),
            rx.el.p(f"Elle présentera : {what}"),
            class_name="hp-alert hp-tone-info",
            role="status",
        ),
    )


def _title(route: str) -> str:
    return f"{NOT_YET[route][0]} – Mon espace Hub Pro Transport"


@rx.page(route=routes.INVOICES, title=_title(routes.INVOICES), on_load=DriverState.load)
def invoices() -> rx.Component:
    """« Mes factures » (not built yet)."""
    return _not_yet(routes.INVOICES)


@rx.page(route=routes.ACCOUNT, title="Mon compte – Hub Pro Transport", on_load=DriverState.load)
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
    )
