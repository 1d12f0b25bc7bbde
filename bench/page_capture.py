"""Every driver and agent page's loading, run through its real on_load handlers, with each SQL query recorded.

A page is what its `@rx.page` registers: its route and its on_load handlers (found in Reflex's registry, so a
new page is measured without touching this file). Running a page builds a fresh tab state whose router carries
the signed-in cookies, calls each on_load handler as the app does (session guard, worker thread, services)
and records every statement the engine executes (SQLAlchemy's cursor events): the exact SQL with its
parameters, its duration, and so the query count (N+1 queries show as many repeats of one statement).
"""

from __future__ import annotations

import inspect
import threading
import time
from dataclasses import dataclass, field

from sqlalchemy import event
from sqlalchemy.engine import Engine


@dataclass
class Query:
    """One executed statement."""

    statement: str
    parameters: object
    ms: float


@dataclass
class QueryLog:
    """Statements executed on an engine while recording (from any thread)."""

    engine: Engine
    queries: list[Query] = field(default_factory=list)
    recording: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        event.listen(self.engine, "before_cursor_execute", self._before)
        event.listen(self.engine, "after_cursor_execute", self._after)

    def _before(self, conn, cursor, statement, parameters, context, executemany):
        conn.info.setdefault("bench_started", []).append(time.perf_counter())

    def _after(self, conn, cursor, statement, parameters, context, executemany):
        ms = (time.perf_counter() - conn.info["bench_started"].pop()) * 1000
        if self.recording:
            with self._lock:
                self.queries.append(Query(statement, parameters, ms))

    def take(self) -> list[Query]:
        """The statements recorded so far, and start afresh."""
        with self._lock:
            out, self.queries = self.queries, []
        return out


@dataclass
class Page:
    """A route, who sees it, and the handlers (with arguments) that load it."""

    route: str
    role: str
    handlers: list[tuple[object, dict]]
    label: str = ""
    query: dict[str, str] = field(default_factory=dict)  # URL query parameters (a queue's filter)


def _role(route: str) -> str:
    if route.startswith("/agent"):
        return "agent"
    if route.startswith("/espace"):
        return "driver"
    return "public"


def registered_pages() -> list[Page]:
    """Every driver and agent page with an on_load (hubpro.pages imported)."""
    from reflex_base.registry import RegistrationContext

    import hubpro.pages  # noqa: F401  (registers the pages)

    pages = []
    for _fn, kwargs in RegistrationContext.ensure_context().decorated_pages:
        route, on_load = kwargs.get("route", ""), kwargs.get("on_load")
        if not on_load or _role(route) == "public":
            continue
        handlers = on_load if isinstance(on_load, list) else [on_load]
        pages.append(Page(route, _role(route), [(getattr(h, "handler", h), {}) for h in handlers], route))
    return pages


def queue_filters() -> list[Page]:
    """« Demandes à instruire » once per status filter (the filter is the URL's ``statut`` parameter)."""
    from hubpro.state.agent import AgentState
    from hubpro.state.instruction import FILTERS, InstructionQueueState

    q = InstructionQueueState
    return [
        Page(
            "/agent/demandes",
            "agent",
            [(AgentState.guard, {}), (q.load, {})],
            f"/agent/demandes filtre « {label} »",
            {"statut": value},
        )
        for value, label in FILTERS
        if value
    ]


def _redirect(result) -> str:
    for spec in result if isinstance(result, list) else [result]:
        handler = getattr(spec, "handler", None)
        if handler is not None and handler.fn.__qualname__.endswith("_redirect"):
            return str(spec.args[0][1]._var_value)
    return ""


async def _call(state, handler, kwargs: dict):
    result = handler.fn(state, **kwargs)
    if inspect.isasyncgen(result):
        return [item async for item in result]
    return await result if inspect.iscoroutine(result) else result


async def load_page(page: Page, cookie: str, params: dict[str, str]) -> str:
    """Run the page's handlers in a fresh tab; returns where a handler redirected ("" when none did)."""
    import reflex as rx
    from reflex.istate.data import RouterData

    root = rx.State(_reflex_internal_init=True)
    data = {"headers": {"cookie": cookie}, "pathname": page.route, "query": {**page.query, **params}}
    root.router_data = data
    root.router = RouterData.from_router_data(data)
    for handler, kwargs in page.handlers:
        state = root.get_substate(handler.state_full_name.split(".")[1:])
        target = _redirect(await _call(state, handler, kwargs))
        if target:
            return target
    return ""
