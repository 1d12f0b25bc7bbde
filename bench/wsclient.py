"""Socket.IO load client speaking Reflex 0.10.1's `/_event` protocol, as a browser tab does.

Adapted for hubpro from the reference client of `../shared/bench/` (`ws_load.py` and `ws_load_cookie.py`):
same protocol and figures, plus a Cookie header per connection (signed-in tabs), an Origin header, a
duration instead of a count, and a clean stop on SIGTERM (the figures so far are printed).

What the compiled frontend (`.web/utils/state.js`) does and this client copies: namespace and path `/_event`,
websocket transport only, query `?token=<uuid>` (one per tab), subprotocol = the Reflex version; the hydrate
(`reflex___state____state.hydrate_and_load` with the bundle's `initialStateHashes`, so only non-default vars
come back) rides in the CONNECT auth with the `state_schema`; other events are `emit("event", {name, payload,
router_data})`. A hydrate is answered when a delta sets `is_hydrated_rx_state_`; another event at its first
reply, or at the first reply containing `--done-match` (a handler that yields). Production bundles are
minified: the hashes are read from `initialStateHashes:()=>y` ... `y=`<hex>.<hex>`.split(`.`)` too.

    .venv/bin/python bench/wsclient.py --url http://localhost:3501 --path / --clients 50 --duration 15
    .venv/bin/python bench/wsclient.py --url ... --path /espace/ --cookie-file cookies.txt --event driver_state.load

The last line printed is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import random
import re
import signal
import sys
import time
import urllib.parse
import uuid
from html.parser import HTMLParser
from importlib.metadata import version
from pathlib import Path

import aiohttp
import socketio

NAMESPACE = "/_event"
ROOT_STATE = "reflex___state____state"
HYDRATE = f"{ROOT_STATE}.hydrate_and_load"
EVENT_NAME = re.compile(r"reflex___state____state(?:\.[A-Za-z0-9_]+)*")
HEX16 = re.compile(r"[0-9a-f]{16}")
PLAIN_HASHES = re.compile(r"initialStateHashes\s*=\s*\[([^\]]*)\]")
PLAIN_SCHEMA = re.compile(r"stateSchema\s*=\s*[`\"']([0-9a-f]{8,64})[`\"']")


def percentiles(values_s: list[float]) -> dict:
    """Nearest-rank p50/p95/p99, max and mean in milliseconds."""
    v = sorted(x * 1000 for x in values_s)
    if not v:
        return {"n": 0, "p50": None, "p95": None, "p99": None, "max": None, "mean": None}

    def rank(q: float) -> float:
        return round(v[max(1, math.ceil(q / 100 * len(v))) - 1], 2)

    return {"n": len(v), "p50": rank(50), "p95": rank(95), "p99": rank(99), "max": round(v[-1], 2),
            "mean": round(sum(v) / len(v), 2)}  # fmt: skip


def _minified(text: str, export: str) -> str | None:
    m = re.search(export + r"\s*:\s*\(\)\s*=>\s*([\w$]+)", text)
    if not m:
        return None
    m = re.search(r"(?<![\w$.])" + re.escape(m.group(1)) + r"\s*=\s*(`[^`]*`(?:\.split\(`\.`\))?|\[[^\]]*\])", text)
    return m.group(1) if m else None


def hashes_and_schema(texts: list[str]) -> tuple[list[str] | None, str | None]:
    """The compiled `initialStateHashes` and `stateSchema`, plain or minified."""
    hashes = schema = None
    for text in texts:
        if hashes is None:
            m = PLAIN_HASHES.search(text)
            raw = m.group(1) if m else _minified(text, "initialStateHashes")
            hashes = HEX16.findall(raw or "") or None
        if schema is None:
            m = PLAIN_SCHEMA.search(text)
            raw = m.group(1) if m else (_minified(text, "stateSchema") or "").strip("`")
            schema = raw if re.fullmatch(r"[0-9a-f]{8,64}", raw or "") else None
    return hashes, schema


def event_names(texts: list[str]) -> list[str]:
    """Event handler names the page's JS references."""
    names = {n for t in texts for n in EVENT_NAME.findall(t)}
    return sorted(n for n in names if "." in n and "____" not in n.rsplit(".", 1)[1])


def resolve(name: str, known: list[str]) -> str:
    """'hydrate', a full name, or a unique suffix of a known name (e.g. 'driver_state.load')."""
    if name in ("hydrate", HYDRATE):
        return HYDRATE
    if name.startswith(ROOT_STATE):
        return name
    found = [k for k in known if k.endswith("." + name) or k.endswith("____" + name)]
    if len(found) != 1:
        raise SystemExit(f"event {name!r}: {'ambiguous ' + str(found) if found else 'unknown'}; known: {known}")
    return found[0]


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and a.get("rel") == "modulepreload" and a.get("href"):
            self.urls.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.urls.append(a["src"])


