"""Tests of account creation, operator analysis (validate / ask for corrections) and driver corrections."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update as sa_update
from sqlmodel import Session, func, select

from hubpro.domain.accounts import AccountStatus
from hubpro.domain.dates import aware, now
from hubpro.domain.tokens import TokenPurpose
from hubpro.models import AccountEvent, Agent, Driver, OutboxMessage
from hubpro.services import accounts, auth, tokens
from hubpro.services.accounts import NotFound, Refused
from tests.services.factories import STRONG_PASSWORD, link_token, make_agent, outbox_to, signup_form

EMAIL = "jean.martin@example.fr"
MISSING_AGENT = 987654


def _count(db: Session, model) -> int:
    return db.exec(select(func.count()).select_from(model)).one()


def _register(db: Session, email: str = EMAIL, **overrides: str) -> Driver:
    assert accounts.register(db, signup_form(email=email, email_confirmation=email, **overrides)) == {}
    return db.exec(select(Driver).where(Driver.email == email)).one()


def _events(db: Session, driver: Driver) -> list[AccountEvent]:
    return list(db.exec(select(AccountEvent).where(AccountEvent.driver_id == driver.id).order_by(AccountEvent.id)))


def _flag(db: Session, driver: Driver, agent_id: int, flags: dict[str, str]) -> str:
    assert accounts.request_correction(db, agent_id=agent_id, public_id=driver.public_id, flags=flags) == {}
    return link_token(outbox_to(db, driver.email)[-1])


def test_register_creates_an_account_in_review_with_history_and_email(db):
    driver = _register(db)
    assert driver.status == AccountStatus.IN_REVIEW.value
    assert driver.phone == "+33612345678"
    assert driver.password_hash is None
    assert driver.consent_privacy_at is not None and driver.consent_processing_at is not None
    [event] = _events(db, driver)
    assert (event.action, event.actor_kind, event.actor_id) == ("created", "driver", driver.id)
    [message] = outbox_to(db, EMAIL)
    assert message.subject == "Votre demande de création de compte est en cours d'analyse"


def test_register_with_errors_stores_nothing(db):
    errors = accounts.register(db, signup_form(postal_code="123", consent_terms=""))
    assert set(errors) == {"postal_code", "consents"}
    assert _count(db, Driver) == 0
    assert _count(db, AccountEvent) == 0
    assert _count(db, OutboxMessage) == 0


def test_duplicate_email_gives_the_same_outcome_and_warns_the_owner(db):
    first = _register(db)
    other_person = signup_form(
        birth_name="Durand",
        first_names="Paul",
        birth_date="1990-01-01",
        licence_number="14CD54321",
        email="JEAN.MARTIN@example.fr",
        email_confirmation="jean.martin@example.fr",
    )
    assert accounts.register(db, other_person) == {}
    assert _count(db, Driver) == 1
    db.refresh(first)
    assert first.birth_name == "Martin"  # the existing account is untouched
    messages = outbox_to(db, EMAIL)
    assert [m.subject for m in messages] == [
        "Votre demande de création de compte est en cours d'analyse",
        "Tentative de création de compte avec votre adresse",
    ]
    assert "Aucun nouveau compte n'a été créé" in messages[-1].body_text
    assert "Jean Pierre Martin" in messages[-1].body_text  # addressed to the owner, not the newcomer


def test_replayed_identical_submission_sends_no_extra_email(db):
    _register(db)
    assert accounts.register(db, signup_form()) == {}
    assert _count(db, Driver) == 1
    assert len(outbox_to(db, EMAIL)) == 1


def test_same_submission_after_the_replay_window_warns_the_owner(db):
    driver = _register(db)
    driver.created_at = now() - accounts.REPLAY_WINDOW - timedelta(minutes=1)
    db.add(driver)
    db.commit()
    assert accounts.register(db, signup_form()) == {}
    assert outbox_to(db, EMAIL)[-1].subject == "Tentative de création de compte avec votre adresse"


def test_queue_lists_accounts_in_review_oldest_first(db):
    agent_id = make_agent(db)
    ages = {"a@example.fr": 1, "b@example.fr": 3, "c@example.fr": 2, "d@example.fr": 4, "e@example.fr": 5}
    drivers = {}
    for email, hours in ages.items():
        driver = _register(db, email, licence_number=f"13AB1234{hours}")
        driver.submitted_at = now() - timedelta(hours=hours)
        db.add(driver)
        drivers[email] = driver
    db.commit()
    accounts.validate_account(db, agent_id=agent_id, public_id=drivers["d@example.fr"].public_id)
    _flag(db, drivers["e@example.fr"], agent_id, {"birth_name": "Illisible."})
    queued = accounts.queue(db, agent_id=agent_id)
    assert [d.email for d in queued] == ["b@example.fr", "c@example.fr", "a@example.fr"]


def test_validate_account_sends_the_password_link_and_records_the_agent(db):
    driver = _register(db)
    agent_id = make_agent(db)
    accounts.validate_account(db, agent_id=agent_id, public_id=driver.public_id)
    db.refresh(driver)
    assert driver.status == AccountStatus.VALIDATED.value
    message = outbox_to(db, EMAIL)[-1]
    assert message.subject == "Votre compte Hub Pro Transport est validé"
    assert "/mot-de-passe?jeton=" in message.body_text
    assert "72 heures" in message.body_text
    assert auth.link_is_valid(db, link_token(message), TokenPurpose.SET_PASSWORD)
    _, events = accounts.get_for_agent(db, agent_id=agent_id, public_id=driver.public_id)
    last = events[-1]
    assert (last.action, last.actor_kind, last.actor_id) == ("validated", "agent", agent_id)
    assert (last.from_status, last.to_status) == ("in_review", "validated")


def test_request_correction_needs_at_least_one_field(db):
    driver = _register(db)
    agent_id = make_agent(db)
    for flags in ({}, None, {"status": "active"}, {"password_hash": "x", "email_confirmation": "x"}):
        errors = accounts.request_correction(db, agent_id=agent_id, public_id=driver.public_id, flags=flags)
        assert set(errors) == {"_form"}, flags
    db.refresh(driver)
    assert driver.status == AccountStatus.IN_REVIEW.value
    assert driver.corrections == {}
    assert len(outbox_to(db, EMAIL)) == 1


def test_request_correction_needs_a_reason_per_field(db):
    driver = _register(db)
    agent_id = make_agent(db)
    flags = {"birth_name": "Ne correspond pas à la pièce d'identité.", "phone": "   ", "address": ""}
    errors = accounts.request_correction(db, agent_id=agent_id, public_id=driver.public_id, flags=flags)
    reason_needed = "Indiquez la raison de la correction."
    assert errors == {"phone": reason_needed, "address": reason_needed}
    too_long = {"birth_name": "x" * (accounts.REASON_MAX + 1)}
    errors = accounts.request_correction(db, agent_id=agent_id, public_id=driver.public_id, flags=too_long)
    assert set(errors) == {"birth_name"}
    db.refresh(driver)
    assert driver.status == AccountStatus.IN_REVIEW.value
    assert len(outbox_to(db, EMAIL)) == 1


def test_request_correction_moves_to_correct_and_emails_each_field_and_reason(db):
    driver = _register(db)
    agent_id = make_agent(db)
    flags = {
        "birth_name": "Ne correspond pas à la pièce d'identité.",
        "licence_number": "Numéro illisible, vérifiez la rubrique 5.",
    }
    token = _flag(db, driver, agent_id, flags)
    db.refresh(driver)
    assert driver.status == AccountStatus.TO_CORRECT.value
    assert driver.corrections == flags
    message = outbox_to(db, EMAIL)[-1]
    assert message.subject == "Votre demande de création de compte est à corriger"
    assert "• Nom de naissance : Ne correspond pas à la pièce d'identité." in message.body_text
    assert "• Numéro de permis de conduire : Numéro illisible, vérifiez la rubrique 5." in message.body_text
    assert f"/correction?jeton={token}" in message.body_text
    last = _events(db, driver)[-1]
    assert (last.action, last.actor_id, last.to_status) == ("correction_requested", agent_id, "to_correct")
    assert last.detail == {"fields": flags}


def test_correction_round_trip_changes_only_the_flagged_fields(db):
    driver = _register(db)
    agent_id = make_agent(db)
    flags = {"birth_name": "Faute de frappe.", "licence_number": "Numéro incomplet."}
    token = _flag(db, driver, agent_id, flags)
    before_submit = aware(driver.submitted_at)

    view = accounts.get_correction(db, token)
    assert view is not None
    assert view.flags == flags
    assert view.values == {"birth_name": "Martin", "licence_number": "13AB12345"}

    data = signup_form(birth_name="Martinez", licence_number="14 cd 54321", first_names="Paul", postal_code="75001")
    assert accounts.submit_correction(db, token, data) == {}
    db.refresh(driver)
    assert driver.birth_name == "Martinez"
    assert driver.licence_number == "14CD54321"
    assert driver.first_names == "Jean Pierre"  # not flagged: unchanged
    assert driver.postal_code == "69003"
    assert driver.status == AccountStatus.IN_REVIEW.value
    assert driver.corrections == {}
    assert aware(driver.submitted_at) > before_submit
    last = _events(db, driver)[-1]
    assert (last.action, last.actor_kind, last.actor_id) == ("corrected", "driver", driver.id)
    assert last.detail["before"] == {"birth_name": "Martin", "licence_number": "13AB12345"}
    assert last.detail["after"] == {"birth_name": "Martinez", "licence_number": "14CD54321"}
    assert driver in accounts.queue(db, agent_id=agent_id)


def test_correction_link_is_single_use(db):
    driver = _register(db)
    token = _flag(db, driver, make_agent(db), {"birth_name": "Faute de frappe."})
    assert accounts.submit_correction(db, token, {"birth_name": "Martinez"}) == {}
    again = accounts.submit_correction(db, token, {"birth_name": "Autre"})
    assert set(again) == {"_link"}
    assert accounts.get_correction(db, token) is None
    db.refresh(driver)
    assert driver.birth_name == "Martinez"


def test_invalid_correction_keeps_the_account_and_the_link(db):
    driver = _register(db)
    token = _flag(db, driver, make_agent(db), {"birth_name": "Faute.", "licence_number": "Incomplet."})
    # An EU-card account: a pink-paper number is refused against the stored type.
    errors = accounts.submit_correction(db, token, {"birth_name": "Martin3", "licence_number": "850675123456"})
    assert set(errors) == {"birth_name", "licence_number"}
    errors = accounts.submit_correction(db, token, {"birth_name": "", "licence_number": "14CD54321"})
    assert set(errors) == {"birth_name"}
    db.refresh(driver)
    assert driver.status == AccountStatus.TO_CORRECT.value
    assert (driver.birth_name, driver.licence_number) == ("Martin", "13AB12345")
    assert accounts.get_correction(db, token) is not None


def test_corrected_email_needs_its_confirmation_and_must_be_free(db):
    _register(db, "autre@example.fr", licence_number="14CD54321")
    driver = _register(db)
    token = _flag(db, driver, make_agent(db), {"email": "Adresse erronée."})
    errors = accounts.submit_correction(db, token, {"email": "neuve@example.fr", "email_confirmation": "x@example.fr"})
    assert set(errors) == {"email_confirmation"}
    errors = accounts.submit_correction(
        db, token, {"email": "autre@example.fr", "email_confirmation": "autre@example.fr"}
    )
    assert set(errors) == {"email"}
    assert (
        accounts.submit_correction(db, token, {"email": "neuve@example.fr", "email_confirmation": "neuve@example.fr"})
        == {}
    )
    db.refresh(driver)
    assert driver.email == "neuve@example.fr"


def test_garbage_correction_tokens(db):
    for token in ("", "court", "x" * 200, "A" * 43):
        assert accounts.get_correction(db, token) is None
        assert set(accounts.submit_correction(db, token, {})) == {"_link"}


def test_password_link_is_not_a_correction_link(db):
    driver = _register(db)
    accounts.validate_account(db, agent_id=make_agent(db), public_id=driver.public_id)
    token = link_token(outbox_to(db, EMAIL)[-1])
    assert accounts.get_correction(db, token) is None
    assert set(accounts.submit_correction(db, token, {"birth_name": "Pirate"})) == {"_link"}


@pytest.mark.parametrize(
    ("first", "second"),
    [("validate", "validate"), ("validate", "correct"), ("correct", "validate"), ("correct", "correct")],
)
def test_deciding_twice_is_refused(db, first, second):
    driver = _register(db)
    agent_id = make_agent(db)

    def decide(kind: str) -> None:
        if kind == "validate":
            accounts.validate_account(db, agent_id=agent_id, public_id=driver.public_id)
        else:
            accounts.request_correction(db, agent_id=agent_id, public_id=driver.public_id, flags={"city": "Erreur."})

    decide(first)
    status = db.get(Driver, driver.id).status
    messages = len(outbox_to(db, EMAIL))
    with pytest.raises(Refused, match="plus en analyse"):
        decide(second)
    db.refresh(driver)
    assert driver.status == status
    assert len(outbox_to(db, EMAIL)) == messages


def test_unknown_or_inactive_agent_raises_not_found(db):
    driver = _register(db)
    pid = driver.public_id
    inactive = db.get(Agent, make_agent(db, "ancien@hubpro.test"))
    inactive.active = False
    db.add(inactive)
    db.commit()
    for agent_id in (MISSING_AGENT, inactive.id):
        with pytest.raises(NotFound):
            accounts.queue(db, agent_id=agent_id)
        with pytest.raises(NotFound):
            accounts.get_for_agent(db, agent_id=agent_id, public_id=pid)
        with pytest.raises(NotFound):
            accounts.validate_account(db, agent_id=agent_id, public_id=pid)
        with pytest.raises(NotFound):
            accounts.request_correction(db, agent_id=agent_id, public_id=pid, flags={"city": "Erreur."})
        with pytest.raises(NotFound):
            accounts.resend_password_link(db, agent_id=agent_id, public_id=pid)
    db.refresh(driver)
    assert driver.status == AccountStatus.IN_REVIEW.value
    assert len(outbox_to(db, EMAIL)) == 1


def test_unknown_account_raises_not_found(db):
    agent_id = make_agent(db)
    for pid in ("0" * 32, "", str(MISSING_AGENT)):
        with pytest.raises(NotFound):
            accounts.validate_account(db, agent_id=agent_id, public_id=pid)
        with pytest.raises(NotFound):
            accounts.get_for_agent(db, agent_id=agent_id, public_id=pid)


def test_resend_password_link_invalidates_the_old_one(db):
    driver = _register(db)
    agent_id = make_agent(db)
    accounts.validate_account(db, agent_id=agent_id, public_id=driver.public_id)
    old = link_token(outbox_to(db, EMAIL)[-1])
    accounts.resend_password_link(db, agent_id=agent_id, public_id=driver.public_id)
    new = link_token(outbox_to(db, EMAIL)[-1])
    assert new != old
    assert not auth.link_is_valid(db, old, TokenPurpose.SET_PASSWORD)
    assert auth.link_is_valid(db, new, TokenPurpose.SET_PASSWORD)
    kwargs = {"purpose": TokenPurpose.SET_PASSWORD, "password": STRONG_PASSWORD, "confirmation": STRONG_PASSWORD}
    assert set(auth.set_password(db, raw_token=old, **kwargs)) == {"_link"}
    assert auth.set_password(db, raw_token=new, **kwargs) == {}
    last_sent = [e for e in _events(db, driver) if e.action == "password_link_sent"]
    assert [(e.actor_kind, e.actor_id) for e in last_sent] == [("agent", agent_id)]


def test_resend_password_link_only_for_a_validated_account(db):
    driver = _register(db)
    agent_id = make_agent(db)
    with pytest.raises(Refused):
        accounts.resend_password_link(db, agent_id=agent_id, public_id=driver.public_id)
    assert len(outbox_to(db, EMAIL)) == 1


def test_concurrent_submissions_of_one_correction_link(db, schema, monkeypatch):
    driver = _register(db)
    token = _flag(db, driver, make_agent(db), {"birth_name": "Faute de frappe."})
    real_find_valid = tokens.find_valid
    raced = []

    def find_then_lose_the_race(session, raw, purpose):
        row = real_find_valid(session, raw, purpose)
        if row is not None and not raced:
            raced.append(True)  # another tab submits between our check and our write
            with Session(schema, expire_on_commit=False) as other:
                assert accounts.submit_correction(other, raw, {"birth_name": "Premier"}) == {}
        return row

    monkeypatch.setattr(tokens, "find_valid", find_then_lose_the_race)
    assert set(accounts.submit_correction(db, token, {"birth_name": "Second"})) == {"_link"}
    db.expire_all()
    assert db.get(Driver, driver.id).birth_name == "Premier"
    assert [e.action for e in _events(db, driver)].count("corrected") == 1


def test_two_agents_deciding_at_once_cannot_both_succeed(db):
    """The second decision on a stale read is refused (conditional status update)."""
    assert accounts.register(db, signup_form()) == {}
    driver = db.exec(select(Driver)).one()
    agent_id = make_agent(db)
    # Another agent validated in the meantime: the row changed under this session's feet.
    db.exec(sa_update(Driver).where(Driver.id == driver.id).values(status="validated"))
    with pytest.raises(accounts.Refused):
        accounts.request_correction(db, agent_id=agent_id, public_id=driver.public_id, flags={"city": "Erreur"})


def test_correcting_only_the_licence_type_must_fit_the_number(db):
    assert accounts.register(db, signup_form()) == {}
    driver = db.exec(select(Driver)).one()
    agent_id = make_agent(db)
    accounts.request_correction(db, agent_id=agent_id, public_id=driver.public_id, flags={"licence_type": "Type ?"})
    token = link_token(outbox_to(db, driver.email)[-1])
    errors = accounts.submit_correction(db, token, {"licence_type": "pink_paper"})
    assert "ne correspond pas" in errors["licence_type"]
    assert accounts.submit_correction(db, token, {"licence_type": "foreign"}) == {}
