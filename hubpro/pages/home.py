"""Public home: « Créer un compte » and « Connexion »."""

from __future__ import annotations

import reflex as rx

from hubpro import routes
from hubpro.components.layout import public_page


@rx.page(route=routes.HOME, title="Hub Pro Transport – Carte de qualification de conducteur")
def index() -> rx.Component:
    """The front door of the driver space."""
    return public_page(
        rx.el.h1("Votre carte de qualification de conducteur (CQC)"),
        rx.el.p(
            "Conducteurs de poids lourds, bus et cars : retrouvez vos formations et certificats, "
            "demandez votre carte CQC, suivez-la et remplacez-la en cas de perte, de vol ou de défaut."
        ),
        rx.el.div(
            rx.el.a("Créer un compte", href=routes.SIGNUP, class_name="hp-btn hp-btn-block", id="go-signup"),
            rx.el.a("Connexion", href=routes.LOGIN, class_name="hp-btn hp-btn-secondary hp-btn-block", id="go-login"),
            class_name="hp-actions",
        ),
        rx.el.div(
            rx.el.h2("Comment ça marche ?"),
            rx.el.ol(
                rx.el.li("Je crée mon compte : mes informations sont analysées sous 24 h."),
                rx.el.li("Je reçois un courrier électronique et je crée mon mot de passe."),
                rx.el.li("Je me connecte à mon espace personnel."),
            ),
            class_name="hp-card",
        ),
    )
