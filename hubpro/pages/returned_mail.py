"""« pli non distribué »: the two solutions of the guide."""

from __future__ import annotations

import reflex as rx

from hubpro import routes
from hubpro.components.form import form_alert, input_field
from hubpro.pages.driver import driver_shell
from hubpro.state.returned_mail import ReturnedMailState as M


@rx.page(route=routes.RETURNED_MAIL, title="Pli non distribué – Hub Pro Transport",
         on_load=M.load)  # fmt: skip
def returned_mail_page() -> rx.Component:
    """Solution 1: confirm the address (free). Solution 2: change it and pay the re-shipping."""
    c = M.card
    choices = rx.fragment(
        rx.el.div(rx.el.p("La Poste n'a pas pu livrer votre carte n° ", rx.el.strong(c.number),
                          " et nous l'a retournée. Motif : « ", c.reason, " »."),
                  class_name="hp-alert hp-tone-warning"),
        form_alert(M.errors["_form"].to(str)),
        rx.el.div(
            rx.el.h2("Solution 1 : mon adresse est correcte"),
            rx.el.p("Adresse de livraison : ", rx.el.strong(c.address)),
            rx.el.p("Je la confirme : ma carte est renvoyée à cette même adresse, gratuitement."),
            rx.el.button("Confirmer mon adresse", type="button", on_click=M.confirm, disabled=M.busy,
                         class_name="hp-btn hp-btn-block", id="pnd-confirm"),
            class_name="hp-card",
        ),
        rx.el.form(
            rx.el.h2("Solution 2 : mon adresse est incorrecte"),
            rx.el.p("Indiquez la bonne adresse ; les frais de réexpédition sont de 8,00 € TTC, payables par carte."),
            input_field(M.errors, "address", "Adresse", autocomplete="street-address", prefix="pnd"),
            input_field(M.errors, "postal_code", "Code postal", inputmode="numeric", prefix="pnd"),
            input_field(M.errors, "city", "Commune", prefix="pnd"),
            rx.el.button("Changer d'adresse et payer 8,00 €", type="submit", disabled=M.busy,
                         class_name="hp-btn hp-btn-secondary hp-btn-block", id="pnd-change"),
            on_submit=M.change, reset_on_submit=False, no_validate=True, class_name="hp-card",
        ),
    )  # fmt: skip
    body = rx.cond(
        M.done != "",
        rx.el.div(M.done, class_name="hp-alert hp-tone-success", role="status", id="pnd-done"),
        rx.cond(c.returned, choices, rx.el.p(
            "Cette carte n'est pas (ou plus) en pli non distribué. Suivez sa réexpédition dans « Mes demandes ».")),
    )  # fmt: skip
    return driver_shell(
        routes.CARDS,
        rx.el.p(rx.el.a("← Mes cartes", href=routes.CARDS)),
        rx.el.h1("Pli non distribué"),
        rx.cond(M.found, rx.cond(M.loaded, body, rx.cond(M.errors["_form"], form_alert(M.errors["_form"].to(str)),
                                                           rx.el.p("Chargement…"))),
                rx.el.p("Carte introuvable.", role="alert", id="not-found")),
    )  # fmt: skip
