"""« Mes demandes »: the CQC card tile, « Commencer », the steps, tracking, « Afficher », « Répondre »."""

from __future__ import annotations

import reflex as rx

from hubpro import routes
from hubpro.components.form import action_error, error_text, form_alert, input_field
from hubpro.components.links import backend_href
from hubpro.components.status import badge
from hubpro.domain import card_requests as rules
from hubpro.domain.replacements import EXTRA_DOCS
from hubpro.pages import replacement_steps as replacement
from hubpro.pages.driver import driver_shell
from hubpro.state.driver import DriverState
from hubpro.state.request_form import MAX_UPLOAD
from hubpro.state.request_form import RequestFormState as F
from hubpro.state.requests import RequestsState as R

CQC_TILE = routes.REQUESTS + "/carte-cqc"
ACCEPT = {"image/jpeg": [".jpg", ".jpeg"], "image/png": [".png"], "application/pdf": [".pdf"]}
ACCEPT_IMAGES = {"image/jpeg": [".jpg", ".jpeg"], "image/png": [".png"]}
UPLOADERS = {
    "theft_declaration": F.upload_theft_declaration,
    "exchange_proof": F.upload_exchange_proof,
    "photo": F.upload_photo,
    "signature": F.upload_signature,
    "identity": F.upload_identity,
    "licence_front": F.upload_licence_front,
    "licence_back": F.upload_licence_back,
}


def _history(item) -> rx.Component:
    return rx.el.ol(
        rx.foreach(
            item["history"].to(list[dict[str, str]]),
            lambda e: rx.el.li(
                rx.el.strong(e["label"]), " – ", e["at"], rx.cond(e["reason"], rx.el.span(" – ", e["reason"]))
            ),
        ),
        class_name="hp-history",
    )


def _actions(item) -> rx.Component:
    status = item["status"].to(str)
    href = item["href"].to(str)
    confirm = R.confirm_cancel == item["id"].to(str)
    return rx.el.div(
        rx.match(
            status,
            (
                "draft",
                rx.fragment(
                    rx.el.a("Reprendre", href=href, class_name="hp-btn"),
                    rx.cond(
                        confirm,
                        rx.fragment(),
                        rx.el.button(
                            "Annuler",
                            type="button",
                            class_name="hp-btn hp-btn-danger",
                            on_click=R.ask_cancel(item["id"].to(str)),
                        ),
                    ),
                ),
            ),
            ("info_requested", rx.el.a("Répondre", href=href, class_name="hp-btn")),
            rx.el.a("Afficher", href=href, class_name="hp-btn hp-btn-secondary"),
        ),
        rx.cond(
            confirm,
            rx.el.div(
                rx.el.p(
                    rx.el.strong("Annuler ce brouillon ? "), "Les informations et documents fournis seront supprimés."
                ),
                rx.el.button(
                    "Oui, annuler ma demande",
                    type="button",
                    class_name="hp-btn hp-btn-danger",
                    on_click=R.cancel(item["id"].to(str)),
                    id="confirm-cancel",
                ),
                rx.el.button("Non, la garder", type="button", class_name="hp-btn hp-btn-secondary", on_click=R.keep),
                class_name="hp-alert hp-tone-warning hp-actions",
                role="alertdialog",
            ),
        ),
        class_name="hp-row-actions",
    )


def _request_item(item) -> rx.Component:
    opened = R.opened == item["id"].to(str)
    return rx.el.article(
        rx.el.button(
            rx.el.span(item["title"].to(str), " ", item["reference"].to(str)),
            " ",
            badge(item["label"].to(str), item["tone"].to(str)),
            rx.el.span(" depuis le ", item["since"].to(str), class_name="hp-muted"),
            type="button",
            on_click=R.toggle(item["id"].to(str)),
            class_name="hp-disclosure",
            custom_attrs={"aria-expanded": rx.cond(opened, "true", "false")},
        ),
        rx.el.p(rx.el.strong("Prochaine étape : "), item["next_step"].to(str)),
        rx.cond(item["delay"].to(str), rx.el.p(rx.el.strong("Délai : "), item["delay"].to(str))),
        rx.cond(
            item["info_items"].to(list).length() > 0,
            rx.el.div(
                rx.el.p(rx.el.strong("Détail – à corriger :")),
                rx.el.ul(
                    rx.foreach(
                        item["info_items"].to(list[dict[str, str]]), lambda i: rx.el.li(i["label"], " : ", i["reason"])
                    )
                ),
                class_name="hp-alert hp-tone-warning",
                id="info-detail",
            ),
        ),
        rx.cond(opened, _history(item)),
        _actions(item),
        class_name="hp-item request-item",
        custom_attrs={"data-reference": item["reference"].to(str)},
    )


