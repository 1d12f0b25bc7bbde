"""Every path lives in hubpro/routes.py: registered pages use its constants, pages, state and API no literal."""

from __future__ import annotations

import ast
from pathlib import Path

from hubpro import routes

HUBPRO = Path(routes.__file__).resolve().parent
CONSTANTS = {value for name, value in vars(routes).items() if name.isupper() and isinstance(value, str)}


def _registered_routes() -> list[str]:
    from reflex_base.registry import RegistrationContext

    import hubpro.pages  # noqa: F401  (registers the pages)

    return [kwargs.get("route", "") for _fn, kwargs in RegistrationContext.ensure_context().decorated_pages]


def test_every_registered_page_has_a_route_constant():
    registered = _registered_routes()
    assert len(registered) >= 20
    assert [route for route in registered if route not in CONSTANTS] == []


def _literal_paths(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        f"{path.relative_to(HUBPRO)}:{node.lineno}: {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and node.value.startswith("/")
        and node.value.strip("/")
        and " " not in node.value
    ]


def test_pages_state_and_api_hold_no_literal_path():
    found = [hit for folder in ("pages", "state", "api", "components") for f in sorted((HUBPRO / folder).rglob("*.py"))
             for hit in _literal_paths(f)]  # fmt: skip
    assert found == []
