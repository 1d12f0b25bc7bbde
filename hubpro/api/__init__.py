"""HTTP routes mounted before Reflex: session cookie exchange, logout, health, readiness, metrics."""

from hubpro.api.app import api

__all__ = ["api"]
