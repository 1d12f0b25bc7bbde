"""Password creation and reset pages, and the confirmation."""

from __future__ import annotations

import reflex as rx

from hubpro import routes
from hubpro.components.form import action_error, input_field, submit_button
from hubpro.components.layout import public_page
from hubpro.state.password import PasswordState


def _checklist() -> rx.Component:
    return rx.el.ul(
        rx.foreach(
            PasswordState.rules,
            lambda r: rx.el.li(r["label"].to(str), custom_attrs={"data-ok": rx.cond(r["ok"], "true", "false")}),
        ),
        class_name="hp-checklist",
        id="password-rules",
        custom_attrs={"aria-live": "polite"},
    )


def _form() -> rx.Component:
    return rx.el.form(
        input_field(
            PasswordState.errors,
            "password",
            "Mot de passe",
            type_="password",
            autocomplete="new-password",
            hint="Au moins 12 caractères dont 1 majuscule, 1 minuscule et 1 caractère spécial "
            "(par exemple : ? ! * # . –).",
            on_change=PasswordState.check.debounce(150),
        ),
        _checklist(),
        input_field(
            PasswordState.errors,
            "confirmation",
            "Confirmation du mot de passe",
            type_="password",
            autocomplete="new-password",
        ),
        action_error(PasswordState.errors),
        submit_button("Valider", PasswordState.busy, id="save-password"),
        on_submit=PasswordState.submit,
        no_validate=True,
        reset_on_submit=False,
    )


def _invalid() -> rx.Component:
    return rx.el.div(
        rx.el.p(rx.el.strong("Ce lien n'est plus valable : il a expiré ou a déjà été utilisé.")),
        rx.el.p(
            "Demandez un nouveau lien avec « Mot de passe oublié » : si votre compte est validé, "
            "vous recevrez un nouveau lien par courrier électronique."
        ),
        rx.el.a("Mot de passe oublié", href=routes.FORGOT, class_name="hp-btn hp-btn-secondary"),
        class_name="hp-alert hp-tone-error",
        role="alert",
        id="link-invalid",
    )


def _page(title: str) -> rx.Component:
    return public_page(
        rx.el.h1(title),
        rx.match(
            PasswordState.link,
            ("valid", _form()),
            ("invalid", _invalid()),
            rx.cond(
                PasswordState.errors["form"],
                action_error(PasswordState.errors),
                rx.el.p("Vérification du lien…", role="status"),
            ),
        ),
    )


@rx.page(
    route=routes.SET_PASSWORD, title="Créer mon mot de passe – Hub Pro Transport", on_load=PasswordState.load_create
)
def create_password() -> rx.Component:
    """Reached from the « Créer mon mot de passe » email button."""
    return _page("Créer mon mot de passe")


@rx.page(
    route=routes.RESET_PASSWORD, title="Nouveau mot de passe – Hub Pro Transport", on_load=PasswordState.load_reset
)
def reset_password() -> rx.Component:
    """Reached from the reset email."""
    return _page("Choisir un nouveau mot de passe")


@rx.page(route=routes.PASSWORD_DONE, title="Mot de passe enregistré – Hub Pro Transport")
def password_done() -> rx.Component:
    """Confirmation with « Revenir à l'application »."""
    return public_page(
        rx.el.div(
            rx.el.h1("Votre mot de passe est enregistré"),
            rx.el.p("Vous pouvez maintenant vous connecter à votre espace."),
            class_name="hp-alert hp-tone-success",
            role="status",
        ),
        rx.el.a("Revenir à l'application", href=routes.LOGIN, class_name="hp-btn hp-btn-block", id="back-to-app"),
    )
