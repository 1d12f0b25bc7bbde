"""A raw Socket.IO client of Reflex's /_event endpoint: what a script, not a browser, can send."""

from __future__ import annotations

import asyncio
import concurrent.futures
import socket
import uuid
from urllib.parse import urlsplit

import socketio

ROOT_STATE = "reflex___state____state"
HYDRATE = f"{ROOT_STATE}.hydrate_and_load"
NAMESPACE = "/_event"


def handler(module: str, cls: str, name: str) -> str:
    """Full event name of a hubpro handler, e.g. handler("devmail", "dev_mail_state", "load")."""
    return f"{ROOT_STATE}.hubpro___state___{module}____{cls}.{name}"


def non_loopback_address() -> str | None:
    """This machine's address on its network (the kernel's choice for an outside route), if any."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.254", 9))  # TEST-NET-1: nothing is sent over UDP connect
        except OSError:
            return None
        address = probe.getsockname()[0]
    return None if address.startswith("127.") or address == "0.0.0.0" else address  # noqa: S104


async def _exchange(url: str, token: str, events: list[dict], headers: dict, until) -> list[dict]:
    updates: list[dict] = []
    done = asyncio.Event()
    sio = socketio.AsyncClient(reconnection=False)

    def on_update(data):
        updates.append(data)
        if until(updates):
            done.set()

    sio.on("event", on_update, namespace=NAMESPACE)
    await sio.connect(f"{url}?token={token}", headers=headers, transports=["websocket"], namespaces=[NAMESPACE],
                      socketio_path="/_event")  # fmt: skip
    try:
        for event in events:
            await sio.emit("event", event, namespace=NAMESPACE)
        try:
            await asyncio.wait_for(done.wait(), 60)
        except TimeoutError:
            raise AssertionError(f"the exchange did not end within 60 s; received {updates}") from None
    finally:
        await sio.disconnect()
    return updates


def exchange(base_url: str, events: list[dict], *, token: str = "", headers: dict | None = None, host: str = "",
             until=lambda updates: bool(updates)) -> list[dict]:  # fmt: skip
    """Connect to /_event (optionally through another address of this host), send events, collect updates.

    Args:
        base_url: the app's URL (its origin is sent as Origin unless headers say otherwise).
        events: Reflex events: ``{"name", "payload", "router_data"}``.
        token: the tab token (a new one when empty).
        headers: extra handshake headers (Cookie, Origin, X-Forwarded-For...).
        host: connect to this address instead of the URL's host (the server then sees it as the peer).
        until: stop once this returns True for the updates received so far.
    """
    parts = urlsplit(base_url)
    url = f"{parts.scheme}://{host or parts.hostname}:{parts.port}"
    hdrs = {"Origin": f"{parts.scheme}://{parts.netloc}", **(headers or {})}
    with concurrent.futures.ThreadPoolExecutor(1) as pool:  # Playwright's sync API owns this thread's loop
        return pool.submit(asyncio.run, _exchange(url, token or str(uuid.uuid4()), events, hdrs, until)).result()


def event(name: str, path: str, payload: dict | None = None) -> dict:
    """One event as the frontend sends it from a page."""
    return {"name": name, "payload": payload or {}, "router_data": {"pathname": path, "asPath": path, "query": {}}}


def redirected(updates: list[dict]) -> bool:
    """Whether the server has sent a redirect (the end of a refused page's on_load chain)."""
    return any(e.get("name") == "_redirect" for u in updates for e in (u.get("events") or []))
