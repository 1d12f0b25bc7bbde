"""« Connexion » and « Mot de passe oublié »."""

from __future__ import annotations

import reflex as rx

from hubpro import routes
from hubpro.components.form import action_error, form_alert, input_field, submit_button
from hubpro.components.layout import public_page
from hubpro.state.login import ForgotState, LoginState


@rx.page(route=routes.LOGIN, title="Connexion – Hub Pro Transport", on_load=LoginState.on_load)
def login() -> rx.Component:
    """Sign-in form of the driver space."""
    return public_page(
        rx.el.h1("Connexion"),
        form_alert(LoginState.message),
        rx.el.form(
            input_field(
                LoginState.errors,
                "email",
                "Adresse électronique",
                type_="email",
                autocomplete="username",
                inputmode="email",
                form_error="login-error",
            ),
            input_field(
                LoginState.errors,
                "password",
                "Mot de passe",
                type_="password",
                autocomplete="current-password",
                form_error="login-error",
            ),
            rx.el.p(rx.el.a("Mot de passe oublié", href=routes.FORGOT)),
            action_error(LoginState.errors, id="login-error"),
            submit_button("Connexion", LoginState.busy, "Connexion en cours…", id="login"),
            on_submit=LoginState.login,
            no_validate=True,
            reset_on_submit=False,
        ),
        rx.el.p("Pas encore de compte ? ", rx.el.a("Créer un compte", href=routes.SIGNUP)),
    )


@rx.page(route=routes.FORGOT, title="Mot de passe oublié – Hub Pro Transport", on_load=ForgotState.on_load)
def forgot() -> rx.Component:
    """Ask for a reset link."""
    return public_page(
        rx.el.h1("Mot de passe oublié"),
        rx.cond(
            ForgotState.sent,
            rx.el.div(
                rx.el.p(
                    "Si un compte existe pour cette adresse, un courrier électronique vient de vous être "
                    "envoyé avec un lien pour choisir un nouveau mot de passe. Le lien est valable 60 minutes."
                ),
                class_name="hp-alert hp-tone-success",
                role="status",
            ),
            rx.el.form(
                rx.el.p("Saisissez l'adresse électronique de votre compte."),
                input_field(
                    ForgotState.errors,
                    "email",
                    "Adresse électronique",
                    type_="email",
                    autocomplete="username",
                    inputmode="email",
                ),
                form_alert(ForgotState.message),
                action_error(ForgotState.errors),
                submit_button("Recevoir un lien", ForgotState.busy, id="forgot"),
                on_submit=ForgotState.request,
                no_validate=True,
                reset_on_submit=False,
            ),
        ),
        rx.el.p(rx.el.a("Revenir à la connexion", href=routes.LOGIN)),
    )
