"""« Mes cartes »: each card as the front of a CQC card, phone-sized."""

from __future__ import annotations

import reflex as rx

from hubpro import routes
from hubpro.components.links import backend_href, backend_link
from hubpro.components.status import badge
from hubpro.pages.driver import driver_shell
from hubpro.state.cards import CardsState


def _line(num: str, value) -> rx.Component:
    return rx.el.p(rx.el.span(num, class_name="cqc-num"), value, class_name="cqc-line")


def card_visual(c) -> rx.Component:
    """The front of the EU driver qualification card (model of directive 2003/59/EC annex II)."""
    return rx.el.figure(
        rx.el.div(
            rx.el.div(
                rx.el.span("FR", class_name="cqc-flag"),
                rx.el.span("CARTE DE QUALIFICATION DE CONDUCTEUR", class_name="cqc-title"),
                class_name="cqc-head",
            ),
            rx.el.div(
                rx.cond(
                    c.photo,
                    rx.el.img(
                        src=backend_href(routes.FILE_PREFIX + c.photo),
                        alt="Photo du titulaire",
                        class_name="cqc-photo",
                    ),
                    rx.el.div("photo", class_name="cqc-photo"),
                ),
                rx.el.div(
                    _line("1.", c.name),
                    rx.cond(c.birth_name, _line("1.", rx.el.span("née/né ", c.birth_name))),
                    _line("2.", c.first_names),
                    _line("3.", c.born),
                    _line("4a.", c.issued),
                    _line("4b.", c.expires),
                    _line("4c.", "Hub Pro Transport – Imprimerie Nationale"),
                    _line("5a.", c.licence),
                    _line("5b.", rx.el.strong(c.number)),
                    _line("10.", rx.el.span(c.categories, " – code 95")),
                    class_name="cqc-fields",
                ),
                class_name="cqc-body",
            ),
            class_name="cqc-card",
        ),
        rx.el.figcaption("Carte n° ", c.number, " ", badge(c.label, c.tone), class_name="cqc-caption"),
        rx.cond(
            c.qr,
            rx.el.div(
                rx.el.img(
                    src=c.qr, alt=rx.Var.create("Code QR de vérification de la carte ") + c.number, class_name="hp-qr"
                ),
                rx.el.p("Un contrôleur scanne ce code pour vérifier votre carte en ligne.", class_name="hp-muted"),
                class_name="cqc-qr",
            ),
        ),
        rx.el.p(
            backend_link(
                "Télécharger la carte (PDF)",
                path=c.pdf + routes.DOWNLOAD_QUERY,
                class_name="hp-btn hp-btn-secondary",
                custom_attrs={
                    "aria-label": rx.Var.create("Télécharger la carte ") + c.number + " (PDF)",
                    "download": "",
                },
            )
        ),
        rx.cond(
            c.returned_href,
            rx.el.p(
                rx.el.a(
                    "pli non distribué",
                    href=c.returned_href,
                    class_name="hp-btn hp-btn-secondary",
                    custom_attrs={"aria-label": "pli non distribué : choisir une solution"},
                )
            ),
        ),
        class_name="cqc",
        custom_attrs={"data-number": c.number},
    )


@rx.page(route=routes.CARDS, title="Mes cartes – Mon espace Hub Pro Transport", on_load=CardsState.load)
def cards() -> rx.Component:
    """The driver's cards and their status."""
    return driver_shell(
        routes.CARDS,
        rx.el.h1("Mes cartes"),
        rx.cond(
            CardsState.cards.length() > 0,
            rx.el.div(rx.foreach(CardsState.cards, card_visual), id="cards"),
            rx.cond(
                CardsState.loaded,
                rx.el.div(
                    "Aucune carte pour le moment. Votre carte apparaît ici dès que votre demande est validée : "
                    "faites-la depuis « Mes demandes ».",
                    class_name="hp-alert hp-tone-info",
                ),
            ),
        ),
    )
