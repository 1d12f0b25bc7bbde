"""A CQC card request's page body: the four steps, « Répondre », and the read-only « Afficher »."""

from __future__ import annotations

import reflex as rx

from hubpro import routes
from hubpro.components.form import action_error, error_text, input_field
from hubpro.components.links import backend_href
from hubpro.domain import card_requests as rules
from hubpro.pages.request_parts import delivery_fields, problems, status_line, upload_box
from hubpro.state.card_request import CardRequestState as C
from hubpro.state.request_page import RequestPageState as P


def _stepper() -> rx.Component:
    label = rx.match(P.step, *[(s, rules.STEP_LABELS[s]) for s in rules.STEPS], "")
    following = rx.match(P.step, *[(s, rules.next_step_label(s)) for s in rules.STEPS], "")
    bars = [rx.el.span(class_name=rx.cond(P.step_index >= i + 1, "hp-done", "")) for i in range(len(rules.STEPS))]
    return rx.el.div(
        rx.el.p("Étape ", P.step_index, f" sur {len(rules.STEPS)}", class_name="hp-muted", id="step-count"),
        rx.el.h2(label, style={"marginTop": "0"}),
        rx.el.div(*bars, class_name="hp-steps", custom_attrs={"aria-hidden": "true"}),
        rx.cond(following != "", rx.el.p(following, class_name="hp-muted")),
        class_name="hp-stepper",
    )


def _nav(back: str) -> rx.Component:
    return rx.el.button("Étape précédente", type="button", on_click=C.go(back), class_name="hp-btn hp-btn-secondary")


def _box(spec: rules.DocSpec) -> rx.Component:
    return upload_box(spec.kind.value, spec.label, spec.hint, spec.images_only)


def _identity_step() -> rx.Component:
    return rx.el.form(
        rx.el.p("Ces informations viennent de votre compte et seront imprimées sur votre carte."),
        rx.el.dl(
            rx.foreach(P.view.identity, lambda r: rx.fragment(rx.el.dt(r.label), rx.el.dd(r.value))),
            class_name="hp-dl hp-card",
        ),
        rx.el.div(
            rx.el.input(type="checkbox", id="f-identity_confirmed", name="identity_confirmed",
                        default_checked=P.view.identity_confirmed,
                        custom_attrs={"aria-invalid": rx.cond(P.errors["identity"].to(str), "true", "false"),
                                      "aria-describedby": rx.cond(P.errors["identity"].to(str), "f-identity-err", "")}),
            rx.el.label("Je confirme que ces informations sont exactes.", html_for="f-identity_confirmed"),
            class_name="hp-check",
        ),
        input_field(
            P.errors, "identity_report", "Signaler une erreur", required=False, default_value=P.view.identity_report,
            on_blur=lambda v: P.autosave("identity_report", v),
            hint="Décrivez ce qui est faux : l'opérateur le vérifiera avec vos pièces.",
        ),
        error_text("f-identity", P.errors["identity"].to(str)),
        rx.el.div(
            action_error(P.errors),
            rx.el.button("Enregistrer et continuer", type="submit", class_name="hp-btn", id="next-identity"),
            class_name="hp-actions",
        ),
        on_submit=C.save_identity,
        reset_on_submit=False,
        no_validate=True,
    )  # fmt: skip


def _documents_step() -> rx.Component:
    return rx.fragment(
        *[_box(spec) for spec in rules.DOCUMENTS],
        rx.el.div(
            action_error(P.errors),
            _nav("identity"),
            rx.el.button(
                "Continuer", type="button", on_click=C.go("delivery"), class_name="hp-btn", id="next-documents"
            ),
            class_name="hp-actions",
        ),
    )


def _delivery_step() -> rx.Component:
    return rx.el.form(
        rx.el.p("Votre carte sera envoyée par La Poste à cette adresse (celle de votre compte, modifiable)."),
        delivery_fields(),
        rx.el.div(
            action_error(P.errors),
            _nav("documents"),
            rx.el.button("Enregistrer et continuer", type="submit", class_name="hp-btn", id="next-delivery"),
            class_name="hp-actions",
        ),
        on_submit=C.save_delivery,
        reset_on_submit=False,
        no_validate=True,
    )


def _edit(editable: bool, step: str) -> rx.Component:
    if not editable:
        return rx.fragment()
    return rx.el.button("Modifier", type="button", on_click=C.go(step), class_name="hp-link-btn")


