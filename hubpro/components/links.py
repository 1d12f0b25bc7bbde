"""Links to backend routes that work in production (one port) and in development (two ports)."""

from __future__ import annotations

import reflex as rx
from reflex.vars.base import Var, VarData
from reflex_base.constants import Dirs
from reflex_base.utils.imports import ImportVar

_BACKEND = VarData(imports={f"$/{Dirs.STATE_PATH}": [ImportVar(tag="getBackendURL")]})


def backend_href(path: Var | str) -> Var:
    """An absolute URL of a backend path, resolved in the browser with Reflex's getBackendURL."""
    path_var = Var.create(path)
    return Var(
        _js_expr=f"(new URL({path_var!s}, getBackendURL()).href)",
        _var_type=str,
        _var_data=VarData.merge(_BACKEND, path_var._get_all_var_data()),
    )


def file_links(file_id: Var, name: Var | str) -> rx.Component:
    """« Voir » (new tab) and « Télécharger » for a stored PDF; big touch targets, explicit labels."""
    return rx.el.div(
        rx.el.a(
            "Voir",
            href=backend_href("/api/fichiers/" + file_id),
            target="_blank",
            rel="noopener",
            class_name="hp-btn hp-btn-secondary",
            custom_attrs={"aria-label": rx.Var.create("Voir ") + name + " (nouvel onglet)"},
        ),
        rx.el.a(
            "Télécharger",
            href=backend_href("/api/fichiers/" + file_id + "?telecharger=1"),
            class_name="hp-btn hp-btn-secondary",
            custom_attrs={"aria-label": rx.Var.create("Télécharger ") + name, "download": ""},
        ),
        class_name="hp-row-actions",
    )