@rx.page(route=routes.REQUESTS, title="Mes demandes – Mon espace Hub Pro Transport", on_load=[DriverState.load, R.load])
def requests() -> rx.Component:
    """« Faire une demande » and « Mes demandes en cours »."""
    return driver_shell(
        routes.REQUESTS,
        rx.el.h1("Mes demandes"),
        form_alert(R.message, "info"),
        rx.el.h2("Faire une demande"),
        rx.el.div(
            rx.el.a(
                rx.el.strong("Carte CQC"),
                rx.el.span("Première carte après une formation"),
                href=CQC_TILE,
                class_name="hp-btn hp-btn-secondary hp-btn-block hp-tile-link",
                id="tile-cqc",
            ),
            rx.el.a(
                rx.el.strong("Remplacement, Echange"),
                rx.el.span("Perte, vol, défaut, changement d'informations"),
                href=routes.REPLACEMENT,
                class_name="hp-btn hp-btn-secondary hp-btn-block hp-tile-link",
                id="tile-replacement",
            ),
            class_name="hp-actions",
        ),
        rx.el.h2("Mes demandes en cours"),
        rx.cond(
            R.items.length() > 0,
            rx.el.div(rx.foreach(R.items, _request_item), id="requests"),
            rx.cond(R.loaded, rx.el.p("Aucune demande pour le moment.")),
        ),
    )


@rx.page(route=CQC_TILE, title="Demande de carte CQC – Hub Pro Transport", on_load=[DriverState.load, R.load])
def cqc_tile() -> rx.Component:
    """The expected documents, then « Commencer » (or why not)."""
    return driver_shell(
        routes.REQUESTS,
        rx.el.p(rx.el.a("← Mes demandes", href=routes.REQUESTS)),
        rx.el.h1("Demande de carte CQC"),
        rx.el.p("Préparez ces pièces justificatives (une photo nette prise avec votre téléphone convient) :"),
        rx.el.ul(*[rx.el.li(rx.el.strong(d.label), " – ", d.hint) for d in rules.DOCUMENTS]),
        rx.el.p(
            "Votre demande est enregistrée à chaque étape : vous pourrez la reprendre plus tard.", class_name="hp-muted"
        ),
        rx.cond(R.refusal, rx.el.div(R.refusal, class_name="hp-alert hp-tone-info", id="start-refusal")),
        form_alert(R.message),
        rx.el.button(
            rx.cond(R.busy, "Ouverture…", "Commencer"),
            type="button",
            on_click=R.start,
            disabled=(R.refusal != "") | R.busy | ~R.loaded,
            class_name="hp-btn hp-btn-block",
            id="start",
            custom_attrs={"aria-describedby": "start-refusal"},
        ),
    )


def _stepper() -> rx.Component:
    label = rx.match(F.step, *[(s, rules.STEP_LABELS[s]) for s in rules.STEPS], "")
    following = rx.match(F.step, *[(s, rules.next_step_label(s)) for s in rules.STEPS], "")
    bars = [rx.el.span(class_name=rx.cond(F.step_index >= i + 1, "hp-done", "")) for i in range(len(rules.STEPS))]
    return rx.el.div(
        rx.el.p("Étape ", F.step_index, f" sur {len(rules.STEPS)}", class_name="hp-muted", id="step-count"),
        rx.el.h2(label, style={"marginTop": "0"}),
        rx.el.div(*bars, class_name="hp-steps", custom_attrs={"aria-hidden": "true"}),
        rx.cond(following != "", rx.el.p(following, class_name="hp-muted")),
        class_name="hp-stepper",
    )


def _nav(back: str) -> rx.Component:
    return rx.el.button("Étape précédente", type="button", on_click=F.go(back), class_name="hp-btn hp-btn-secondary")


