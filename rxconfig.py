"""Reflex configuration: hubpro's settings decide ports and allowed origins.

``PORT`` is the port of the whole app (``reflex run --env prod``), or of the backend alone with
``--backend-only`` (a backend behind a separately served frontend). In production, several
backend workers are refused on SQLite or without Redis (``hubpro/workers.py``).
"""

import os
import sys

import reflex as rx
from reflex_base.plugins.sitemap import SitemapPlugin

from hubpro.settings import get_settings
from hubpro.workers import check_workers, is_set

_settings = get_settings()
_backend_only = "--backend-only" in sys.argv or is_set(os.environ, "REFLEX_BACKEND_ONLY")
_frontend_only = "--frontend-only" in sys.argv or is_set(os.environ, "REFLEX_FRONTEND_ONLY")
_ports = {}
if port := os.environ.get("PORT", "").strip():
    _ports = {"backend_port": int(port)} if _backend_only else {"frontend_port": int(port)}
if os.environ.get("REFLEX_ENV_MODE") == "prod" and not _frontend_only:  # `reflex run --env prod` sets it
    check_workers(_settings.database_url, os.environ)

config = rx.Config(
    app_name="hubpro",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    cors_allowed_origins=list(_settings.cors_origins),
    disable_plugins=[SitemapPlugin],
    **_ports,
)
