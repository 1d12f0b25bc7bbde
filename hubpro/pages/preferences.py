"""« Mes préférences de notification »: the reminders' channels, in « Mon compte »."""

from __future__ import annotations

import reflex as rx

from hubpro.components.form import form_alert
from hubpro.state.preferences import PreferencesState as P


def _box(key: str, text: str, checked) -> rx.Component:
    fid = f"pref-{key}"
    return rx.el.div(
        rx.el.input(type="checkbox", id=fid, name=key, default_checked=checked),
        rx.el.label(text, html_for=fid),
        class_name="hp-check",
    )


def preferences_form() -> rx.Component:
    """Email and/or SMS for reminders; the form mounts once the saved choice is known."""
    return rx.el.section(
        rx.el.h2("Mes préférences de notification", id="prefs-title"),
        rx.cond(
            P.loaded,
            rx.el.form(
                rx.el.input(type="hidden", name="prefs", value="1"),
                rx.el.fieldset(
                    rx.el.legend("Recevoir les rappels de mes échéances"),
                    _box("email", "Par courrier électronique", P.email),
                    _box("sms", "Par SMS", P.sms),
                    rx.el.p(
                        "Les messages nécessaires à vos démarches (demande de complément, statut de votre "
                        "demande, factures…) sont toujours envoyés par courrier électronique.",
                        class_name="hp-hint",
                        id="prefs-hint",
                    ),
                    custom_attrs={"aria-describedby": "prefs-hint"},
                ),
                rx.el.button("Enregistrer mes préférences", type="submit", class_name="hp-btn", id="prefs-save"),
                form_alert(P.saved, tone="success", id="prefs-saved"),
                on_submit=P.save,
                reset_on_submit=False,
            ),
        ),
        class_name="hp-card",
        custom_attrs={"aria-labelledby": "prefs-title"},
    )