def _identity_step() -> rx.Component:
    return rx.el.form(
        rx.el.p("Ces informations viennent de votre compte et seront imprimées sur votre carte."),
        rx.el.dl(
            rx.foreach(
                F.data["identity"].to(list[dict[str, str]]),
                lambda r: rx.fragment(rx.el.dt(r["label"]), rx.el.dd(r["value"])),
            ),
            class_name="hp-dl hp-card",
        ),
        rx.el.div(
            rx.el.input(
                type="checkbox",
                id="f-identity_confirmed",
                name="identity_confirmed",
                default_checked=F.data["identity_confirmed"].to(bool),
            ),
            rx.el.label("Je confirme que ces informations sont exactes.", html_for="f-identity_confirmed"),
            class_name="hp-check",
        ),
        input_field(
            F.errors,
            "identity_report",
            "Signaler une erreur",
            required=False,
            default_value=F.data["identity_report"].to(str),
            on_blur=lambda v: F.autosave("identity_report", v),
            hint="Décrivez ce qui est faux : l'opérateur le vérifiera avec vos pièces.",
        ),
        error_text("f-identity", F.errors["identity"].to(str)),
        rx.el.div(
            action_error(F.errors),
            rx.el.button("Enregistrer et continuer", type="submit", class_name="hp-btn", id="next-identity"),
            class_name="hp-actions",
        ),
        on_submit=F.save_identity,
        reset_on_submit=False,
        no_validate=True,
    )


def _upload_box(spec: rules.DocSpec, editable, kind: str = "") -> rx.Component:
    kind = kind or spec.kind.value
    doc = F.data["docs"].to(dict)[kind]
    upload_id = f"up-{kind}"
    err = F.doc_errors[kind].to(str)
    reason = F.data["info_items"].to(dict)[f"doc:{kind}"].to(str)
    return rx.el.div(
        rx.el.h3(spec.label),
        rx.el.p(spec.hint, class_name="hp-hint", id=f"{upload_id}-hint"),
        rx.cond(reason, rx.el.div(rx.el.strong("À corriger : "), reason, class_name="hp-alert hp-tone-warning")),
        rx.cond(
            doc,
            rx.el.div(
                rx.cond(
                    doc.to(dict)["thumb"].to(str),
                    rx.el.img(
                        src=backend_href("/api/fichiers/" + doc.to(dict)["thumb"].to(str)),
                        alt="Aperçu : " + spec.label,
                        class_name="hp-thumb",
                    ),
                    rx.el.p("PDF : ", doc.to(dict)["name"].to(str)),
                ),
                rx.el.p("✓ Document reçu : ", doc.to(dict)["name"].to(str), class_name="hp-ok"),
                class_name="hp-preview",
            ),
        ),
        rx.cond(
            editable,
            rx.upload(
                rx.el.div(
                    rx.cond(doc, "Remplacer le fichier", "Choisir un fichier ou prendre une photo"),
                    class_name="hp-btn hp-btn-secondary hp-btn-block",
                ),
                id=upload_id,
                accept=ACCEPT_IMAGES if spec.images_only else ACCEPT,
                max_files=1,
                max_size=MAX_UPLOAD,  # the server refuses larger bodies outright (api/upload_guard.py)
                multiple=False,
                on_drop_rejected=F.upload_rejected(kind),
                on_drop=[
                    F.begin_upload(kind),
                    UPLOADERS[kind](rx.upload_files(upload_id=upload_id, on_upload_progress=F.upload_progress)),
                ],
                custom_attrs={
                    "aria-label": f"{spec.label} : choisir un fichier",
                    "aria-describedby": f"{upload_id}-hint",
                },
                class_name="hp-dropzone",
                style={"padding": "0", "border": "none"},
            ),
        ),
        rx.cond(
            F.uploading == kind,
            rx.el.div(
                rx.el.progress(value=F.progress, max=100, custom_attrs={"aria-label": "Envoi du fichier"}),
                rx.el.span(" Envoi… ", F.progress, " %"),
                role="status",
            ),
        ),
        rx.cond(err, rx.el.p(err, class_name="hp-error", role="alert", id=f"{upload_id}-err")),
        class_name="hp-card hp-upload",
        id=f"doc-{kind}",
    )


def _documents_step(editable) -> rx.Component:
    return rx.fragment(
        *[_upload_box(spec, editable) for spec in rules.DOCUMENTS],
        rx.el.div(
            action_error(F.errors),
            _nav("identity"),
            rx.el.button(
                "Continuer", type="button", on_click=F.go("delivery"), class_name="hp-btn", id="next-documents"
            ),
            class_name="hp-actions",
        ),
    )


