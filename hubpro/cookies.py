"""Names of hubpro's HttpOnly cookies (set by the API's routes, read by the states) and a Cookie-header reader."""

from __future__ import annotations

from http.cookies import CookieError, SimpleCookie

SESSION_COOKIES = {"driver": "hubpro_sid", "agent": "hubpro_agent_sid", "centre": "hubpro_centre_sid"}
DEVICE_COOKIES = {"driver": "hubpro_device", "agent": "hubpro_agent_device"}  # services/devices.py


def read_cookie(header: str, name: str) -> str:
    """One cookie's value from a Cookie header ('' when absent or malformed)."""
    jar = SimpleCookie()
    try:
        jar.load(header or "")
    except CookieError:
        return ""
    morsel = jar.get(name)
    return morsel.value if morsel else ""
