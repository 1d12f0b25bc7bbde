"""« Mettre à jour mes informations »: the account correction page."""

from __future__ import annotations

import reflex as rx

from hubpro import routes
from hubpro.components.form import action_error, date_parts_field, form_alert, input_field, select_field, submit_button
from hubpro.components.layout import public_page
from hubpro.domain import accounts, licence
from hubpro.state.correction import CorrectionState

E = CorrectionState.errors
INPUT_KINDS = {
    "email": {"type_": "email", "inputmode": "email", "autocomplete": "email"},
    "phone": {"type_": "tel", "inputmode": "tel", "autocomplete": "tel"},
    "postal_code": {"inputmode": "numeric"},
}


def _reason(key: str) -> rx.Component:
    return rx.el.div(
        rx.el.strong("À corriger : "),
        CorrectionState.flags[key].to(str),
        class_name="hp-alert hp-tone-warning",
    )


def _field(key: str) -> rx.Component:
    label = accounts.LABELS[key]
    value = CorrectionState.values[key].to(str)
    if key == "civility":
        control = select_field(E, key, label, list(accounts.CIVILITIES.items()), default_value=value)
    elif key == "licence_type":
        control = select_field(E, key, label, [(m.type.value, m.label) for m in licence.MODELS], default_value=value)
    elif key == "birth_date":
        control = date_parts_field(E, key, label, default_value=value)
    else:
        control = input_field(
            E, key, label, default_value=value, required=key != "usage_name", **INPUT_KINDS.get(key, {})
        )
    extra = (
        input_field(E, "email_confirmation", accounts.LABELS["email_confirmation"], type_="email", inputmode="email")
        if key == "email"
        else rx.fragment()
    )
    return rx.cond(CorrectionState.flags.contains(key), rx.el.div(_reason(key), control, extra, class_name="hp-card"))


@rx.page(route=routes.CORRECTION, title="Corriger mes informations – Hub Pro Transport", on_load=CorrectionState.load)
def correction() -> rx.Component:
    """Each flagged field with its reason; the rest is not asked again."""
    form = rx.el.form(
        rx.el.p(
            "Bonjour ",
            CorrectionState.name,
            ". L'analyse de votre demande a relevé les erreurs "
            "ci-dessous. Corrigez-les puis envoyez : votre compte repartira en analyse.",
        ),
        *[_field(k) for k in accounts.CORRECTABLE],
        form_alert(CorrectionState.message),
        action_error(E),
        submit_button("Envoyer mes corrections", CorrectionState.busy, id="send-correction"),
        on_submit=CorrectionState.submit,
        no_validate=True,
        reset_on_submit=False,
    )
    return public_page(
        rx.el.h1("Corriger mes informations"),
        rx.match(
            CorrectionState.link,
            ("valid", form),
            ("limited", form_alert(CorrectionState.message)),
            (
                "invalid",
                rx.el.div(
                    "Ce lien n'est plus valable : vos informations ont peut-être déjà été corrigées. "
                    "Vous recevrez un courrier électronique après la nouvelle analyse.",
                    class_name="hp-alert hp-tone-error",
                    role="alert",
                    id="link-invalid",
                ),
            ),
            (
                "done",
                rx.el.div(
                    rx.el.p(rx.el.strong("Merci, vos corrections sont envoyées.")),
                    rx.el.p(
                        "Vos informations sont de nouveau en cours d'analyse. Vous recevrez un courrier "
                        "électronique sous 24 h."
                    ),
                    class_name="hp-alert hp-tone-success",
                    role="status",
                    id="correction-done",
                ),
            ),
            rx.cond(E["form"], action_error(E), rx.el.p("Vérification du lien…", role="status")),
        ),
        rx.el.p(rx.el.a("Revenir à l'accueil", href=routes.HOME)),
    )
