"""Links to backend routes that work in production (one port) and in development (two ports)."""

from __future__ import annotations

import reflex as rx
from reflex.vars.base import Var, VarData
from reflex_base.constants import Dirs
from reflex_base.utils.imports import ImportVar

from hubpro import routes

_BACKEND = VarData(imports={f"$/{Dirs.STATE_PATH}": [ImportVar(tag="getBackendURL")]})


def backend_href(path: Var | str) -> Var:
    """An absolute URL of a backend path, resolved in the browser with Reflex's getBackendURL."""
    path_var = Var.create(path)
    return Var(
        _js_expr=f"(new URL({path_var!s}, getBackendURL()).href)",
        _var_type=str,
        _var_data=VarData.merge(_BACKEND, path_var._get_all_var_data()),
    )


def backend_link(*children, path: Var | str, **props) -> rx.Component:
    """A link to a backend route that the browser follows itself.

    ``rx.el.a`` is React Router's ``Link``: on one port (production) it takes a same-origin URL
    such as ``/api/fichiers/…`` for a page of the app and shows the 404 page instead of letting
    the browser open or download the file. ``reload_document`` hands the click back to the browser.
    """
    return rx.el.a(*children, href=backend_href(path), reload_document=True, **props)


def file_links(file_id: Var, name: Var | str) -> rx.Component:
    """« Voir » (new tab) and « Télécharger » for a stored PDF; big touch targets, explicit labels."""
    return rx.el.div(
        backend_link(
            "Voir",
            path=routes.FILE_PREFIX + file_id,
            target="_blank",
            rel="noopener",
            class_name="hp-btn hp-btn-secondary",
            custom_attrs={"aria-label": rx.Var.create("Voir ") + name + " (nouvel onglet)"},
        ),
        backend_link(
            "Télécharger",
            path=routes.FILE_PREFIX + file_id + routes.DOWNLOAD_QUERY,
            class_name="hp-btn hp-btn-secondary",
            custom_attrs={"aria-label": rx.Var.create("Télécharger ") + name, "download": ""},
        ),
        class_name="hp-row-actions",
    )
