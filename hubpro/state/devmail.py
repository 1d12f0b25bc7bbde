"""Development mailbox: the outbox as the recipients would see it (development, loopback clients only)."""

from __future__ import annotations

import asyncio
import ipaddress
import logging

import reflex as rx

from hubpro.db import call
from hubpro.services.views.devmail import outbox_messages
from hubpro.settings import get_settings

log = logging.getLogger("hubpro.access")


def is_loopback(ip: str) -> bool:
    """Whether a client address is this machine (127.0.0.0/8, ::1 or an IPv4-mapped loopback)."""
    try:
        addr = ipaddress.ip_address((ip or "").strip())
    except ValueError:
        return False
    mapped = getattr(addr, "ipv4_mapped", None)
    return (mapped or addr).is_loopback


class DevMailState(rx.State):
    """Messages of the development mailbox."""

    enabled: bool = False
    messages: list[dict] = []

    @rx.event
    async def load(self):
        """on_load: the latest messages, in development and to a loopback client only.

        The address is the websocket peer's (X-Forwarded-For counts only with Reflex's
        ``trusted_proxy_hops``): these messages carry password links.
        """
        ip = self.router.session.client_ip
        self.enabled = get_settings().dev_mailbox and is_loopback(ip)
        if not self.enabled:
            log.warning("dev mailbox refused to %s", ip or "unknown client")
        self.messages = await asyncio.to_thread(call, outbox_messages) if self.enabled else []
