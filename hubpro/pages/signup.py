"""« Créer un compte »: profile choice, the « Particulier » form and its confirmation."""

from __future__ import annotations

from functools import partial

import reflex as rx

from hubpro import routes
from hubpro.components import form
from hubpro.components.form import checkbox, date_parts_field, error_summary, form_alert, submit_button
from hubpro.components.layout import public_page
from hubpro.domain import accounts, licence
from hubpro.state.signup import SignupState

E = SignupState.errors
# One summary announces the errors (with links to the fields); each field's own message is not an alert.
input_field = partial(form.input_field, announce=False)
select_field = partial(form.select_field, announce=False)
error_text = partial(form.error_text, announce=False)


@rx.page(route=routes.SIGNUP, title="Créer un compte – Hub Pro Transport")
def profile_choice() -> rx.Component:
    """Choose the profile: only « Particulier » is open."""
    return public_page(
        rx.el.h1("Créer un compte"),
        rx.el.p("Sélectionnez votre profil."),
        rx.el.a(
            "Particulier",
            rx.el.span(" – conducteur ou conductrice", class_name="hp-muted"),
            href=routes.SIGNUP_FORM,
            class_name="hp-btn hp-btn-block",
            id="profile-particulier",
        ),
        rx.el.div(
            rx.el.p(
                rx.el.strong("Entreprise"),
                " et ",
                rx.el.strong("Centre de formation"),
                " : ces profils ne sont pas encore disponibles ici. Les centres de formation agréés "
                "déposent les formations par leur accès dédié.",
            ),
            class_name="hp-alert hp-tone-info",
        ),
    )


def licence_help() -> rx.Component:
    """« Aide à la saisie » of the licence number: models, where the number is, live check."""
    return rx.el.div(
        rx.el.h3("Aide à la saisie du numéro de permis"),
        rx.el.p("Choisissez le modèle de votre permis :"),
        rx.el.div(
            *[
                rx.el.button(
                    m.label,
                    type="button",
                    on_click=SignupState.set_licence_type(m.type.value),
                    class_name=rx.cond(
                        SignupState.licence_type == m.type.value,
                        "hp-btn hp-btn-block",
                        "hp-btn hp-btn-secondary hp-btn-block",
                    ),
                    custom_attrs={"aria-pressed": rx.cond(SignupState.licence_type == m.type.value, "true", "false")},
                )
                for m in licence.MODELS
            ],
            class_name="hp-actions",
        ),
        *[
            rx.cond(
                SignupState.licence_type == m.type.value,
                rx.el.div(
                    rx.el.img(
                        src=routes.licence_image(m.type.value),
                        alt=f"{m.label} : {m.where}",
                        width="320",
                        height="200",
                        loading="lazy",
                    )
                    if m.type != licence.LicenceType.FOREIGN
                    else rx.fragment(),
                    rx.el.p(rx.el.strong("Où trouver le numéro ? "), m.where),
                    rx.el.p(rx.el.strong("Format : "), m.rule, " Exemple : ", rx.el.code(m.example)),
                ),
            )
            for m in licence.MODELS
        ],
        rx.el.button("Fermer l'aide", type="button", on_click=SignupState.close_help, class_name="hp-link-btn"),
        class_name="hp-help",
        id="licence-help",
        hidden=~SignupState.help_open,
    )


def licence_fields() -> rx.Component:
    """Type de permis and Numéro de permis de conduire, with the help and live check."""
    return rx.fragment(
        select_field(
            E,
            "licence_type",
            "Type de permis",
            [(m.type.value, m.label) for m in licence.MODELS],
            value=SignupState.licence_type,
            on_change=SignupState.set_licence_type,
        ),
        rx.el.div(
            rx.el.label("Numéro de permis de conduire", html_for="f-licence_number", class_name="hp-label"),
            rx.el.span(
                "Touchez le champ pour afficher l'aide à la saisie.", id="f-licence_number-hint", class_name="hp-hint"
            ),
            rx.el.input(
                id="f-licence_number",
                name="licence_number",
                type="text",
                auto_complete="off",
                class_name="hp-input",
                auto_capitalize="characters",
                spell_check=False,
                on_focus=SignupState.open_help,
                on_click=SignupState.open_help,
                on_change=SignupState.check_licence.debounce(250),
                custom_attrs={
                    "aria-describedby": rx.cond(
                        E["licence_number"].to(str),
                        "f-licence_number-err f-licence_number-hint licence-live",
                        "f-licence_number-hint licence-live",
                    ),
                    "aria-invalid": rx.cond(E["licence_number"].to(str), "true", "false"),
                    "aria-controls": "licence-help",
                },
            ),
            rx.el.span(
                SignupState.licence_feedback,
                id="licence-live",
                class_name=rx.cond(SignupState.licence_ok, "hp-hint hp-live-ok", "hp-hint"),
                custom_attrs={"aria-live": "polite"},
            ),
            error_text("f-licence_number", E["licence_number"].to(str)),
            licence_help(),  # always rendered (aria-controls needs it), hidden while closed
            class_name="hp-field",
        ),
    )


