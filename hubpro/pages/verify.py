"""Public pages: « Vérification d'un titre » (a QR code scanned at the roadside) and the employer's check."""

from __future__ import annotations

import reflex as rx

from hubpro import routes
from hubpro.components.form import form_alert, input_field, submit_button
from hubpro.components.layout import loading, public_page
from hubpro.state.verify import ShareCheckState, TitleCheckState


def _row(term: str, value) -> rx.Component:
    return rx.fragment(rx.el.dt(term), rx.el.dd(rx.cond(value, value, "—")))


@rx.page(route=routes.VERIFY_TITLE, title="Vérification d'un titre – Hub Pro Transport", on_load=TitleCheckState.load)
def verify_title() -> rx.Component:
    """What a roadside check needs, in large type; the same shape for a title found or not."""
    r = TitleCheckState.result
    return public_page(
        rx.el.h1("Vérification d'un titre"),
        rx.cond(
            TitleCheckState.loaded,
            rx.el.section(
                rx.el.p(
                    rx.cond(r.found, r.state, rx.cond(r.limited, "Vérification impossible", "Titre introuvable")),
                    id="title-state",
                    class_name=rx.cond(r.ok, "hp-verify-state hp-verify-ok", "hp-verify-state hp-verify-ko"),
                    role="status",
                ),
                rx.cond(r.limited, rx.el.p(r.limited, class_name="hp-verify-note")),
                rx.el.dl(
                    _row("Titre", r.kind),
                    _row("Titulaire", r.holder),
                    _row("Date de naissance", r.born),
                    _row("Secteur", r.sectors),
                    _row("Valable du", r.valid_from),
                    _row("Valable jusqu'au", r.valid_until),
                    _row("Vérifié", r.checked_at),
                    class_name="hp-verify-dl",
                    id="title-facts",
                ),
                rx.el.p(
                    rx.cond(
                        r.found,
                        "Comparez le nom et la date de naissance avec une pièce d'identité.",
                        "Ce code ne correspond à aucun titre en cours. Le titre présenté ne peut pas être vérifié.",
                    ),
                    class_name="hp-verify-note",
                ),
                class_name="hp-verify",
                id="title-check",
            ),
            loading(),
        ),
    )


def _training(t) -> rx.Component:
    return rx.el.li(
        rx.el.strong(t.type, " – ", t.sector),
        rx.el.br(),
        t.dates,
        ", ",
        t.hours,
        rx.el.br(),
        t.centre,
    )


@rx.page(
    route=routes.VERIFY,
    title="Vérifier la qualification d'un conducteur – Hub Pro Transport",
    on_load=ShareCheckState.on_load,
)
def verify_share() -> rx.Component:
    """The employer's form (code + birth name) and, on a match, the qualification summary."""
    s = ShareCheckState.summary
    return public_page(
        rx.el.h1("Vérifier la qualification d'un conducteur"),
        rx.el.p(
            "Le conducteur vous a transmis un code de 8 caractères depuis son espace Hub Pro Transport. "
            "Saisissez-le avec son nom de naissance."
        ),
        rx.el.form(
            input_field(
                ShareCheckState.errors,
                "code",
                "Code de partage",
                hint="8 caractères, par exemple ABCD-EF23",
                prefix="share",
                spell_check=False,
                auto_capitalize="characters",
            ),
            input_field(ShareCheckState.errors, "birth_name", "Nom de naissance du conducteur", prefix="share"),
            submit_button("Vérifier", ShareCheckState.busy, "Vérification…", id="share-submit"),
            on_submit=ShareCheckState.submit,
            no_validate=True,
            reset_on_submit=False,
        ),
        form_alert(ShareCheckState.message, id="share-message"),
        rx.el.span(id="share-attempts", custom_attrs={"data-attempt": ShareCheckState.attempts}, hidden=True),
        rx.cond(
            ShareCheckState.shown,
            rx.el.section(
                rx.el.h2("Qualification de ", s.holder),
                rx.el.h3("Secteurs"),
                rx.el.ul(rx.foreach(s.sectors, lambda line: rx.el.li(line)), id="share-sectors"),
                rx.el.h3("Carte de qualification de conducteur"),
                rx.el.p(rx.cond(s.card, s.card, "Aucune carte délivrée pour le moment."), id="share-card"),
                rx.el.h3("Formations"),
                rx.el.ul(rx.foreach(s.trainings, _training), id="share-trainings"),
                class_name="hp-card hp-stack",
                id="share-summary",
            ),
        ),
    )