def _summary(editable: bool) -> rx.Component:
    d = P.view.delivery
    docs = P.view.docs
    return rx.fragment(
        rx.el.div(
            rx.el.h3("Identité"),
            rx.cond(P.view.identity_confirmed, rx.el.p("Confirmée."),
                    rx.el.p("Erreur signalée : ", P.view.identity_report)),
            _edit(editable, "identity"),
            class_name="hp-card",
        ),
        rx.el.div(
            rx.el.h3("Pièces justificatives"),
            rx.el.ul(*[rx.el.li(s.label, " : ", rx.cond(docs[s.kind.value], docs[s.kind.value].name, "manquant"))
                       for s in rules.DOCUMENTS]),
            _edit(editable, "documents"),
            class_name="hp-card",
        ),
        rx.el.div(
            rx.el.h3("Adresse de livraison"),
            rx.el.p(d.delivery_address, ", ", d.delivery_postal_code, " ", d.delivery_city),
            _edit(editable, "delivery"),
            class_name="hp-card",
        ),
    )  # fmt: skip


def _summary_step() -> rx.Component:
    return rx.fragment(
        _summary(True),
        problems(),
        rx.el.div(
            action_error(P.errors),
            _nav("delivery"),
            rx.el.button(
                rx.cond(P.busy, "Envoi…", "Envoyer ma demande"),
                type="button",
                on_click=C.submit,
                disabled=P.busy | (P.uploading != ""),
                class_name="hp-btn",
                id="submit-request",
            ),
            class_name="hp-actions",
        ),
    )


def draft() -> rx.Component:
    """The steps of a draft."""
    return rx.fragment(
        _stepper(),
        rx.match(
            P.step,
            ("identity", _identity_step()),
            ("documents", _documents_step()),
            ("delivery", _delivery_step()),
            ("summary", _summary_step()),
            _identity_step(),
        ),
    )


def _flagged(key: str, title: str, body: rx.Component) -> rx.Component:
    asked = P.view.info_items[key].to(str)
    return rx.cond(
        asked,
        rx.el.div(
            rx.el.h2(title, class_name="hp-h3"),
            rx.el.div(rx.el.strong("À corriger : "), asked, class_name="hp-alert hp-tone-warning"),
            body,
            class_name="hp-card",
        ),
    )


def reply() -> rx.Component:
    """« Répondre »: only what the operator flagged."""
    items = P.view.info_items
    address_form = rx.el.form(
        delivery_fields(),
        rx.el.button("Enregistrer l'adresse", type="submit", class_name="hp-btn hp-btn-secondary"),
        on_submit=C.save_delivery,
        reset_on_submit=False,
        no_validate=True,
    )
    return rx.fragment(
        rx.el.div(
            rx.el.p(rx.el.strong("Information complémentaire demandée. ")),
            rx.el.p("Corrigez uniquement les éléments signalés ci-dessous, puis cliquez sur « Répondre »."),
            class_name="hp-alert hp-tone-warning",
        ),
        *[rx.cond(items[f"doc:{s.kind.value}"], _box(s)) for s in rules.DOCUMENTS],
        _flagged("field:delivery_address", "Adresse de livraison", address_form),
        _flagged("field:identity", "Identité", _identity_step()),
        problems(),
        action_error(P.errors),
        rx.el.button(
            rx.cond(P.busy, "Envoi…", "Répondre"),
            type="button",
            on_click=C.send_reply,
            disabled=P.busy | (P.uploading != ""),
            class_name="hp-btn hp-btn-block",
            id="send-reply",
        ),
    )


def show() -> rx.Component:
    """« Afficher »: status, reason of a rejection, the récapitulatif and the previews."""
    docs = P.view.docs
    return rx.fragment(
        status_line(),
        rx.cond(P.view.reject_reason, rx.el.p(rx.el.strong("Motif : "), P.view.reject_reason)),
        rx.el.h2("Récapitulatif de ma demande"),
        _summary(False),
        rx.el.div(
            *[
                rx.cond(
                    docs[s.kind.value].thumb,
                    rx.el.img(src=backend_href(routes.FILE_PREFIX + docs[s.kind.value].thumb), alt=s.label,
                              class_name="hp-thumb"),
                )
                for s in rules.DOCUMENTS
            ],
            class_name="hp-thumbs",
        ),
    )  # fmt: skip
