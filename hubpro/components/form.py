"""Labelled form fields with hint and error tied by aria-describedby (DSFR pattern)."""

from __future__ import annotations

import reflex as rx
from reflex.vars.base import Var


def _described(fid: str, err: Var, hint: str) -> Var | str:
    base = f"{fid}-hint" if hint else ""
    return rx.cond(err, f"{fid}-err {base}".strip(), base)


def error_text(fid: str, err: Var) -> rx.Component:
    """The error line under a field (announced to screen readers)."""
    return rx.cond(err, rx.el.span(err, id=f"{fid}-err", class_name="hp-error", role="alert"))


def label(fid: str, text: str, required: bool = True) -> rx.Component:
    """A visible label tied to its input."""
    return rx.el.label(
        text,
        rx.cond(required, rx.fragment(), rx.el.span(" (facultatif)", class_name="hp-optional")),
        html_for=fid,
        class_name="hp-label",
    )


def input_field(
    errors: Var,
    key: str,
    text: str,
    *,
    type_: str = "text",
    autocomplete: str = "off",
    inputmode: str | None = None,
    hint: str = "",
    required: bool = True,
    default_value: str | Var | None = None,
    prefix: str = "f",
    **props,
) -> rx.Component:
    """Label, hint, input and error for one form field.

    Args:
        errors: the page's ``dict[str, str]`` errors var.
        key: form field name.
        text: French label.
        type_: input type (email, tel, date, password …).
        autocomplete: autocomplete token.
        inputmode: virtual keyboard hint.
        hint: help text under the label.
        required: False shows « (facultatif) ».
        default_value: initial value (uncontrolled input).
        prefix: id prefix, to keep ids unique on a page.
        **props: extra props for the input (events).
    """
    fid = f"{prefix}-{key}"
    err = errors[key].to(str)
    attrs = {"aria-describedby": _described(fid, err, hint), "aria-invalid": rx.cond(err, "true", "false")}
    extra = {"input_mode": inputmode} if inputmode else {}
    if default_value is not None:
        extra["default_value"] = default_value
    return rx.el.div(
        label(fid, text, required),
        rx.el.span(hint, id=f"{fid}-hint", class_name="hp-hint") if hint else rx.fragment(),
        rx.el.input(
            id=fid,
            name=key,
            type=type_,
            auto_complete=autocomplete,
            class_name="hp-input",
            custom_attrs=attrs,
            **extra,
            **props,
        ),
        error_text(fid, err),
        class_name="hp-field",
    )


def select_field(
    errors: Var,
    key: str,
    text: str,
    options: list[tuple[str, str]],
    *,
    hint: str = "",
    prefix: str = "f",
    placeholder: str = "Choisir…",
    **props,
) -> rx.Component:
    """Label, native select and error (native selects suit phones best)."""
    fid = f"{prefix}-{key}"
    err = errors[key].to(str)
    attrs = {"aria-describedby": _described(fid, err, hint), "aria-invalid": rx.cond(err, "true", "false")}
    return rx.el.div(
        label(fid, text),
        rx.el.span(hint, id=f"{fid}-hint", class_name="hp-hint") if hint else rx.fragment(),
        rx.el.select(
            rx.el.option(placeholder, value=""),
            *[rx.el.option(lbl, value=val) for val, lbl in options],
            id=fid,
            name=key,
            class_name="hp-select",
            custom_attrs=attrs,
            **props,
        ),
        error_text(fid, err),
        class_name="hp-field",
    )


def checkbox(key: str, text: str | rx.Component, *, prefix: str = "f", **props) -> rx.Component:
    """A native checkbox with its label (44 px touch target)."""
    fid = f"{prefix}-{key}"
    return rx.el.div(
        rx.el.input(type="checkbox", id=fid, name=key, **props),
        rx.el.label(text, html_for=fid),
        class_name="hp-check",
    )


def submit_button(text: str, busy: Var, busy_text: str = "Envoi en cours…", **props) -> rx.Component:
    """A full-width submit button disabled while the server works (no double submit)."""
    return rx.el.button(
        rx.cond(busy, busy_text, text),
        type="submit",
        disabled=busy,
        class_name="hp-btn hp-btn-block",
        **props,
    )


def form_alert(message: Var, tone: str = "error", **props) -> rx.Component:
    """A message for the whole form (put it beside the button it is about)."""
    return rx.cond(message, rx.el.div(message, class_name=f"hp-alert hp-tone-{tone}", role="alert", **props))


def action_error(errors: Var, **props) -> rx.Component:
    """The message of a failed action (``errors["form"]``, e.g. the service unavailable), beside its button."""
    return form_alert(errors["form"].to(str), **props)
