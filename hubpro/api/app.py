"""The Starlette app that Reflex mounts under its own routes."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.routing import Route

from hubpro import routes
from hubpro.api import session

api = Starlette(
    routes=[
        Route(routes.API_SESSION, session.open_session, methods=["GET"]),
        Route(routes.API_LOGOUT, session.close_session, methods=["GET"]),
        Route(routes.API_HEALTH, session.health, methods=["GET"]),
    ]
)