def _delivery_step() -> rx.Component:
    return rx.el.form(
        rx.el.p("Votre carte sera envoyée par La Poste à cette adresse (celle de votre compte, modifiable)."),
        replacement.delivery_fields(),
        rx.el.div(
            action_error(F.errors),
            _nav("documents"),
            rx.el.button("Enregistrer et continuer", type="submit", class_name="hp-btn", id="next-delivery"),
            class_name="hp-actions",
        ),
        on_submit=F.save_delivery,
        reset_on_submit=False,
        no_validate=True,
    )


def _summary(editable) -> rx.Component:
    d = F.data["delivery"].to(dict)
    return rx.fragment(
        rx.el.div(
            rx.el.h3("Identité"),
            rx.cond(
                F.data["identity_confirmed"].to(bool),
                rx.el.p("Confirmée."),
                rx.el.p("Erreur signalée : ", F.data["identity_report"].to(str)),
            ),
            rx.cond(
                editable, rx.el.button("Modifier", type="button", on_click=F.go("identity"), class_name="hp-link-btn")
            ),
            class_name="hp-card",
        ),
        rx.el.div(
            rx.el.h3("Pièces justificatives"),
            rx.el.ul(
                *[
                    rx.el.li(
                        s.label,
                        " : ",
                        rx.cond(
                            F.data["docs"].to(dict)[s.kind.value],
                            F.data["docs"].to(dict)[s.kind.value].to(dict)["name"].to(str),
                            "manquant",
                        ),
                    )
                    for s in rules.DOCUMENTS
                ]
            ),
            rx.cond(
                editable, rx.el.button("Modifier", type="button", on_click=F.go("documents"), class_name="hp-link-btn")
            ),
            class_name="hp-card",
        ),
        rx.el.div(
            rx.el.h3("Adresse de livraison"),
            rx.el.p(
                d["delivery_address"].to(str), ", ", d["delivery_postal_code"].to(str), " ", d["delivery_city"].to(str)
            ),
            rx.cond(
                editable, rx.el.button("Modifier", type="button", on_click=F.go("delivery"), class_name="hp-link-btn")
            ),
            class_name="hp-card",
        ),
    )


def _problems() -> rx.Component:
    return rx.cond(
        F.problems.length() > 0,
        rx.el.div(
            rx.el.p(rx.el.strong("Avant d'envoyer :")),
            rx.el.ul(rx.foreach(F.problems, rx.el.li)),
            class_name="hp-alert hp-tone-warning",
            role="alert",
            id="problems",
        ),
    )


def _draft() -> rx.Component:
    return rx.fragment(
        _stepper(),
        rx.match(
            F.step,
            ("identity", _identity_step()),
            ("documents", _documents_step(True)),
            ("delivery", _delivery_step()),
            (
                "summary",
                rx.fragment(
                    _summary(True),
                    _problems(),
                    rx.el.div(
                        action_error(F.errors),
                        _nav("delivery"),
                        rx.el.button(
                            rx.cond(F.busy, "Envoi…", "Envoyer ma demande"),
                            type="button",
                            on_click=F.submit,
                            disabled=F.busy | (F.uploading != ""),
                            class_name="hp-btn",
                            id="submit-request",
                        ),
                        class_name="hp-actions",
                    ),
                ),
            ),
            _identity_step(),
        ),
    )


