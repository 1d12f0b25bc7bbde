"""The replacement steps of a request: declaration, addresses, récapitulatif, and after validation."""

from __future__ import annotations

import reflex as rx

from hubpro import routes
from hubpro.components.form import action_error, error_text, input_field
from hubpro.components.links import backend_link, file_links
from hubpro.domain import replacements as motifs
from hubpro.pages.request_parts import delivery_fields, problems, status_line, upload_box
from hubpro.state.replacement_steps import ReplacementStepsState as R
from hubpro.state.request_page import RequestPageState as P

STEP_LABELS = {
    "declaration": "Votre déclaration",
    "addresses": "Adresses de livraison et de facturation",
    "summary": "Récapitulatif",
}


def _stepper() -> rx.Component:
    label = rx.match(P.step, *[(k, v) for k, v in STEP_LABELS.items()], "")
    return rx.el.div(
        rx.el.p("Étape ", P.replacement_step, " sur 3", class_name="hp-muted", id="step-count"),
        rx.el.h2(label, style={"marginTop": "0"}),
        class_name="hp-stepper",
    )


def _extra_box(kind: str) -> rx.Component:
    label, hint = motifs.EXTRA_DOCS[kind]
    return rx.cond(P.view.doc_kind == kind, upload_box(kind, label, hint, False))


def _declaration() -> rx.Component:
    v = P.view
    d = v.declaration
    commitment = rx.el.div(
        rx.el.input(type="checkbox", id="f-commitment", name="commitment", default_checked=d.commitment,
                    on_change=lambda c: P.autosave("commitment", c),
                    custom_attrs={"aria-invalid": rx.cond(P.errors["commitment"].to(str), "true", "false"),
                                  "aria-describedby": rx.cond(P.errors["commitment"].to(str), "f-commitment-err", "")}),
        rx.el.label(motifs.COMMITMENT, html_for="f-commitment"),
        class_name="hp-check",
    )  # fmt: skip
    defects = rx.el.fieldset(
        rx.el.legend("Éléments défectueux"),
        *[
            rx.el.div(
                rx.el.input(type="checkbox", id=f"f-defect_{k}", name=f"defect_{k}",
                            default_checked=d.defect_keys.contains(k),
                            on_change=lambda c, k=k: P.autosave(f"defect_{k}", c)),
                rx.el.label(label, html_for=f"f-defect_{k}"),
                class_name="hp-check",
            )
            for k, label in motifs.DEFECTS.items()
        ],
        error_text("f-defects", P.errors["defects"].to(str)),
        class_name="hp-radio-group",
    )  # fmt: skip
    return rx.el.form(
        rx.cond(v.declaration_intro, rx.el.p(v.declaration_intro)),
        rx.cond(v.asks_commitment, commitment),
        rx.cond(v.asks_defects, defects),
        error_text("f-commitment", P.errors["commitment"].to(str)),
        input_field(P.errors, "detail", v.detail_label, required=False, default_value=d.detail,
                    on_blur=lambda value: P.autosave("detail", value)),
        *[_extra_box(kind) for kind in motifs.EXTRA_DOCS],
        rx.el.div(
            action_error(P.errors),
            rx.el.button("Enregistrer et continuer", type="submit", class_name="hp-btn", id="next-declaration"),
            class_name="hp-actions",
        ),
        on_submit=R.save_declaration,
        reset_on_submit=False,
        no_validate=True,
    )  # fmt: skip


def _back(step: str) -> rx.Component:
    return rx.el.button("Étape précédente", type="button", on_click=R.go(step), class_name="hp-btn hp-btn-secondary")


def _addresses() -> rx.Component:
    other = P.view.billing_form
    return rx.el.form(
        rx.el.h3("Adresse de livraison"),
        delivery_fields(),
        rx.el.h3("Adresse de facturation"),
        rx.el.div(
            rx.el.input(type="checkbox", id="f-billing_same", name="billing_same", default_checked=P.view.billing_same,
                        on_change=lambda c: P.autosave("billing_same", c)),
            rx.el.label("Identique à l'adresse de livraison, à mon nom", html_for="f-billing_same"),
            class_name="hp-check",
        ),
        input_field(P.errors, "billing_name", "Nom sur la facture (si différente)", required=False,
                    default_value=other.name, on_blur=lambda v: P.autosave("billing_name", v)),
        input_field(P.errors, "billing_address", "Adresse de facturation (si différente)", required=False,
                    hint="Voie, code postal et commune.", default_value=other.address,
                    on_blur=lambda v: P.autosave("billing_address", v)),
        rx.el.div(
            action_error(P.errors),
            _back("declaration"),
            rx.el.button("Enregistrer et continuer", type="submit", class_name="hp-btn", id="next-addresses"),
            class_name="hp-actions",
        ),
        on_submit=R.save_addresses,
        reset_on_submit=False,
        no_validate=True,
    )  # fmt: skip


