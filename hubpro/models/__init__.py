"""SQLModel tables; importing this package registers every table in the metadata."""

from hubpro.models.accounts import AccountEvent, Driver
from hubpro.models.agents import Agent
from hubpro.models.auth import AuthSession, LoginAttempt, OneTimeToken
from hubpro.models.outbox import OutboxAttempt, OutboxMessage

__all__ = [
    "AccountEvent",
    "Agent",
    "AuthSession",
    "Driver",
    "LoginAttempt",
    "OneTimeToken",
    "OutboxAttempt",
    "OutboxMessage",
]