def _reply() -> rx.Component:
    items = F.data["info_items"].to(dict)
    return rx.fragment(
        rx.el.div(
            rx.el.p(rx.el.strong("Information complémentaire demandée. ")),
            rx.el.p("Corrigez uniquement les éléments signalés ci-dessous, puis cliquez sur « Répondre »."),
            class_name="hp-alert hp-tone-warning",
        ),
        *[rx.cond(items[f"doc:{s.kind.value}"], _upload_box(s, True)) for s in rules.DOCUMENTS],
        rx.cond(
            items["field:delivery_address"],
            rx.el.form(
                rx.el.h3("Adresse de livraison"),
                rx.el.div(
                    rx.el.strong("À corriger : "),
                    items["field:delivery_address"].to(str),
                    class_name="hp-alert hp-tone-warning",
                ),
                replacement.delivery_fields(),
                rx.el.button("Enregistrer l'adresse", type="submit", class_name="hp-btn hp-btn-secondary"),
                on_submit=F.save_delivery,
                reset_on_submit=False,
                no_validate=True,
                class_name="hp-card",
            ),
        ),
        rx.cond(
            items["field:identity"],
            rx.el.div(
                rx.el.h3("Identité"),
                rx.el.div(
                    rx.el.strong("À corriger : "),
                    items["field:identity"].to(str),
                    class_name="hp-alert hp-tone-warning",
                ),
                _identity_step(),
                class_name="hp-card",
            ),
        ),
        _problems(),
        action_error(F.errors),
        rx.el.button(
            rx.cond(F.busy, "Envoi…", "Répondre"),
            type="button",
            on_click=F.send_reply,
            disabled=F.busy | (F.uploading != ""),
            class_name="hp-btn hp-btn-block",
            id="send-reply",
        ),
    )


def _upload_box_for(kind: str) -> rx.Component:
    label, hint = EXTRA_DOCS[kind]
    return _upload_box(rules.DocSpec(rules.DocKind.IDENTITY, label, hint, False), True, kind)


def _status_line() -> rx.Component:
    return rx.fragment(
        rx.el.p("Statut : ", badge(F.data["status_label"].to(str), F.data["status_tone"].to(str)), id="request-status"),
        rx.el.p(rx.el.strong("Prochaine étape : "), F.data["next_step"].to(str)),
    )


def _show() -> rx.Component:
    return rx.fragment(
        rx.el.p("Statut : ", badge(F.data["status_label"].to(str), F.data["status_tone"].to(str)), id="request-status"),
        rx.el.p(rx.el.strong("Prochaine étape : "), F.data["next_step"].to(str)),
        rx.cond(F.data["reject_reason"].to(str), rx.el.p(rx.el.strong("Motif : "), F.data["reject_reason"].to(str))),
        rx.el.h2("Récapitulatif de ma demande"),
        _summary(False),
        rx.el.div(
            *[
                rx.cond(
                    F.data["docs"].to(dict)[s.kind.value].to(dict)["thumb"].to(str),
                    rx.el.img(
                        src=backend_href(
                            "/api/fichiers/" + F.data["docs"].to(dict)[s.kind.value].to(dict)["thumb"].to(str)
                        ),
                        alt=s.label,
                        class_name="hp-thumb",
                    ),
                )
                for s in rules.DOCUMENTS
            ],
            class_name="hp-thumbs",
        ),
    )


@rx.page(
    route=routes.REQUESTS + "/[request_id]",
    title="Ma demande de carte – Hub Pro Transport",
    on_load=[DriverState.load, F.load],
)
def request_page() -> rx.Component:
    """The request in the mode its status allows."""
    is_replacement = F.data["kind"].to(str) == "replacement"
    sent = rx.el.div(
        rx.el.h2("Votre demande est envoyée"),
        rx.el.p("Suivez son avancement dans « Mes demandes en cours »."),
        rx.el.a("Mes demandes", href=routes.REQUESTS, class_name="hp-btn"),
        class_name="hp-alert hp-tone-success",
        role="status",
        id="request-sent",
    )
    body = rx.fragment(
        rx.el.p(rx.el.a("← Mes demandes", href=routes.REQUESTS)),
        rx.el.h1(
            rx.match(
                F.data["kind"].to(str),
                ("replacement", "Remplacement de carte "),
                ("pnd", "Réexpédition "),
                "Demande de carte CQC ",
            ),
            F.data["reference"].to(str),
        ),
        rx.cond(
            F.sent,
            sent,
            rx.match(
                F.data["status"].to(str),
                (
                    "draft",
                    rx.cond(is_replacement, replacement.replacement_draft(_upload_box_for, _problems()), _draft()),
                ),
                ("info_requested", _reply()),
                rx.cond(is_replacement, rx.fragment(_status_line(), replacement.replacement_show()), _show()),
            ),
        ),
    )
    return driver_shell(
        routes.REQUESTS,
        rx.cond(
            F.found,
            rx.cond(F.loaded, body, rx.cond(F.errors["form"], action_error(F.errors), rx.el.p("Chargement…"))),
            rx.el.p("Demande introuvable.", role="alert", id="not-found"),
        ),
    )
