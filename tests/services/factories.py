"""Builders of valid inputs and ready-made accounts for service tests."""

from __future__ import annotations

import re

from sqlmodel import Session, select

from hubpro.models import Driver, OutboxMessage
from hubpro.services import accounts, auth

STRONG_PASSWORD = "Routier-2026!Sûr"


def signup_form(**overrides: str) -> dict[str, str]:
    """A sign-up form that passes every rule."""
    form = {
        "civility": "m",
        "birth_name": "Martin",
        "usage_name": "",
        "first_names": "Jean Pierre",
        "birth_date": "1985-06-15",
        "birth_city": "Lyon",
        "birth_country": "France",
        "email": "jean.martin@example.fr",
        "email_confirmation": "jean.martin@example.fr",
        "phone": "06 12 34 56 78",
        "address": "12 rue des Lilas",
        "postal_code": "69003",
        "city": "Lyon",
        "licence_type": "eu_card",
        "licence_number": "13AB12345",
        "consent_privacy": "on",
        "consent_terms": "on",
        "consent_accuracy": "on",
        "consent_processing": "on",
    }
    form.update(overrides)
    return form


def make_agent(db: Session, email: str = "agent@hubpro.test") -> int:
    """An active agent; returns its id."""
    return auth.create_agent(db, email=email, password=STRONG_PASSWORD, name="Agent Test").id


def outbox_to(db: Session, recipient: str) -> list[OutboxMessage]:
    """Messages queued for a recipient, oldest first."""
    return list(db.exec(select(OutboxMessage).where(OutboxMessage.recipient == recipient).order_by(OutboxMessage.id)))


def link_token(message: OutboxMessage) -> str:
    """The ``jeton`` of the first link in a message."""
    match = re.search(r"jeton=([A-Za-z0-9_\-]+)", message.body_text)
    assert match, message.body_text
    return match.group(1)


def active_driver(
    db: Session, email: str = "jean.martin@example.fr", password: str = STRONG_PASSWORD, **form: str
) -> Driver:
    """A driver taken through sign-up (``form`` overrides fields), validation and password creation."""
    assert accounts.register(db, signup_form(email=email, email_confirmation=email, **form)) == {}
    driver = db.exec(select(Driver).where(Driver.email == email)).one()
    agent_id = make_agent(db, f"agent-for-{driver.id}@hubpro.test")
    accounts.validate_account(db, agent_id=agent_id, public_id=driver.public_id)
    token = link_token(outbox_to(db, email)[-1])
    assert (
        auth.set_password(
            db, raw_token=token, purpose=auth.TokenPurpose.SET_PASSWORD, password=password, confirmation=password
        )
        == {}
    )
    db.refresh(driver)
    return driver