def _summary_document(doc) -> rx.Component:
    view_link = backend_link(
        "Voir", path=routes.FILE_PREFIX + doc.file, target="_blank", rel="noopener", class_name="hp-link-btn",
        custom_attrs={"aria-label": rx.Var.create("Voir ") + doc.label + " (nouvel onglet)"},
    )  # fmt: skip
    return rx.el.li(doc.label, " : ", rx.cond(doc.file, rx.fragment(doc.name, " ", view_link), "manquant"))


def _edit(editable: bool, step: str) -> rx.Component:
    if not editable:
        return rx.fragment()
    return rx.el.button("Modifier", type="button", on_click=R.go(step), class_name="hp-link-btn")


def _summary(editable: bool) -> rx.Component:
    """What the driver validates (every step reopenable until validation)."""
    v = P.view
    d, dec = v.delivery, v.declaration
    documents = rx.el.div(
        rx.el.h3("Pièce justificative"),
        rx.el.ul(rx.foreach(v.summary_documents, _summary_document)),
        _edit(editable, "declaration"),
        class_name="hp-card",
        id="summary-documents",
    )
    return rx.fragment(
        rx.el.div(
            rx.el.h3("Motif : ", v.motif_label),
            rx.el.p("Carte n° ", v.old_card),
            rx.cond(dec.commitment, rx.el.p("✓ ", motifs.COMMITMENT)),
            rx.cond(dec.defects, rx.el.p("Défauts : ", dec.defects)),
            rx.cond(dec.detail, rx.el.p("Précisions : ", dec.detail)),
            _edit(editable, "declaration"),
            class_name="hp-card",
        ),
        rx.cond(v.summary_documents.length() > 0, documents),
        rx.el.div(
            rx.el.h3("Livraison"),
            rx.el.p(d.delivery_address, ", ", d.delivery_postal_code, " ", d.delivery_city),
            rx.el.h3("Facturation"),
            rx.el.p(v.billing_name, " – ", v.billing_address),
            _edit(editable, "addresses"),
            class_name="hp-card",
        ),
        rx.el.p("Montant : ", rx.el.strong(v.fee), id="fee"),
    )


def _summary_step() -> rx.Component:
    return rx.fragment(
        _summary(True),
        problems(),
        rx.el.div(
            _back("addresses"),
            rx.el.button(
                rx.cond(P.busy, "Validation…", P.view.submit_label),
                type="button",
                on_click=R.submit,
                disabled=P.busy,
                class_name="hp-btn",
                id="submit-replacement",
            ),
            action_error(P.errors),
            class_name="hp-actions",
        ),
    )


def draft() -> rx.Component:
    """The three steps of a replacement draft."""
    return rx.fragment(
        _stepper(),
        rx.match(P.step, ("addresses", _addresses()), ("summary", _summary_step()), _declaration()),
    )


def show() -> rx.Component:
    """After validation: status, then pay, or post the card back, and the récapitulatif."""
    coupon = rx.el.div(
        rx.el.p(rx.el.strong("Envoyez votre carte défectueuse par La Poste avec le coupon retour. ")),
        rx.el.p(
            "Imprimez le coupon (adresse, référence et code-barres), glissez-le avec la carte dans une "
            "enveloppe et postez-la. L'analyse commence à réception."
        ),
        file_links(P.view.coupon, "le coupon retour"),
        class_name="hp-alert hp-tone-warning",
        id="coupon",
    )
    return rx.fragment(
        status_line(),
        rx.cond(
            P.view.pay_href,
            rx.el.a("Payer ", P.view.fee, href=P.view.pay_href, class_name="hp-btn hp-btn-block", id="go-pay"),
        ),
        rx.cond(P.view.coupon, coupon),
        _summary(False),
    )
