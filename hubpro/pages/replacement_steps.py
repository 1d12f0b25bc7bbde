"""The replacement steps of a request: declaration, addresses, récapitulatif, and after validation."""

from __future__ import annotations

import reflex as rx

from hubpro import routes
from hubpro.components.form import action_error, error_text, input_field
from hubpro.components.links import backend_link, file_links
from hubpro.domain import replacements as motifs
from hubpro.state.request_form import RequestFormState as F

STEP_LABELS = {
    "declaration": "Votre déclaration",
    "addresses": "Adresses de livraison et de facturation",
    "summary": "Récapitulatif",
}


def _stepper() -> rx.Component:
    number = rx.match(F.step, ("declaration", "1"), ("addresses", "2"), ("summary", "3"), "1")
    label = rx.match(F.step, *[(k, v) for k, v in STEP_LABELS.items()], "")
    return rx.el.div(
        rx.el.p("Étape ", number, " sur 3", class_name="hp-muted", id="step-count"),
        rx.el.h2(label, style={"marginTop": "0"}),
        class_name="hp-stepper",
    )


def _declaration(upload_box) -> rx.Component:
    motif = F.data["motif"].to(str)
    d = F.data["declaration"].to(dict)
    commitment = rx.el.div(
        rx.el.input(
            type="checkbox",
            id="f-commitment",
            name="commitment",
            default_checked=d["commitment"].to(bool),
            on_change=lambda v: F.autosave("commitment", v),
        ),
        rx.el.label(motifs.COMMITMENT, html_for="f-commitment"),
        class_name="hp-check",
    )
    defects = rx.el.fieldset(
        rx.el.legend("Éléments défectueux"),
        *[
            rx.el.div(
                rx.el.input(
                    type="checkbox",
                    id=f"f-defect_{k}",
                    name=f"defect_{k}",
                    default_checked=d["defect_keys"].to(list[str]).contains(k),
                    on_change=lambda v, k=k: F.autosave(f"defect_{k}", v),
                ),
                rx.el.label(v, html_for=f"f-defect_{k}"),
                class_name="hp-check",
            )
            for k, v in motifs.DEFECTS.items()
        ],
        error_text("f-defects", F.errors["defects"].to(str)),
        class_name="hp-radio-group",
    )
    return rx.el.form(
        rx.match(
            motif,
            (
                "perte",
                rx.fragment(
                    rx.el.p("Je déclare la perte de ma carte n° ", F.data["old_card"].to(str), "."), commitment
                ),
            ),
            (
                "vol",
                rx.fragment(rx.el.p("Je déclare le vol de ma carte n° ", F.data["old_card"].to(str), "."), commitment),
            ),
            ("qualite", defects),
            rx.el.p("Je demande l'échange de ma carte n° ", F.data["old_card"].to(str), " suite à un changement."),
        ),
        error_text("f-commitment", F.errors["commitment"].to(str)),
        input_field(
            F.errors,
            "detail",
            rx.match(motif, ("echange", "Ce qui a changé"), "Précisions"),
            required=False,
            default_value=d["detail"].to(str),
            on_blur=lambda v: F.autosave("detail", v),
        ),
        rx.cond(F.data["doc_kind"].to(str) == "theft_declaration", upload_box("theft_declaration")),
        rx.cond(F.data["doc_kind"].to(str) == "exchange_proof", upload_box("exchange_proof")),
        rx.el.div(
            action_error(F.errors),
            rx.el.button("Enregistrer et continuer", type="submit", class_name="hp-btn", id="next-declaration"),
            class_name="hp-actions",
        ),
        on_submit=F.save_declaration,
        reset_on_submit=False,
        no_validate=True,
    )


def delivery_fields() -> rx.Component:
    """Delivery address fields of a draft (prefilled; each kept in the draft when the driver leaves it)."""
    d = F.data["delivery"].to(dict)
    return rx.fragment(
        input_field(
            F.errors,
            "delivery_address",
            "Adresse",
            autocomplete="street-address",
            default_value=d["delivery_address"].to(str),
            on_blur=lambda v: F.autosave("delivery_address", v),
        ),
        input_field(
            F.errors,
            "delivery_postal_code",
            "Code postal",
            inputmode="numeric",
            autocomplete="postal-code",
            default_value=d["delivery_postal_code"].to(str),
            on_blur=lambda v: F.autosave("delivery_postal_code", v),
        ),
        input_field(
            F.errors,
            "delivery_city",
            "Commune",
            autocomplete="address-level2",
            default_value=d["delivery_city"].to(str),
            on_blur=lambda v: F.autosave("delivery_city", v),
        ),
    )


def _addresses() -> rx.Component:
    other = F.data["billing_form"].to(dict)
    return rx.el.form(
        rx.el.h3("Adresse de livraison"),
        delivery_fields(),
        rx.el.h3("Adresse de facturation"),
        rx.el.div(
            rx.el.input(
                type="checkbox",
                id="f-billing_same",
                name="billing_same",
                default_checked=F.data["billing_same"].to(bool),
                on_change=lambda v: F.autosave("billing_same", v),
            ),
            rx.el.label("Identique à l'adresse de livraison, à mon nom", html_for="f-billing_same"),
            class_name="hp-check",
        ),
        input_field(
            F.errors,
            "billing_name",
            "Nom sur la facture (si différente)",
            required=False,
            default_value=other["name"].to(str),
            on_blur=lambda v: F.autosave("billing_name", v),
        ),
        input_field(
            F.errors,
            "billing_address",
            "Adresse de facturation (si différente)",
            required=False,
            hint="Voie, code postal et commune.",
            default_value=other["address"].to(str),
            on_blur=lambda v: F.autosave("billing_address", v),
        ),
        rx.el.div(
            action_error(F.errors),
            rx.el.button(
                "Étape précédente",
                type="button",
                on_click=F.go_replacement("declaration"),
                class_name="hp-btn hp-btn-secondary",
            ),
            rx.el.button("Enregistrer et continuer", type="submit", class_name="hp-btn", id="next-addresses"),
            class_name="hp-actions",
        ),
        on_submit=F.save_addresses,
        reset_on_submit=False,
        no_validate=True,
    )


