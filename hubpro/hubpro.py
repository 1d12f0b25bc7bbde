"""The Reflex app: pages, HTTP routes, outbox dispatcher, supervision and the start-up database check."""

import asyncio
import logging

import reflex as rx
from reflex.app import default_error_boundary
from reflex.event import noop
from reflex.vars.base import Var

import hubpro.pages  # noqa: F401  (registers every @rx.page)
from hubpro import migrate, routes
from hubpro.api import api
from hubpro.api.headers import SecurityHeaders
from hubpro.components.layout import connection_banner
from hubpro.notify.dispatcher import run_dispatcher
from hubpro.observability import logs, metrics
from hubpro.pages.errors import error_screen
from hubpro.payments import gateway
from hubpro.services.jobs import run_scheduler
from hubpro.settings import get_settings
from hubpro.state.outage import backend_exception_handler
from hubpro.state.session import SessionCheck

logs.configure(get_settings().log_format)  # JSON lines in production, text in development; secrets masked
metrics.instrument_events()  # every event handler timed (/api/metrics), its log lines tagged


def check_database() -> None:
    """Lifespan hook: refuse to serve an unmigrated database."""
    migrate.check()


async def sandbox_webhook() -> None:
    """Lifespan task: keep localstripe's webhook pointed at this app (sandbox only; it forgets on restart)."""
    settings = get_settings()
    while settings.payment_sandbox:
        try:
            await asyncio.to_thread(gateway.register_sandbox_webhook, settings.stripe_webhook_url)
        except RuntimeError:
            return
        except Exception as exc:  # sandbox not started yet: try again later
            logging.getLogger("hubpro.payments").warning("payment sandbox not reachable: %s", exc)
        await asyncio.sleep(30)


app = rx.App(
    api_transformer=[api, SecurityHeaders],  # routes first, then headers around everything (static included)
    stylesheets=[routes.STYLESHEET, routes.DASHBOARD_STYLESHEET],
    html_lang="fr",
    app_wraps={
        (55, "ErrorBoundary"): lambda stateful: default_error_boundary(
            fallback_render=Var.create(error_screen()), **({} if stateful else {"on_error": noop()})
        ),
        (5, "Overlay"): lambda stateful: connection_banner() if stateful else None,
    },
    toaster=None,
    backend_exception_handler=backend_exception_handler,
    head_components=[rx.el.meta(name="theme-color", content="#3a5bc7"), rx.script(src="/a11y.js")],
)
app.add_middleware(SessionCheck())  # a tab's snapshot is sent only while its sessions hold
app.register_lifespan_task(check_database)
app.register_lifespan_task(run_dispatcher)
app.register_lifespan_task(sandbox_webhook)
app.register_lifespan_task(run_scheduler)  # reminders, purge, payment reconciliation: once across workers
