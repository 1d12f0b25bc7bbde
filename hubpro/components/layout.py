"""Page shells: public, driver space (tabs + account menu) and agent back-office."""

from __future__ import annotations

import reflex as rx
from reflex.vars.base import Var

from hubpro import routes

DRIVER_TABS: tuple[tuple[str, str], ...] = (
    ("Accueil", routes.SPACE),
    ("Mes formations", routes.TRAININGS),
    ("Mes certificats", routes.CERTIFICATES),
    ("Mes demandes", routes.REQUESTS),
    ("Mes cartes", routes.CARDS),
    ("Mes factures", routes.INVOICES),
)


def brand(href: str = routes.HOME) -> rx.Component:
    """The product name, linking home."""
    return rx.el.a("Hub Pro ", rx.el.span("Transport"), href=href, class_name="hp-brand")


def _ready() -> dict:
    # data-ready="1" once the page is hydrated (events flow): tests and scripts wait on it.
    return {"data-ready": rx.cond(rx.State.is_hydrated, "1", "0")}


def skip_link() -> rx.Component:
    """« Aller au contenu »: the first Tab stop of every page, straight to its main content."""
    return rx.el.a("Aller au contenu", href="#contenu", class_name="hp-skip", id="skip-link")


def public_page(*children: rx.Component, wide: bool = False) -> rx.Component:
    """Shell of the public pages."""
    return rx.fragment(
        skip_link(),
        rx.el.header(rx.el.div(brand(), class_name="hp-header-inner"), class_name="hp-header"),
        rx.el.main(
            *children,
            class_name="hp-main hp-wide" if wide else "hp-main",
            id="contenu",
            tab_index=-1,
            custom_attrs=_ready(),
        ),
    )


def loading() -> rx.Component:
    """Shown while the session is checked (no flash of protected content)."""
    return rx.el.p("Chargement…", class_name="hp-muted", role="status")


def account_menu(name: Var, logout_event) -> rx.Component:
    """« Mon compte » / « Déconnexion » menu (native details: works without JS, keyboard-ready)."""
    return rx.el.details(
        rx.el.summary(
            rx.el.span(name, class_name="hp-menu-name"),
            rx.el.span(" ▾", custom_attrs={"aria-hidden": "true"}),
            id="account-menu",
            title="Menu du compte",  # the accessible name stays the visible name (WCAG 2.5.3)
        ),
        rx.el.div(
            rx.el.a("Mon compte", href=routes.ACCOUNT),
            rx.el.button("Déconnexion", type="button", on_click=logout_event, id="logout"),
            class_name="hp-menu-list",
        ),
        class_name="hp-menu",
    )


def driver_page(active: str, name: Var, signed_in: Var, logout_event, *children: rx.Component) -> rx.Component:
    """Shell of the driver space: header, tab bar, then the content once signed in."""
    tabs = rx.el.nav(
        rx.el.div(
            *[
                rx.el.a(
                    label,
                    href=href,
                    class_name="hp-tab",
                    custom_attrs={"aria-current": "page"} if href == active else {},
                )
                for label, href in DRIVER_TABS
            ],
            class_name="hp-tabs-inner",
        ),
        class_name="hp-tabs",
        custom_attrs={"aria-label": "Rubriques de mon espace"},
    )
    return rx.fragment(
        skip_link(),
        rx.el.header(
            rx.el.div(
                brand(routes.SPACE), rx.cond(signed_in, account_menu(name, logout_event)), class_name="hp-header-inner"
            ),
            class_name="hp-header",
        ),
        tabs,
        rx.el.main(
            rx.cond(signed_in, rx.fragment(*children), loading()),
            class_name="hp-main",
            id="contenu",
            tab_index=-1,
            custom_attrs=_ready(),
        ),
    )


def agent_page(name: Var, signed_in: Var, logout_event, *children: rx.Component) -> rx.Component:
    """Shell of the operator back-office (laptop first)."""
    return rx.fragment(
        skip_link(),
        rx.el.header(
            rx.el.div(
                rx.el.a("Hub Pro ", rx.el.span("Opérateur"), href=routes.AGENT_ACCOUNTS, class_name="hp-brand"),
                rx.cond(
                    signed_in,
                    rx.el.nav(
                        rx.el.a("Comptes à analyser", href=routes.AGENT_ACCOUNTS, class_name="hp-tab"),
                        rx.el.a("Demandes à instruire", href=routes.AGENT_REQUESTS, class_name="hp-tab"),
                        rx.el.a("Centres de formation", href=routes.AGENT_CENTRES, class_name="hp-tab"),
                        custom_attrs={"aria-label": "Back-office"},
                    ),
                ),
                rx.cond(
                    signed_in,
                    rx.el.div(
                        rx.el.span(name, class_name="hp-muted"),
                        rx.el.button(
                            "Déconnexion",
                            type="button",
                            on_click=logout_event,
                            class_name="hp-link-btn",
                            id="agent-logout",
                        ),
                        style={"display": "flex", "gap": "1rem", "alignItems": "center"},
                    ),
                ),
                class_name="hp-header-inner",
            ),
            class_name="hp-header",
        ),
        rx.el.main(
            rx.cond(signed_in, rx.fragment(*children), loading()),
            class_name="hp-main hp-wide",
            id="contenu",
            tab_index=-1,
            custom_attrs=_ready(),
        ),
    )


def connection_banner() -> rx.Component:
    """French banner when the live connection to the server is lost."""
    from reflex_components_core.core.banner import has_too_many_connection_errors

    return rx.cond(
        has_too_many_connection_errors,
        rx.el.div(
            "Connexion au serveur interrompue. Nouvelle tentative en cours… Ce que vous avez saisi est conservé.",
            class_name="hp-banner",
            role="alert",
            id="connection-banner",
        ),
    )
