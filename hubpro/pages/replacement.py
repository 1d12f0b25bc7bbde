"""« Remplacement, Echange »: choose the card and the motif, then « Commencer »."""

from __future__ import annotations

import reflex as rx

from hubpro import routes
from hubpro.components.form import action_error, error_text
from hubpro.domain import replacements as motifs
from hubpro.domain.labels import MOTIF_SLUGS
from hubpro.pages.driver import driver_shell
from hubpro.state.replacement import ReplacementState as RS


def _card_choice(c) -> rx.Component:
    fid = "card-" + c.number
    return rx.el.label(
        rx.el.input(type="radio", name="card", value=c.number, id=fid),
        rx.el.span(rx.el.strong("Carte n° ", c.number), rx.el.br(), c.label, " – valable jusqu'au ", c.expires),
        html_for=fid,
        class_name="hp-tile",
    )


@rx.page(route=routes.REPLACEMENT, title="Remplacement, Echange – Hub Pro Transport", on_load=RS.load)
def replacement_start() -> rx.Component:
    """Choose the card and the motif."""
    form = rx.el.form(
        rx.el.fieldset(
            rx.el.legend("Carte à remplacer"),
            rx.el.div(rx.foreach(RS.cards, _card_choice), class_name="hp-tiles"),
            error_text("f-card", RS.errors["card"].to(str)),
            class_name="hp-radio-group",
        ),
        rx.el.fieldset(
            rx.el.legend("Motif"),
            rx.el.div(
                *[
                    rx.el.label(
                        rx.el.input(type="radio", name="motif", value=m.key.value, id=f"motif-{MOTIF_SLUGS[m.key]}"),
                        rx.el.span(rx.el.strong(m.label), rx.el.br(), m.summary),
                        html_for=f"motif-{MOTIF_SLUGS[m.key]}",
                        class_name="hp-tile",
                    )
                    for m in motifs.MOTIFS
                ],
                class_name="hp-tiles",
            ),
            error_text("f-motif", RS.errors["motif"].to(str)),
            class_name="hp-radio-group",
        ),
        rx.el.p(
            "Frais : 36,00 € TTC pour une perte, un vol ou un échange ; gratuit si le défaut de qualité vient de "
            "l'opérateur.",
            class_name="hp-muted",
        ),
        action_error(RS.errors),
        rx.el.button(
            rx.cond(RS.busy, "Ouverture…", "Commencer"),
            type="submit",
            disabled=RS.busy,
            class_name="hp-btn hp-btn-block",
            id="start-replacement",
        ),
        on_submit=RS.start,
        reset_on_submit=False,
    )
    return driver_shell(
        routes.REQUESTS,
        rx.el.p(rx.el.a("← Mes demandes", href=routes.REQUESTS)),
        rx.el.h1("Remplacement, Echange"),
        rx.cond(
            RS.cards.length() > 0,
            form,
            rx.cond(
                RS.loaded,
                rx.el.div(
                    "Aucune carte à remplacer : une carte doit avoir été expédiée pour pouvoir être remplacée.",
                    class_name="hp-alert hp-tone-info",
                ),
                action_error(RS.errors),
            ),
        ),
    )
