"""Pieces of the request page shared by every kind: upload box, delivery fields, problems, status, sent."""

from __future__ import annotations

import reflex as rx

from hubpro import routes
from hubpro.components.form import input_field
from hubpro.components.links import backend_href
from hubpro.components.status import badge
from hubpro.state.request_page import MAX_UPLOAD
from hubpro.state.request_page import RequestPageState as P

ACCEPT = {"image/jpeg": [".jpg", ".jpeg"], "image/png": [".png"], "application/pdf": [".pdf"]}
ACCEPT_IMAGES = {"image/jpeg": [".jpg", ".jpeg"], "image/png": [".png"]}


def _preview(kind: str, label: str) -> rx.Component:
    doc = P.view.docs[kind]
    return rx.cond(
        doc,
        rx.el.div(
            rx.cond(
                doc.thumb,
                rx.el.img(
                    src=backend_href(routes.FILE_PREFIX + doc.thumb), alt="Aperçu : " + label, class_name="hp-thumb"
                ),
                rx.el.p("PDF : ", doc.name),
            ),
            rx.el.p("✓ Document reçu : ", doc.name, class_name="hp-ok"),
            class_name="hp-preview",
        ),
    )


def upload_box(kind: str, label: str, hint: str, images_only: bool, editable=True) -> rx.Component:
    """One expected document: hint, what to correct, preview, the dropzone and its progress or error.

    Args:
        kind: the document kind, bound to the upload handler.
        label: its French name.
        hint: formats and size.
        images_only: JPEG or PNG only (photo, signature).
        editable: whether the dropzone is offered (a Var or a bool).
    """
    upload_id = f"up-{kind}"
    err = P.doc_errors[kind].to(str)
    reason = P.view.info_items[f"doc:{kind}"].to(str)
    return rx.el.div(
        rx.el.h3(label),
        rx.el.p(hint, class_name="hp-hint", id=f"{upload_id}-hint"),
        rx.cond(reason, rx.el.div(rx.el.strong("À corriger : "), reason, class_name="hp-alert hp-tone-warning")),
        _preview(kind, label),
        rx.cond(
            editable,
            rx.upload(
                # A real button (Enter and Space every time) that opens the box's file input (assets/a11y.js).
                rx.el.button(
                    rx.cond(P.view.docs[kind], "Remplacer le fichier", "Choisir un fichier ou prendre une photo"),
                    type="button",
                    class_name="hp-btn hp-btn-secondary hp-btn-block",
                    id=f"{upload_id}-button",
                    custom_attrs={"data-file-for": upload_id, "aria-describedby": f"{upload_id}-hint"},
                ),
                id=upload_id,
                accept=ACCEPT_IMAGES if images_only else ACCEPT,
                max_files=1,
                max_size=MAX_UPLOAD,  # the server refuses larger bodies outright (api/upload_guard.py)
                multiple=False,
                on_drop_rejected=P.upload_rejected(kind),
                on_drop=[
                    P.begin_upload(kind),
                    P.upload_document(rx.upload_files(upload_id=upload_id, on_upload_progress=P.upload_progress), kind),
                ],
                no_click=True,  # the button opens the chooser; the box itself is no extra Tab stop
                no_keyboard=True,
                custom_attrs={"data-label": f"{label} : choisir un fichier"},  # names the file input (a11y.js)
                class_name="hp-dropzone",
                style={"padding": "0", "border": "none"},
            ),
        ),
        rx.cond(
            P.uploading == kind,
            rx.el.div(
                rx.el.progress(value=P.progress, max=100, custom_attrs={"aria-label": "Envoi du fichier"}),
                rx.el.span(" Envoi… ", P.progress, " %"),
                role="status",
            ),
        ),
        rx.cond(err, rx.el.p(err, class_name="hp-error", role="alert", id=f"{upload_id}-err")),
        class_name="hp-card hp-upload",
        id=f"doc-{kind}",
    )


def delivery_fields() -> rx.Component:
    """Delivery address fields of a draft (prefilled; each kept in the draft when the driver leaves it)."""
    d = P.view.delivery
    return rx.fragment(
        input_field(P.errors, "delivery_address", "Adresse", autocomplete="street-address",
                    default_value=d.delivery_address, on_blur=lambda v: P.autosave("delivery_address", v)),
        input_field(P.errors, "delivery_postal_code", "Code postal", inputmode="numeric", autocomplete="postal-code",
                    default_value=d.delivery_postal_code, on_blur=lambda v: P.autosave("delivery_postal_code", v)),
        input_field(P.errors, "delivery_city", "Commune", autocomplete="address-level2",
                    default_value=d.delivery_city, on_blur=lambda v: P.autosave("delivery_city", v)),
    )  # fmt: skip


def problems() -> rx.Component:
    """What still prevents sending, as the server found it."""
    return rx.cond(
        P.problems.length() > 0,
        rx.el.div(
            rx.el.p(rx.el.strong("Avant d'envoyer :")),
            rx.el.ul(rx.foreach(P.problems, rx.el.li)),
            class_name="hp-alert hp-tone-warning",
            role="alert",
            id="problems",
        ),
    )


def status_line() -> rx.Component:
    """The status badge and the next step."""
    return rx.fragment(
        rx.el.p("Statut : ", badge(P.view.status_label, P.view.status_tone), id="request-status"),
        rx.el.p(rx.el.strong("Prochaine étape : "), P.view.next_step),
    )


def sent_box() -> rx.Component:
    """After « Envoyer ma demande » or « Répondre »."""
    return rx.el.div(
        rx.el.h2("Votre demande est envoyée"),
        rx.el.p("Suivez son avancement dans « Mes demandes en cours »."),
        rx.el.a("Mes demandes", href=routes.REQUESTS, class_name="hp-btn"),
        class_name="hp-alert hp-tone-success",
        role="status",
        id="request-sent",
    )
