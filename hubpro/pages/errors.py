"""French error screens: the 404 page and what replaces a page that fails to render."""

from __future__ import annotations

import reflex as rx

from hubpro import routes
from hubpro.components.layout import public_page


@rx.page(route=routes.NOT_FOUND, title="Page introuvable – Hub Pro Transport")
def page_not_found() -> rx.Component:
    """Reflex's 404 route: an unknown address."""
    return public_page(
        rx.el.h1("Page introuvable"),
        rx.el.p("L'adresse demandée n'existe pas ou n'est plus disponible. Vérifiez-la, ou repartez de l'accueil."),
        rx.el.a("Accueil", href=routes.HOME, class_name="hp-btn hp-btn-block", id="go-home"),
    )


def error_screen() -> rx.Component:
    """Shown by the error boundary instead of a page that failed to render (no state: it may be the cause)."""
    return rx.el.main(
        rx.el.h1("Une erreur est survenue sur cette page"),
        rx.el.p(
            "Ce que vous aviez enregistré est conservé. Rechargez la page ; si l'erreur revient, repartez de l'accueil."
        ),
        rx.el.div(
            rx.el.button(
                "Recharger la page",
                type="button",
                on_click=rx.call_script("window.location.reload()"),
                class_name="hp-btn hp-btn-block",
            ),
            rx.el.a(
                "Accueil", href=routes.HOME, reload_document=True, class_name="hp-btn hp-btn-secondary hp-btn-block"
            ),
            class_name="hp-actions",
        ),
        class_name="hp-main",
        role="alert",
    )
