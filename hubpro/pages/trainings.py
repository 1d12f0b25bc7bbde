"""« Mes formations » and « Mes certificats »."""

from __future__ import annotations

import reflex as rx

from hubpro import routes
from hubpro.components.links import file_links
from hubpro.components.status import badge
from hubpro.pages.driver import driver_shell
from hubpro.state.trainings import CertificatesState, TrainingsState

EMPTY_TRAININGS = (
    "Aucune formation pour le moment. Les récapitulatifs apparaissent ici dès que votre centre de "
    "formation agréé enregistre une formation terminée depuis le 1er février 2022 (FIMO, FCO, passerelle "
    "ou qualification initiale longue), avec le même numéro de permis et la même date de naissance que "
    "votre compte."
)


def _qualification(q) -> rx.Component:
    return rx.el.div(
        rx.el.h2("Qualification ", q["sector_label"].to(str)),
        rx.cond(
            q["valid"].to(bool),
            rx.el.p(badge("valide", "success"), " jusqu'au ", rx.el.strong(q["valid_until"].to(str))),
            rx.el.p(badge("expirée", "error"), " depuis le ", rx.el.strong(q["valid_until"].to(str))),
        ),
        rx.el.p(
            "Prochaine FCO à suivre avant le ",
            rx.el.strong(q["valid_until"].to(str)),
            ". Suivie à partir du ",
            q["early_from"].to(str),
            ", elle prolonge votre qualification sans perdre de jours.",
        ),
        rx.el.p(q["card"].to(str), class_name="hp-muted"),
        class_name="hp-card",
    )


def _training(t) -> rx.Component:
    name = rx.Var.create("le récapitulatif ") + t["type"].to(str) + " " + t["dates"].to(str)
    return rx.el.article(
        rx.el.h3(t["type"].to(str), " – ", t["sector_label"].to(str)),
        rx.el.p(t["dates"].to(str), " · ", t["hours"].to(str)),
        rx.el.p(t["centre"].to(str), class_name="hp-muted"),
        file_links(t["file"].to(str), name),
        class_name="hp-item training-item",
    )


def _sector_selector() -> rx.Component:
    def option(value: str, label: str) -> rx.Component:
        selected = TrainingsState.sector == value
        return rx.el.button(
            label,
            type="button",
            on_click=TrainingsState.choose_sector(value),
            class_name=rx.cond(selected, "hp-btn", "hp-btn hp-btn-secondary"),
            custom_attrs={"aria-pressed": rx.cond(selected, "true", "false")},
        )

    return rx.cond(
        TrainingsState.sectors.length() > 1,
        rx.el.div(
            option("marchandises", "Marchandises"),
            option("voyageurs", "Voyageurs"),
            class_name="hp-segmented",
            role="group",
            id="sector-selector",
            custom_attrs={"aria-label": "Qualification à consulter"},
        ),
    )


@rx.page(
    route=routes.TRAININGS,
    title="Mes formations – Mon espace Hub Pro Transport",
    on_load=TrainingsState.load,
)
def trainings() -> rx.Component:
    """Summary card, sector selector and the training summaries, newest first."""
    return driver_shell(
        routes.TRAININGS,
        rx.el.h1("Mes formations"),
        rx.el.div(rx.foreach(TrainingsState.summary, _qualification), class_name="hp-summary", id="qualification"),
        _sector_selector(),
        rx.cond(
            TrainingsState.items.length() > 0,
            rx.el.div(rx.foreach(TrainingsState.shown, _training), id="trainings"),
            rx.cond(
                TrainingsState.loaded,
                rx.el.div(EMPTY_TRAININGS, class_name="hp-alert hp-tone-info", id="trainings-empty"),
            ),
        ),
        rx.el.p(
            "Les récapitulatifs de formation initiale restent disponibles sans limite ; ceux de formation "
            "continue (FCO) pendant 6 ans après leur délivrance.",
            class_name="hp-muted",
        ),
    )


def _certificate(c) -> rx.Component:
    name = rx.Var.create("le certificat ") + c["reference"].to(str)
    return rx.el.article(
        rx.el.h2(
            "Certificat ",
            c["training"].to(str),
            " – ",
            c["sector_label"].to(str),
            " ",
            rx.cond(c["valid"].to(bool), badge("valide", "success"), badge("expiré", "error")),
        ),
        rx.el.p("Délivré le ", c["issued_on"].to(str), " · fin de formation le ", c["end_date"].to(str)),
        rx.el.p(rx.el.strong("Valable jusqu'au ", c["valid_until"].to(str))),
        rx.el.p("Référence ", c["reference"].to(str), class_name="hp-muted"),
        file_links(c["file"].to(str), name),
        class_name="hp-item certificate-item",
    )


@rx.page(
    route=routes.CERTIFICATES,
    title="Mes certificats – Mon espace Hub Pro Transport",
    on_load=CertificatesState.load,
)
def certificates() -> rx.Component:
    """Each certificate with its dates, its badge and its PDF."""
    return driver_shell(
        routes.CERTIFICATES,
        rx.el.h1("Mes certificats"),
        rx.el.p(
            "Votre certificat de qualification vous permet de conduire pendant 4 mois, en France, avec un "
            "titre d'identité, en attendant votre carte CQC : faites votre demande de carte pendant cette "
            "période."
        ),
        rx.cond(
            CertificatesState.items.length() > 0,
            rx.el.div(rx.foreach(CertificatesState.items, _certificate), id="certificates"),
            rx.cond(
                CertificatesState.loaded,
                rx.el.div(
                    "Aucun certificat pour le moment. Il arrive ici et par courrier électronique dès que votre "
                    "centre de formation enregistre votre formation.",
                    class_name="hp-alert hp-tone-info",
                ),
            ),
        ),
    )
