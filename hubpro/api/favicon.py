"""GET /favicon.ico: the browser asks for it on every page (a 404 there is an error in the console)."""

from __future__ import annotations

import functools
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response

ICON = Path(__file__).resolve().parents[2] / "assets" / "favicon.ico"


@functools.cache
def _icon() -> bytes:
    return ICON.read_bytes()


async def favicon(_request: Request) -> Response:
    """The Hub Pro icon, cached a week by the browser."""
    return Response(_icon(), media_type="image/x-icon", headers={"Cache-Control": "public, max-age=604800"})
