"""The Starlette app that Reflex mounts under its own routes."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Route

from hubpro import routes
from hubpro.api import agenda, cards, favicon, files, openapi, session, stripe_webhook, supervision, trainings
from hubpro.api.upload_guard import UploadGuard

api = Starlette(
    routes=[
        Route(routes.API_SESSION, session.open_session, methods=["GET"]),
        Route(routes.API_LOGOUT, session.close_session, methods=["GET", "HEAD", "POST"]),  # GET, HEAD: 405
        Route(routes.API_HEALTH, supervision.health, methods=["GET", "HEAD"]),
        Route(routes.API_READY, supervision.ready, methods=["GET", "HEAD"]),
        Route(routes.API_METRICS, supervision.prometheus, methods=["GET"]),
        Route(routes.API_TRAININGS, trainings.post_training, methods=["POST"]),
        Route(routes.API_TRAINING, trainings.get_training, methods=["GET"]),
        Route(routes.API_OPENAPI, openapi.openapi, methods=["GET"]),
        Route(routes.API_FILE, files.download, methods=["GET"]),
        Route(routes.API_AGENDA_FILE, agenda.download, methods=["GET"]),
        Route(routes.API_CARD_PDF, cards.download, methods=["GET"]),
        Route(routes.API_STRIPE_WEBHOOK, stripe_webhook.webhook, methods=["POST"]),
        Route(routes.FAVICON, favicon.favicon, methods=["GET", "HEAD"]),
    ],
    # Reflex's /_upload is mounted below these routes; the request id is set first, for every line after it
    middleware=[Middleware(supervision.RequestContext), Middleware(UploadGuard)],
)
