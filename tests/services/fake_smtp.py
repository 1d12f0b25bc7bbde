"""A local SMTP server (aiosmtpd) that keeps every envelope it receives, for the outbox tests."""

from __future__ import annotations

import dataclasses
import socket

from aiosmtpd.controller import Controller

from hubpro.settings import Settings, get_settings


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Collector:
    """aiosmtpd handler keeping every envelope it receives."""

    def __init__(self) -> None:
        self.envelopes: list = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


class SmtpServer:
    """An SMTP server on 127.0.0.1 that the test starts and stops."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.handler = Collector()
        self._controller: Controller | None = None

    def start(self) -> None:
        """Start listening."""
        self._controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        """Stop listening (idempotent)."""
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


def smtp_settings(port: int) -> Settings:
    """The test settings with SMTP pointed at a local server."""
    return dataclasses.replace(get_settings(), smtp_host="127.0.0.1", smtp_port=port, smtp_starttls=False)