def _summary_document(doc) -> rx.Component:
    return rx.el.li(
        doc["label"],
        " : ",
        rx.cond(
            doc["file"],
            rx.fragment(
                doc["name"],
                " ",
                backend_link(
                    "Voir",
                    path="/api/fichiers/" + doc["file"],
                    target="_blank",
                    rel="noopener",
                    class_name="hp-link-btn",
                    custom_attrs={"aria-label": rx.Var.create("Voir ") + doc["label"] + " (nouvel onglet)"},
                ),
            ),
            "manquant",
        ),
    )


def _summary_documents(edit) -> rx.Component:
    return rx.el.div(
        rx.el.h3("Pièce justificative"),
        rx.el.ul(rx.foreach(F.data["summary_documents"].to(list[dict[str, str]]), _summary_document)),
        edit("declaration"),
        class_name="hp-card",
        id="summary-documents",
    )


def replacement_summary(editable: bool) -> rx.Component:
    """What the driver validates (every step reopenable until validation)."""
    d = F.data["delivery"].to(dict)
    dec = F.data["declaration"].to(dict)

    def edit(step: str):
        return (
            rx.el.button("Modifier", type="button", on_click=F.go_replacement(step), class_name="hp-link-btn")
            if editable
            else rx.fragment()
        )

    return rx.fragment(
        rx.el.div(
            rx.el.h3("Motif : ", F.data["motif_label"].to(str)),
            rx.el.p("Carte n° ", F.data["old_card"].to(str)),
            rx.cond(dec["commitment"].to(bool), rx.el.p("✓ ", motifs.COMMITMENT)),
            rx.cond(dec["defects"].to(str), rx.el.p("Défauts : ", dec["defects"].to(str))),
            rx.cond(dec["detail"].to(str), rx.el.p("Précisions : ", dec["detail"].to(str))),
            edit("declaration"),
            class_name="hp-card",
        ),
        rx.cond(F.data["summary_documents"].to(list).length() > 0, _summary_documents(edit)),
        rx.el.div(
            rx.el.h3("Livraison"),
            rx.el.p(
                d["delivery_address"].to(str), ", ", d["delivery_postal_code"].to(str), " ", d["delivery_city"].to(str)
            ),
            rx.el.h3("Facturation"),
            rx.el.p(F.data["billing_name"].to(str), " – ", F.data["billing_address"].to(str)),
            edit("addresses"),
            class_name="hp-card",
        ),
        rx.el.p("Montant : ", rx.el.strong(F.data["fee"].to(str)), id="fee"),
    )


def replacement_draft(upload_box, problems) -> rx.Component:
    """The three steps of a replacement draft."""
    return rx.fragment(
        _stepper(),
        rx.match(
            F.step,
            ("addresses", _addresses()),
            (
                "summary",
                rx.fragment(
                    replacement_summary(True),
                    problems,
                    rx.el.div(
                        rx.el.button(
                            "Étape précédente",
                            type="button",
                            on_click=F.go_replacement("addresses"),
                            class_name="hp-btn hp-btn-secondary",
                        ),
                        rx.el.button(
                            rx.cond(
                                F.busy,
                                "Validation…",
                                rx.cond(F.data["motif"].to(str) == "qualite", "Valider ma demande", "Valider et payer"),
                            ),
                            type="button",
                            on_click=F.submit_replacement,
                            disabled=F.busy,
                            class_name="hp-btn",
                            id="submit-replacement",
                        ),
                        action_error(F.errors),
                        class_name="hp-actions",
                    ),
                ),
            ),
            _declaration(upload_box),
        ),
    )


def replacement_show() -> rx.Component:
    """After validation: pay, or what happens next."""
    status = F.data["status"].to(str)
    return rx.fragment(
        rx.cond(
            status == "awaiting_payment",
            rx.el.a(
                "Payer ",
                F.data["fee"].to(str),
                href=rx.Var.create(routes.PAYMENT + "/") + F.data["payment"].to(str),
                class_name="hp-btn hp-btn-block",
                id="go-pay",
            ),
        ),
        rx.cond(
            status == "awaiting_card",
            rx.el.div(
                rx.el.p(rx.el.strong("Envoyez votre carte défectueuse par La Poste avec le coupon retour. ")),
                rx.el.p(
                    "Imprimez le coupon (adresse, référence et code-barres), glissez-le avec la carte dans une "
                    "enveloppe et postez-la. L'analyse commence à réception."
                ),
                file_links(F.data["declaration"].to(dict)["coupon"].to(str), "le coupon retour"),
                class_name="hp-alert hp-tone-warning",
                id="coupon",
            ),
        ),
        replacement_summary(False),
    )