async def page_js(http: aiohttp.ClientSession, url: str, cookie: str) -> list[str]:
    """The page's HTML and every script it loads or preloads."""
    headers = {"Cookie": cookie} if cookie else {}
    async with http.get(url, headers=headers) as resp:
        html, final = await resp.text(), str(resp.url)
    texts, parser = [html], _Scripts()
    parser.feed(html)
    for src in dict.fromkeys(parser.urls):
        async with http.get(urllib.parse.urljoin(final, src)) as r:
            if r.status == 200:
                texts.append(await r.text())
    return texts


def router_data(path: str) -> dict:
    """What the frontend sends as router_data for a route."""
    parts = urllib.parse.urlsplit(path)
    data = {"pathname": parts.path or "/", "asPath": path}
    if parts.query:
        data["query"] = dict(urllib.parse.parse_qsl(parts.query))
    return data


class Tab:
    """One browser tab: a socket, its token, its cookie and its timings."""

    def __init__(self, opts, http: aiohttp.ClientSession, cookie: str):
        self.opts = opts
        self.token = str(uuid.uuid4())
        headers = {"Origin": opts.url, **({"Cookie": cookie} if cookie else {})}
        self.sio = socketio.AsyncClient(reconnection=False, http_session=http, request_timeout=opts.timeout,
                                        websocket_extra_options={"protocols": (version("reflex"),),
                                                                 "headers": headers})  # fmt: skip
        self.queue: asyncio.Queue = asyncio.Queue()
        self.rtts: list[float] = []
        self.connect_s: float | None = None
        self.errors = {"connect": 0, "timeout": 0, "send": 0, "mismatch": 0}
        self.sample = ""
        self.event: dict = {}
        self.sio.on("event", lambda data: self.queue.put_nowait((time.perf_counter(), data)), namespace=NAMESPACE)
        self.sio.on("state_mismatch", lambda *_: self._count("mismatch"), namespace=NAMESPACE)

    def _count(self, kind: str) -> None:
        self.errors[kind] += 1

    async def _answer(self, sent: float, hydrate: bool) -> float:
        """Seconds until the reply that completes the event sent at `sent`."""
        deadline = sent + self.opts.timeout
        while True:
            t, data = await asyncio.wait_for(self.queue.get(), max(0.001, deadline - time.perf_counter()))
            if hydrate:
                if (data.get("delta") or {}).get(ROOT_STATE, {}).get("is_hydrated_rx_state_") is True:
                    return t - sent
            elif not self.opts.done_match or self.opts.done_match in json.dumps(data):
                return t - sent

    async def connect(self, boot: dict, schema: str | None) -> None:
        """Connect with the hydrate in the CONNECT packet and wait until hydrated."""
        auth = {"event": boot, **({"state_schema": schema} if schema else {})}
        sent = time.perf_counter()
        try:
            await self.sio.connect(f"{self.opts.url}?token={self.token}", transports=["websocket"],
                                   namespaces=[NAMESPACE], socketio_path="/_event", auth=auth,
                                   wait_timeout=self.opts.timeout)  # fmt: skip
            self.connect_s = await self._answer(sent, hydrate=True)
        except Exception as exc:  # any failure counts; the others go on
            self.errors["connect"] += 1
            self.sample = f"connect: {type(exc).__name__}: {exc}"

    async def run(self, event: dict, start: float, stop: asyncio.Event) -> None:
        """Send `event` at the per-tab rate (0: back to back) until the duration ends or stop is set."""
        interval = 1 / self.opts.rate if self.opts.rate > 0 else 0.0
        next_send = start + random.random() * interval
        end, hydrate, n = start + self.opts.duration, event["name"] == HYDRATE, 0
        while not stop.is_set() and time.perf_counter() < end:
            await asyncio.sleep(max(0.0, next_send - time.perf_counter()))
            while not self.queue.empty():
                self.queue.get_nowait()
            sent = time.perf_counter()
            try:
                await self.sio.emit("event", event, namespace=NAMESPACE)
                rtt = await self._answer(sent, hydrate)
                if n >= self.opts.warmup:
                    self.rtts.append(rtt)
            except TimeoutError:
                self.errors["timeout"] += 1
                self.sample = "no reply within the timeout"
            except Exception as exc:  # a cut socket ends this tab
                self.errors["send"] += 1
                self.sample = f"send: {type(exc).__name__}: {exc}"
                return
            n += 1
            next_send = max(next_send + interval, time.perf_counter()) if interval else time.perf_counter()


