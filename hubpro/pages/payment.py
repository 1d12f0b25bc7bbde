"""Payment page (Stripe.js card element) and « Mes factures »."""

from __future__ import annotations

import reflex as rx

from hubpro import routes
from hubpro.components.links import file_links
from hubpro.components.status import badge
from hubpro.pages.driver import driver_shell
from hubpro.state.invoices import InvoicesState
from hubpro.state.payment import PaymentState as P


@rx.page(
    route=routes.PAYMENT_PAGE,
    title="Paiement – Hub Pro Transport",
    on_load=P.load,
)
def payment() -> rx.Component:
    """Card payment; paid only once the server has Stripe's confirmation."""
    form = rx.fragment(
        rx.cond(
            P.sandbox,
            rx.el.div(
                rx.el.strong("Mode test : "),
                "aucun paiement réel. Carte acceptée : 4242 4242 4242 4242, une date future, "
                "n'importe quel cryptogramme ; carte refusée : 4000 0000 0000 0341 ; "
                "carte avec authentification 3-D Secure : 4000 0027 6000 3184.",
                class_name="hp-alert hp-tone-info",
                id="sandbox-notice",
            ),
        ),
        rx.el.p("Montant : ", rx.el.strong(P.amount, id="amount")),
        rx.el.p(P.designation, class_name="hp-muted"),
        rx.el.label("Carte bancaire", html_for="card-element", class_name="hp-label"),
        rx.el.div(id="card-element", class_name="hp-card-element"),
        rx.el.p(
            "Vos données de carte sont transmises directement à notre prestataire de paiement Stripe : "
            "elles ne passent pas par nos serveurs.",
            class_name="hp-hint",
        ),
        rx.cond(P.message, rx.el.div(P.message, class_name="hp-alert hp-tone-error", role="alert", id="pay-error")),
        rx.el.button(
            rx.cond(P.busy, "Paiement en cours…", rx.Var.create("Payer ") + P.amount),
            type="button",
            on_click=P.start,
            disabled=P.busy,
            class_name="hp-btn hp-btn-block",
            id="pay",
        ),
    )
    done = rx.el.div(
        rx.el.h2("Paiement reçu, merci"),
        rx.el.p(
            "Votre nouvelle carte part en fabrication. Votre facture vous est envoyée par courrier électronique "
            "et son duplicata est dans « Mes factures »."
        ),
        rx.el.a("Mes factures", href=routes.INVOICES, class_name="hp-btn"),
        class_name="hp-alert hp-tone-success",
        role="status",
        id="paid",
    )
    return driver_shell(
        routes.REQUESTS,
        rx.script(src=routes.PAYMENT_SCRIPT),
        rx.el.p(rx.el.a("← Mes demandes", href=routes.REQUESTS)),
        rx.el.h1("Paiement"),
        rx.cond(
            P.found,
            rx.cond(
                P.loaded,
                rx.cond(P.paid, done, form),
                rx.cond(
                    P.message,
                    rx.el.div(P.message, class_name="hp-alert hp-tone-error", role="alert", id="pay-error"),
                    rx.el.p("Chargement…"),
                ),
            ),
            rx.el.p("Paiement introuvable.", role="alert", id="not-found"),
        ),
    )


def _invoice(i) -> rx.Component:
    return rx.el.article(
        rx.el.h2("Facture ", i["number"]),
        rx.el.p(i["date"], " · ", rx.el.strong(i["amount"])),
        rx.el.p(i["motif"], class_name="hp-muted"),
        rx.cond(
            i["file"] != "",
            file_links(i["file"], rx.Var.create("le duplicata de la facture ") + i["number"]),
            rx.el.p(
                badge("en préparation", "info"),
                " Le duplicata sera disponible dans quelques instants.",
                class_name="invoice-pending",
                role="status",
            ),
        ),
        class_name="hp-item invoice-item",
    )


@rx.page(
    route=routes.INVOICES,
    title="Mes factures – Mon espace Hub Pro Transport",
    on_load=InvoicesState.load,
)
def invoices() -> rx.Component:
    """Duplicates of the driver's invoices (10 years)."""
    return driver_shell(
        routes.INVOICES,
        rx.el.h1("Mes factures"),
        rx.el.p(
            "L'original de chaque facture vous est envoyé par courrier électronique ; le duplicata reste "
            "disponible ici pendant 10 ans."
        ),
        rx.cond(
            InvoicesState.items.length() > 0,
            rx.el.div(rx.foreach(InvoicesState.items, _invoice), id="invoices"),
            rx.cond(
                InvoicesState.loaded,
                rx.el.div(
                    "Aucune facture pour le moment. Une facture est émise pour "
                    "chaque paiement (remplacement de carte, réexpédition).",
                    class_name="hp-alert hp-tone-info",
                ),
            ),
        ),
    )