def consents() -> rx.Component:
    """The four consent boxes."""
    return rx.el.fieldset(
        rx.el.legend("Conditions"),
        *[checkbox(c.key, c.label) for c in accounts.CONSENTS],
        error_text("f-consents", E["consents"].to(str)),
        class_name="hp-radio-group",
        id="f-consents",
        tab_index=-1,
    )


@rx.page(
    route=routes.SIGNUP_FORM, title="Créer un compte Particulier – Hub Pro Transport", on_load=SignupState.reset_form
)
def signup_form() -> rx.Component:
    """The account form of the « Particulier » profile."""
    return public_page(
        rx.el.h1("Créer un compte Particulier"),
        rx.el.p("Tous les champs sont obligatoires, sauf mention « facultatif ».", class_name="hp-muted"),
        rx.el.form(
            error_summary(E, SignupState.error_links, "signup-errors"),
            rx.el.h2("Identité"),
            select_field(E, "civility", "Civilité", list(accounts.CIVILITIES.items())),
            input_field(E, "birth_name", "Nom de naissance", autocomplete="family-name"),
            input_field(
                E,
                "usage_name",
                "Nom d'usage",
                required=False,
                autocomplete="off",
                hint="Par exemple le nom d'époux ou d'épouse.",
            ),
            input_field(
                E,
                "first_names",
                "Prénom(s)",
                autocomplete="given-name",
                hint="Dans l'ordre de l'état civil, séparés par une espace.",
            ),
            date_parts_field(E, "birth_date", "Date de naissance", announce=False),
            input_field(E, "birth_city", "Commune de naissance"),
            input_field(E, "birth_country", "Pays de naissance", autocomplete="country-name", default_value="France"),
            rx.el.h2("Coordonnées"),
            input_field(
                E,
                "email",
                "Adresse électronique",
                type_="email",
                autocomplete="email",
                inputmode="email",
                hint="Format attendu : nom@exemple.fr",
            ),
            input_field(
                E,
                "email_confirmation",
                "Confirmation de l'adresse électronique",
                type_="email",
                autocomplete="email",
                inputmode="email",
            ),
            input_field(
                E,
                "phone",
                "Téléphone mobile",
                type_="tel",
                autocomplete="tel",
                inputmode="tel",
                hint="Par exemple 06 12 34 56 78",
            ),
            input_field(
                E, "address", "Adresse", autocomplete="street-address", hint="Numéro et voie, complément éventuel."
            ),
            input_field(E, "postal_code", "Code postal", autocomplete="postal-code", inputmode="numeric", maxlength=5),
            input_field(E, "city", "Commune", autocomplete="address-level2"),
            rx.el.h2("Permis de conduire"),
            licence_fields(),
            consents(),
            form_alert(E["form"].to(str), id="create-error"),
            form_alert(SignupState.message),
            submit_button("Créer", SignupState.busy, id="create"),
            on_submit=SignupState.submit,
            no_validate=True,
            reset_on_submit=False,
        ),
    )


@rx.page(route=routes.SIGNUP_DONE, title="Demande envoyée – Hub Pro Transport")
def signup_done() -> rx.Component:
    """Confirmation after « Créer »."""
    return public_page(
        rx.el.div(
            rx.el.h1("Votre demande de création de compte est envoyée"),
            rx.el.p("Les données renseignées sont en cours d'analyse."),
            rx.el.p(
                "Sous 24 h, vous allez recevoir un courrier électronique vous permettant de "
                "personnaliser votre mot de passe et d'accéder à votre espace. Si une information "
                "est à corriger, ce courrier vous invitera à la mettre à jour."
            ),
            class_name="hp-alert hp-tone-success",
            role="status",
        ),
        rx.el.a("Revenir à l'accueil", href=routes.HOME, class_name="hp-btn hp-btn-secondary hp-btn-block"),
    )