async def run_load(opts) -> dict:
    """Connect the tabs, run the measured phase, return the figures."""
    cookies = opts.cookies or [""]
    http = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0), cookie_jar=aiohttp.DummyCookieJar())
    texts = await page_js(http, opts.url + opts.path, cookies[0])
    hashes, schema = hashes_and_schema(texts)
    name = resolve(opts.event, event_names(texts))
    rd = router_data(opts.path)
    boot = {"name": HYDRATE, "router_data": rd, **({"payload": {"hashes": hashes}} if hashes else {})}
    payload = json.loads(opts.payload) if opts.payload else {}
    if name == HYDRATE and not payload and hashes:
        payload = {"hashes": hashes}
    payloads = opts.payloads or [payload]
    tabs = [Tab(opts, http, cookies[i % len(cookies)]) for i in range(opts.clients)]
    for i, tab in enumerate(tabs):
        own = payloads[i % len(payloads)]
        tab.event = {"name": name, "router_data": rd, **({"payload": own} if own else {})}
    sem = asyncio.Semaphore(opts.connect_concurrency)

    async def open_tab(tab: Tab) -> None:
        async with sem:
            await tab.connect(json.loads(json.dumps(boot)), schema)

    ramp = time.perf_counter()
    await asyncio.gather(*(open_tab(t) for t in tabs))
    ramp = time.perf_counter() - ramp
    live = [t for t in tabs if t.connect_s is not None]
    print(f"connected {len(live)}/{len(tabs)} in {ramp:.1f} s ({name} on {opts.path}, hashes {bool(hashes)})",
          flush=True)  # fmt: skip
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    start = time.perf_counter() + 0.2
    await asyncio.gather(*(t.run(t.event, start, stop) for t in live))
    wall = max(time.perf_counter() - start, 1e-3)
    await asyncio.gather(*(t.sio.disconnect() for t in live), return_exceptions=True)
    await http.close()
    rtts = [r for t in live for r in t.rtts]
    errors = {k: sum(t.errors[k] for t in tabs) for k in tabs[0].errors} if tabs else {}
    rtt = percentiles(rtts)
    return {"url": opts.url, "path": opts.path, "event": name, "hashes": bool(hashes), "clients": opts.clients,
            "connected": len(live), "rate": opts.rate, "events_ok": len(rtts), "errors": sum(errors.values()),
            "error_detail": errors, "error_samples": sorted({t.sample for t in tabs if t.sample})[:3],
            "rtt_ms": rtt, "p50_ms": rtt["p50"], "p95_ms": rtt["p95"], "p99_ms": rtt["p99"],
            "throughput_eps": round(len(rtts) / wall, 1), "duration_s": round(wall, 1), "ramp_s": round(ramp, 1),
            "connect_hydrate_ms": percentiles([t.connect_s for t in live])}  # fmt: skip


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--url", required=True, help="app origin (production mode: frontend and backend)")
    p.add_argument("--path", default="/", help="route the tabs are on")
    p.add_argument("--clients", type=int, default=50)
    p.add_argument("--duration", type=float, default=15.0, help="seconds of the measured phase")
    p.add_argument("--rate", type=float, default=1.0, help="events per second per tab (0 = back to back)")
    p.add_argument("--warmup", type=int, default=1, help="events per tab sent first and not measured")
    p.add_argument("--event", default="hydrate", help="'hydrate', a full handler name or a unique suffix")
    p.add_argument("--payload", default="", help="JSON object: the handler's arguments")
    p.add_argument("--payload-file", default="", help="one JSON payload per line, tab i takes line i %% n")
    p.add_argument("--done-match", default="", help="a reply counts only when its JSON contains this text")
    p.add_argument("--cookie-file", default="", help="one Cookie header per line, tab i takes line i %% n")
    p.add_argument("--timeout", type=float, default=30.0)
    p.add_argument("--connect-concurrency", type=int, default=20)
    opts = p.parse_args(argv)
    opts.url = opts.url.rstrip("/")
    lines = Path(opts.cookie_file).read_text().splitlines() if opts.cookie_file else []
    opts.cookies = [ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")]
    lines = Path(opts.payload_file).read_text().splitlines() if opts.payload_file else []
    opts.payloads = [json.loads(ln) for ln in lines if ln.strip()]
    return opts


def main(argv: list[str] | None = None) -> int:
    """Run, print a summary and the JSON figures."""
    r = asyncio.run(run_load(parse_args(argv)))
    print(f"round trip ms ({r['events_ok']} events): p50 {r['p50_ms']}  p95 {r['p95_ms']}  p99 {r['p99_ms']}; "
          f"{r['throughput_eps']} events/s; errors {r['errors']} {r['error_samples'] or ''}")  # fmt: skip
    print(json.dumps(r, separators=(",", ":")), flush=True)
    return 0 if r["events_ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
