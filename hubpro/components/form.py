"""Labelled form fields with hint and error tied by aria-describedby (DSFR pattern)."""

from __future__ import annotations

import reflex as rx
from reflex.vars.base import Var


def _described(fid: str, err: Var, hint: str) -> Var | str:
    base = f"{fid}-hint" if hint else ""
    return rx.cond(err, f"{fid}-err {base}".strip(), base)


def error_text(fid: str, err: Var, announce: bool = True) -> rx.Component:
    """The error line under a field; ``announce=False`` when the form announces one summary instead."""
    extra = {"role": "alert"} if announce else {}
    return rx.cond(err, rx.el.span(err, id=f"{fid}-err", class_name="hp-error", **extra))


def error_summary(errors: Var, links: Var, fid: str) -> rx.Component:
    """One announced summary of a form's errors, each a link to its field (GOV.UK / DSFR pattern).

    Args:
        errors: the form's errors var (shown when it holds a field error).
        links: ``list[dict]`` of ``{"href": "#f-key", "text": "Label : message"}`` in the form's order.
        fid: id of the summary (focused by the handler after a failed submit).
    """
    return rx.cond(
        links.length() > 0,
        rx.el.div(
            rx.el.h2("Le formulaire contient des erreurs", class_name="hp-summary-title"),
            rx.el.ul(rx.foreach(links, lambda e: rx.el.li(rx.el.a(e["text"], href=e["href"])))),
            class_name="hp-alert hp-tone-error",
            role="alert",
            id=fid,
            tab_index=-1,
        ),
    )


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
    announce: bool = True,
    form_error: str = "",
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
        announce: False when the form announces an error summary instead of each error.
        form_error: id of the form's message (``errors["form"]``) that also makes this field invalid (sign-in).
        **props: extra props for the input (events).
    """
    fid = f"{prefix}-{key}"
    err = errors[key].to(str)
    attrs = {"aria-describedby": _described(fid, err, hint), "aria-invalid": rx.cond(err, "true", "false")}
    if form_error:
        both = err | errors["form"].to(str)
        attrs = {
            "aria-describedby": rx.cond(errors["form"].to(str), f"{form_error} ", "") + _described(fid, err, hint),
            "aria-invalid": rx.cond(both, "true", "false"),
        }
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
        error_text(fid, err, announce),
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
    announce: bool = True,
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
        error_text(fid, err, announce),
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


def date_parts_field(
    errors: Var, key: str, text: str, *, prefix: str = "f", announce: bool = True, default_value: Var | None = None
) -> rx.Component:
    """A date as three labelled fields « Jour », « Mois », « Année » (DSFR / GOV.UK pattern).

    The browser's own date input follows its language's segment order (mm/dd/yyyy in English); these
    fields do not. The form sends ``key_day``, ``key_month`` and ``key_year``; the server checks them.
    """
    fid = f"{prefix}-{key}"
    err = errors[key].to(str)
    hint_id = f"{fid}-hint"
    # the stored ISO date (YYYY-MM-DD) shown in the three fields
    defaults = {} if default_value is None else {"day": 2, "month": 1, "year": 0}
    iso = default_value.to(str).split("-") if default_value is not None else None
    described = rx.cond(err, f"{fid}-err {hint_id}", hint_id)
    parts = (("day", "Jour", 2, "bday-day"), ("month", "Mois", 2, "bday-month"), ("year", "Année", 4, "bday-year"))
    return rx.el.fieldset(
        rx.el.legend(text, class_name="hp-label"),
        rx.el.span("Par exemple : 15 06 1985", id=hint_id, class_name="hp-hint"),
        rx.el.div(
            *[
                rx.el.div(
                    rx.el.label(lbl, html_for=f"{fid}-{part}", class_name="hp-date-label"),
                    rx.el.input(
                        id=f"{fid}-{part}",
                        name=f"{key}_{part}",
                        type="text",
                        input_mode="numeric",
                        max_length=size,
                        auto_complete=auto,
                        class_name=f"hp-input hp-date-{part}",
                        **({"default_value": iso[defaults[part]].to(str)} if iso is not None else {}),
                        custom_attrs={
                            "aria-describedby": described,
                            "aria-invalid": rx.cond(err, "true", "false"),
                            "pattern": "[0-9]*",
                        },
                    ),
                    class_name="hp-date-part",
                )
                for part, lbl, size, auto in parts
            ],
            class_name="hp-date",
        ),
        error_text(fid, err, announce),
        class_name="hp-field hp-radio-group",
        id=fid,
        tab_index=-1,
    )
