"""SQLModel tables; importing this package registers every table in the metadata."""

from hubpro.models.accounts import AccountEvent, Driver
from hubpro.models.agents import Agent
from hubpro.models.auth import AuthSession, KnownDevice, LoginAttempt, OneTimeToken
from hubpro.models.card_requests import (
    Card,
    CardEvent,
    CardRequest,
    DocumentView,
    Notice,
    RequestDocument,
    RequestEvent,
)
from hubpro.models.files import StoredFile
from hubpro.models.outbox import OutboxAttempt, OutboxMessage
from hubpro.models.payments import Invoice, InvoiceCounter, Payment, PaymentEvent, StripeEvent
from hubpro.models.reminders import ReminderPreference, ScheduledJob, SentReminder
from hubpro.models.trainings import CentreApiKey, Certificate, Training, TrainingCentre
from hubpro.models.verification import ShareCode, ShareView, VerificationCheck, VerificationToken

__all__ = [
    "AccountEvent",
    "Agent",
    "AuthSession",
    "Card",
    "CardEvent",
    "CardRequest",
    "CentreApiKey",
    "Certificate",
    "DocumentView",
    "Driver",
    "Invoice",
    "InvoiceCounter",
    "KnownDevice",
    "LoginAttempt",
    "Notice",
    "OneTimeToken",
    "OutboxAttempt",
    "OutboxMessage",
    "Payment",
    "PaymentEvent",
    "ReminderPreference",
    "RequestDocument",
    "RequestEvent",
    "ScheduledJob",
    "SentReminder",
    "ShareCode",
    "ShareView",
    "StoredFile",
    "StripeEvent",
    "Training",
    "TrainingCentre",
    "VerificationCheck",
    "VerificationToken",
]
