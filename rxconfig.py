"""Reflex configuration: hubpro's settings decide ports and allowed origins."""

import os

import reflex as rx
from reflex_base.plugins.sitemap import SitemapPlugin

from hubpro.settings import get_settings

_settings = get_settings()

config = rx.Config(
    app_name="hubpro",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    cors_allowed_origins=list(_settings.cors_origins),
    frontend_port=int(os.environ.get("PORT", "3000")),
    disable_plugins=[SitemapPlugin],
)
