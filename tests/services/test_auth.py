"""Tests of passwords, sign-in with throttling, sessions and reset links on a real database."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlmodel import Session, func, select

from hubpro.domain import throttle
from hubpro.domain.accounts import AccountAction, AccountStatus
from hubpro.domain.dates import now
from hubpro.domain.tokens import TokenPurpose
from hubpro.models import Agent, AuthSession, Driver, KnownDevice, LoginAttempt, OneTimeToken
from hubpro.services import accounts, auth, devices, history, tokens
from tests.services.factories import (
    STRONG_PASSWORD,
    active_driver,
    link_token,
    make_agent,
    outbox_to,
    signup_form,
)

EMAIL = "jean.martin@example.fr"
IP = "203.0.113.7"
NEW_PASSWORD = "Nouvelle-Route!2027"
ACCENTED_64 = "Éléphant-Ça-Dépassé-Lès-Soixanté-Quatré-Caractèrés-Accéntués-ÀÉ!"


def _validated_driver(db: Session) -> tuple[Driver, str]:
    """A validated driver and the raw « Créer mon mot de passe » token."""
    assert accounts.register(db, signup_form()) == {}
    driver = db.exec(select(Driver).where(Driver.email == EMAIL)).one()
    accounts.validate_account(db, agent_id=make_agent(db), public_id=driver.public_id)
    return driver, link_token(outbox_to(db, EMAIL)[-1])


def _set(db: Session, token: str, password: str, confirmation: str | None = None, purpose=TokenPurpose.SET_PASSWORD):
    confirmation = password if confirmation is None else confirmation
    return auth.set_password(db, raw_token=token, purpose=purpose, password=password, confirmation=confirmation)


def _login(db: Session, password: str = STRONG_PASSWORD, email: str = EMAIL, ip: str = IP, role: str = "driver"):
    return auth.login(db, role=role, email=email, password=password, ip=ip)


def _sign_in(db: Session, password: str = STRONG_PASSWORD, email: str = EMAIL, role: str = "driver") -> str:
    result = _login(db, password, email, role=role)
    assert result.error == "", result.error
    exchanged = auth.exchange_ticket(db, result.ticket)
    assert exchanged is not None
    assert exchanged[0] == role
    return exchanged[1]


def _age_tokens(db: Session, driver_id: int, by: timedelta) -> None:
    for row in db.exec(select(OneTimeToken).where(OneTimeToken.driver_id == driver_id)).all():
        row.created_at = row.created_at - by
        db.add(row)
    db.commit()


def _age_attempts(db: Session, by: timedelta) -> None:
    for row in db.exec(select(LoginAttempt)).all():
        row.at = row.at - by
        db.add(row)
    db.commit()


def _session_row(db: Session) -> AuthSession:
    return db.exec(select(AuthSession).order_by(AuthSession.id.desc())).first()


def _reset_links(db: Session) -> list[str]:
    return [link_token(m) for m in outbox_to(db, EMAIL) if m.subject == "Réinitialisation de votre mot de passe"]


def test_full_chain_from_sign_up_to_logout(db):
    assert accounts.register(db, signup_form()) == {}
    driver = db.exec(select(Driver).where(Driver.email == EMAIL)).one()
    agent_id = make_agent(db)
    assert _login(db).error == auth.GENERIC_FAILURE  # no password yet

    flag = {"birth_city": "Ne correspond pas à la pièce d'identité."}
    assert accounts.request_correction(db, agent_id=agent_id, public_id=driver.public_id, flags=flag) == {}
    correction = link_token(outbox_to(db, EMAIL)[-1])
    assert accounts.submit_correction(db, correction, {"birth_city": "Villeurbanne"}) == {}

    accounts.validate_account(db, agent_id=agent_id, public_id=driver.public_id)
    assert _set(db, link_token(outbox_to(db, EMAIL)[-1]), STRONG_PASSWORD) == {}
    db.refresh(driver)
    assert driver.status == AccountStatus.ACTIVE.value
    assert driver.birth_city == "Villeurbanne"

    result = _login(db)
    assert result.error == ""
    assert len(result.ticket) >= 40
    role, token = auth.exchange_ticket(db, result.ticket)
    assert role == "driver"
    assert token != result.ticket
    assert auth.resolve(db, role="driver", token=token) == driver.id
    auth.logout(db, token)
    assert auth.resolve(db, role="driver", token=token) is None
    actions = [e.action for e in accounts.get_for_agent(db, agent_id=agent_id, public_id=driver.public_id)[1]]
    assert actions == ["created", "correction_requested", "corrected", "validated", "password_set"]


def test_only_hashes_of_tickets_and_tokens_are_stored(db):
    active_driver(db)
    result = _login(db)
    _, token = auth.exchange_ticket(db, result.ticket)
    row = _session_row(db)
    assert row.token_hash not in (None, token)
    assert len(row.token_hash) == 64
    assert row.ticket_hash is None  # spent
    assert db.exec(select(Driver)).one().password_hash.startswith("$2")


def test_weak_password_gives_field_errors_and_keeps_the_link(db):
    driver, token = _validated_driver(db)
    errors = _set(db, token, "court")
    assert set(errors) == {"password"}
    assert "12 caractères" in errors["password"]
    errors = _set(db, token, STRONG_PASSWORD, STRONG_PASSWORD + "?")
    assert set(errors) == {"confirmation"}
    assert set(_set(db, token, "Motdepasse123!")) == {"password"}
    db.refresh(driver)
    assert driver.password_hash is None
    assert driver.status == AccountStatus.VALIDATED.value
    assert auth.link_is_valid(db, token, TokenPurpose.SET_PASSWORD)
    assert _set(db, token, STRONG_PASSWORD) == {}


def test_expired_password_link(db):
    driver, token = _validated_driver(db)
    _age_tokens(db, driver.id, timedelta(hours=71, minutes=59))
    assert auth.link_is_valid(db, token, TokenPurpose.SET_PASSWORD)
    _age_tokens(db, driver.id, timedelta(minutes=1))
    assert not auth.link_is_valid(db, token, TokenPurpose.SET_PASSWORD)
    assert _set(db, token, STRONG_PASSWORD) == {"_link": auth.LINK_INVALID}
    db.refresh(driver)
    assert driver.password_hash is None


def test_expired_link_with_a_clock_in_the_future(db, monkeypatch):
    _, token = _validated_driver(db)
    later = now() + timedelta(hours=72)
    monkeypatch.setattr("hubpro.services.tokens.now", lambda: later)
    assert _set(db, token, STRONG_PASSWORD) == {"_link": auth.LINK_INVALID}


def test_reused_password_link(db):
    _, token = _validated_driver(db)
    assert _set(db, token, STRONG_PASSWORD) == {}
    assert _set(db, token, NEW_PASSWORD) == {"_link": auth.LINK_INVALID}
    assert _login(db, NEW_PASSWORD).error == auth.GENERIC_FAILURE
    assert _login(db, STRONG_PASSWORD).error == ""


def test_link_of_one_purpose_does_not_work_for_another(db):
    _, token = _validated_driver(db)
    assert _set(db, token, STRONG_PASSWORD, purpose=TokenPurpose.RESET_PASSWORD) == {"_link": auth.LINK_INVALID}
    with pytest.raises(ValueError):
        _set(db, token, STRONG_PASSWORD, purpose=TokenPurpose.CORRECTION)
    assert auth.link_is_valid(db, token, TokenPurpose.SET_PASSWORD)


def test_wrong_password_and_unknown_email_get_the_same_message(db):
    active_driver(db)
    wrong = _login(db, "Pas-Le-Bon-Mot!2026")
    unknown = _login(db, STRONG_PASSWORD, email="personne@example.fr")
    assert wrong.error == unknown.error == auth.GENERIC_FAILURE
    assert wrong.ticket == unknown.ticket == ""
    assert db.exec(select(func.count()).select_from(AuthSession)).one() == 0
    assert db.exec(select(func.count()).select_from(LoginAttempt).where(LoginAttempt.success)).one() == 0


def test_email_is_matched_case_insensitively(db):
    active_driver(db)
    assert _login(db, email="  Jean.Martin@EXAMPLE.fr ").error == ""


def test_login_refused_for_an_account_not_yet_active(db):
    driver, token = _validated_driver(db)
    assert _login(db).error == auth.GENERIC_FAILURE  # validated, no password yet
    assert _set(db, token, STRONG_PASSWORD) == {}
    history.apply(db, driver, AccountAction.DISABLED, actor_kind="agent", actor_id=None)
    db.commit()
    assert _login(db).error == auth.GENERIC_FAILURE  # right password, disabled account


def test_login_refused_for_a_driver_with_a_hash_but_still_in_review(db):
    assert accounts.register(db, signup_form()) == {}
    driver = db.exec(select(Driver).where(Driver.email == EMAIL)).one()
    driver.password_hash = auth.hash_password(STRONG_PASSWORD)
    db.add(driver)
    db.commit()
    assert _login(db).error == auth.GENERIC_FAILURE


def test_after_five_failures_the_next_attempt_must_wait(db):
    active_driver(db)
    for _ in range(throttle.DELAY_AFTER):
        assert _login(db, "Mauvais-Mot!2026").error == auth.GENERIC_FAILURE
    result = _login(db)  # right password, too soon
    assert result.ticket == ""
    assert result.error.startswith("Trop de tentatives. Réessayez dans")
    _age_attempts(db, timedelta(seconds=5))
    assert _login(db).error == ""


def test_ten_failures_lock_the_account_even_with_the_right_password(db):
    active_driver(db)
    for _ in range(throttle.LOCK_AFTER):
        assert _login(db, "Mauvais-Mot!2026").error == auth.GENERIC_FAILURE
        _age_attempts(db, timedelta(seconds=61))  # let the growing delay pass
    result = _login(db)
    assert result.ticket == ""
    assert "la connexion est suspendue" in result.error
    assert "Mot de passe oublié" in result.error
    # Refused attempts during the lock are not recorded: the lock does not extend itself.
    assert db.exec(select(func.count()).select_from(LoginAttempt)).one() == throttle.LOCK_AFTER
    assert db.exec(select(func.count()).select_from(AuthSession)).one() == 0
    # Soft lock: it lifts after 15 minutes.
    _age_attempts(db, throttle.LOCK_FOR)
    assert _login(db).error == ""


def _ip_failures(db: Session, count: int, ip: str = IP) -> None:
    """Failed attempts from one address on as many different accounts, one every 10 s."""
    for i in range(count):
        at = now() - timedelta(seconds=10 * (i + 1))
        db.add(LoginAttempt(role="driver", email=f"victime{i}@example.fr", ip=ip, at=at, success=False))
    db.commit()


def test_failures_of_others_behind_a_shared_ip_do_not_lock_a_driver(db):
    active_driver(db)
    _ip_failures(db, throttle.LOCK_AFTER)  # enough to lock one account, not a shared address
    assert _login(db).error == ""


def test_many_failures_from_one_ip_lock_that_ip_only(db):
    active_driver(db)
    _ip_failures(db, throttle.LOCK_AFTER * throttle.IP_FACTOR)
    result = _login(db)
    assert result.ticket == ""
    assert "suspendue" in result.error
    assert auth.login(db, role="driver", email=EMAIL, password=STRONG_PASSWORD, ip="198.51.100.1").error == ""


def test_a_success_clears_earlier_failures(db):
    active_driver(db)
    for _ in range(4):
        _login(db, "Mauvais-Mot!2026")
    assert _login(db).error == ""
    for _ in range(4):
        assert _login(db, "Mauvais-Mot!2026").error == auth.GENERIC_FAILURE
    assert _login(db).error == ""  # only 4 failures since the last success: no wait


def test_ticket_is_single_use(db):
    active_driver(db)
    ticket = _login(db).ticket
    assert auth.exchange_ticket(db, ticket) is not None
    assert auth.exchange_ticket(db, ticket) is None


def test_ticket_expires_after_60_seconds(db, monkeypatch):
    active_driver(db)
    issued = now()
    first = _login(db).ticket
    second = _login(db).ticket
    monkeypatch.setattr("hubpro.services.auth.now", lambda: issued + timedelta(seconds=61))
    assert auth.exchange_ticket(db, first) is None
    monkeypatch.setattr("hubpro.services.auth.now", lambda: issued + timedelta(seconds=55))
    assert auth.exchange_ticket(db, second) is not None


@pytest.mark.parametrize("ticket", ["", "x", "y" * 500, None, 12345])
def test_garbage_tickets_and_tokens(db, ticket):
    assert auth.exchange_ticket(db, ticket) is None
    assert auth.resolve(db, role="driver", token=ticket) is None
    auth.logout(db, ticket)  # no error


def test_each_login_gets_its_own_session(db):
    active_driver(db)
    first = _sign_in(db)
    second = _sign_in(db)
    assert first != second
    auth.logout(db, first)
    assert auth.resolve(db, role="driver", token=first) is None
    assert auth.resolve(db, role="driver", token=second) is not None


def test_driver_session_idle_timeout(db):
    driver = active_driver(db)
    token = _sign_in(db)
    row = _session_row(db)
    row.last_seen_at = now() - timedelta(minutes=29)
    db.add(row)
    db.commit()
    assert auth.resolve(db, role="driver", token=token) == driver.id
    db.refresh(row)
    assert now() - row.last_seen_at < timedelta(minutes=1)  # activity slides the idle timer
    row.last_seen_at = now() - timedelta(minutes=30)
    db.add(row)
    db.commit()
    assert auth.resolve(db, role="driver", token=token) is None


def test_agent_session_idle_timeout_is_15_minutes(db):
    make_agent(db)
    token = _sign_in(db, email="agent@hubpro.test", role="agent")
    row = _session_row(db)
    row.last_seen_at = now() - timedelta(minutes=16)
    db.add(row)
    db.commit()
    assert auth.resolve(db, role="agent", token=token) is None


def test_session_absolute_timeout_despite_activity(db):
    active_driver(db)
    token = _sign_in(db)
    row = _session_row(db)
    row.created_at = now() - timedelta(hours=12)
    row.last_seen_at = now()
    db.add(row)
    db.commit()
    assert auth.resolve(db, role="driver", token=token) is None


def test_a_driver_token_is_not_an_agent_token_and_vice_versa(db):
    driver = active_driver(db)
    agent = db.exec(select(Agent)).first()
    driver_token = _sign_in(db)
    agent_token = _sign_in(db, email=agent.email, role="agent")
    assert auth.resolve(db, role="agent", token=driver_token) is None
    assert auth.resolve(db, role="driver", token=agent_token) is None
    assert auth.resolve(db, role="driver", token=driver_token) == driver.id
    assert auth.resolve(db, role="agent", token=agent_token) == agent.id


def test_a_driver_cannot_sign_in_on_the_agent_side(db):
    active_driver(db)
    assert _login(db, role="agent").error == auth.GENERIC_FAILURE
    with pytest.raises(ValueError):
        _login(db, role="admin")


def test_request_reset_for_an_unknown_email_does_nothing(db):
    assert auth.request_reset(db, email="personne@example.fr") is None
    assert outbox_to(db, "personne@example.fr") == []
    assert db.exec(select(func.count()).select_from(OneTimeToken)).one() == 0


def test_request_reset_for_an_account_in_review_sends_nothing(db):
    assert accounts.register(db, signup_form()) == {}
    assert auth.request_reset(db, email=EMAIL) is None
    assert len(outbox_to(db, EMAIL)) == 1  # only « en cours d'analyse »


def test_request_reset_for_a_validated_account_resends_the_password_link(db):
    _, old = _validated_driver(db)
    auth.request_reset(db, email=EMAIL)
    message = outbox_to(db, EMAIL)[-1]
    assert message.subject == "Votre compte Hub Pro Transport est validé"
    new = link_token(message)
    assert not auth.link_is_valid(db, old, TokenPurpose.SET_PASSWORD)
    assert _set(db, new, STRONG_PASSWORD) == {}


def test_reset_sets_the_password_revokes_sessions_and_tells_the_driver(db):
    driver = active_driver(db)
    token_a = _sign_in(db)
    token_b = _sign_in(db)
    auth.request_reset(db, email=" JEAN.MARTIN@example.fr ")
    message = outbox_to(db, EMAIL)[-1]
    assert message.subject == "Réinitialisation de votre mot de passe"
    assert "/reinitialiser?jeton=" in message.body_text
    assert "60 minutes" in message.body_text
    reset = link_token(message)
    assert _set(db, reset, NEW_PASSWORD, purpose=TokenPurpose.RESET_PASSWORD) == {}
    assert auth.resolve(db, role="driver", token=token_a) is None
    assert auth.resolve(db, role="driver", token=token_b) is None
    changed = outbox_to(db, EMAIL)[-1]
    assert changed.subject == "Votre mot de passe a été modifié"
    assert "sessions ouvertes ont été fermées" in changed.body_text
    assert _login(db, STRONG_PASSWORD).error == auth.GENERIC_FAILURE
    assert _login(db, NEW_PASSWORD).error == ""
    assert _set(db, reset, STRONG_PASSWORD, purpose=TokenPurpose.RESET_PASSWORD) == {"_link": auth.LINK_INVALID}
    db.refresh(driver)
    assert driver.status == AccountStatus.ACTIVE.value


def test_reset_revokes_a_ticket_not_yet_exchanged(db):
    active_driver(db)
    ticket = _login(db).ticket
    auth.request_reset(db, email=EMAIL)
    assert _set(db, _reset_links(db)[-1], NEW_PASSWORD, purpose=TokenPurpose.RESET_PASSWORD) == {}
    assert auth.exchange_ticket(db, ticket) is None


def test_reset_link_expires_after_60_minutes(db):
    driver = active_driver(db)
    auth.request_reset(db, email=EMAIL)
    reset = _reset_links(db)[-1]
    _age_tokens(db, driver.id, timedelta(minutes=60))
    assert _set(db, reset, NEW_PASSWORD, purpose=TokenPurpose.RESET_PASSWORD) == {"_link": auth.LINK_INVALID}
    assert _login(db).error == ""  # the old password still works


def test_weak_reset_password_keeps_the_old_one(db):
    active_driver(db)
    auth.request_reset(db, email=EMAIL)
    reset = _reset_links(db)[-1]
    assert set(_set(db, reset, "azerty", purpose=TokenPurpose.RESET_PASSWORD)) == {"password"}
    assert _login(db).error == ""
    assert auth.link_is_valid(db, reset, TokenPurpose.RESET_PASSWORD)


def test_at_most_three_links_per_hour(db):
    driver = active_driver(db)
    _age_tokens(db, driver.id, timedelta(hours=2))  # the « Créer mon mot de passe » link is old
    for _ in range(5):
        auth.request_reset(db, email=EMAIL)
    links = _reset_links(db)
    assert len(links) == auth.RESET_LINKS_PER_HOUR
    # Only the newest one works.
    assert [auth.link_is_valid(db, t, TokenPurpose.RESET_PASSWORD) for t in links] == [False, False, True]
    # The limit is per hour, not forever.
    _age_tokens(db, driver.id, timedelta(hours=1))
    auth.request_reset(db, email=EMAIL)
    assert len(_reset_links(db)) == auth.RESET_LINKS_PER_HOUR + 1


def test_a_64_character_accented_password_can_be_set_and_used(db):
    assert len(ACCENTED_64) == 64
    assert len(ACCENTED_64.encode()) > 72  # more than bcrypt takes
    active_driver(db, password=ACCENTED_64)
    assert _login(db, ACCENTED_64).error == ""
    # The characters beyond bcrypt's 72 bytes still count.
    same_first_72_bytes = ACCENTED_64[:-1] + "?"
    assert ACCENTED_64.encode()[:72] == same_first_72_bytes.encode()[:72]
    assert _login(db, same_first_72_bytes).error == auth.GENERIC_FAILURE


def test_create_agent_refuses_a_weak_password(db):
    with pytest.raises(ValueError, match="12 caractères"):
        auth.create_agent(db, email="agent@hubpro.test", password="Court!1")
    with pytest.raises(ValueError, match="trop courant"):
        auth.create_agent(db, email="agent@hubpro.test", password="Administrateur!2026")
    assert db.exec(select(func.count()).select_from(Agent)).one() == 0


def test_create_agent_again_reactivates_with_the_new_password(db):
    agent_id = make_agent(db)
    agent = db.get(Agent, agent_id)
    agent.active = False
    db.add(agent)
    db.commit()
    assert _login(db, email="agent@hubpro.test", role="agent").error == auth.GENERIC_FAILURE
    again = auth.create_agent(db, email=" Agent@HubPro.test ", password=NEW_PASSWORD)
    assert again.id == agent_id
    assert again.active
    assert _login(db, NEW_PASSWORD, email="agent@hubpro.test", role="agent").error == ""


def test_concurrent_use_of_one_password_link(db, schema, monkeypatch):
    _, token = _validated_driver(db)
    real_find_valid = tokens.find_valid
    raced = []

    def find_then_lose_the_race(session, raw, purpose):
        row = real_find_valid(session, raw, purpose)
        if row is not None and not raced:
            raced.append(True)  # another tab uses the link between our check and our write
            with Session(schema, expire_on_commit=False) as other:
                assert _set(other, raw, STRONG_PASSWORD) == {}
        return row

    monkeypatch.setattr(tokens, "find_valid", find_then_lose_the_race)
    assert _set(db, token, NEW_PASSWORD) == {"_link": auth.LINK_INVALID}
    assert _login(db, STRONG_PASSWORD).error == ""
    assert _login(db, NEW_PASSWORD).error == auth.GENERIC_FAILURE


# --- known devices ----------------------------------------------------------------------------

ATTACKER_IP = "192.0.2.66"


def _lock_out(db: Session, email: str = EMAIL, role: str = "driver") -> None:
    """Someone else's wrong passwords, from another address, until the account is soft-locked."""
    for _ in range(throttle.LOCK_AFTER):
        assert auth.login(db, role=role, email=email, password="Mauvais-Mot!2026", ip=ATTACKER_IP).ticket == ""
        _age_attempts(db, timedelta(seconds=61))
    assert "suspendue" in auth.login(db, role=role, email=email, password="x", ip=ATTACKER_IP).error


def _open_session_cookies(client, ticket: str, cookies: dict | None = None):
    """GET /api/session as the browser does after « Connexion »; returns (response, Set-Cookie headers)."""
    client.cookies.clear()
    for name, value in (cookies or {}).items():
        client.cookies.set(name, value)
    resp = client.get("/api/session", params={"ticket": ticket, "next": "/espace"}, follow_redirects=False)
    assert resp.status_code == 303
    return resp, resp.headers.get_list("set-cookie")


def _device_from(set_cookies: list[str], name: str = "hubpro_device") -> tuple[str, str]:
    header = next(h for h in set_cookies if h.startswith(f"{name}="))
    return header.split(";")[0].split("=", 1)[1], header


def _known_device(db: Session, client, email: str = EMAIL, role: str = "driver") -> str:
    result = _login(db, email=email, role=role)
    assert result.ticket, result.error
    _, set_cookies = _open_session_cookies(client, result.ticket)
    return _device_from(set_cookies, "hubpro_device" if role == "driver" else "hubpro_agent_device")[0]


@pytest.fixture
def client():
    from starlette.testclient import TestClient

    from hubpro.api import api

    return TestClient(api, base_url="http://hubpro.test")


def test_a_sign_in_sets_a_long_lived_httponly_device_cookie_stored_hashed(db, client):
    active_driver(db)
    device, header = _device_from(_open_session_cookies(client, _login(db).ticket)[1])
    assert len(device) >= 40
    lowered = header.lower()
    assert "httponly" in lowered and "samesite=lax" in lowered and "path=/" in lowered
    assert f"max-age={int(devices.DEVICE_TTL.total_seconds())}" in lowered
    row = db.exec(select(KnownDevice)).one()
    assert (row.role, row.user_id) == ("driver", db.exec(select(Driver)).one().id)
    assert row.device_hash == hashlib.sha256(device.encode()).hexdigest() and device not in row.device_hash

    # The same browser keeps its id; a forged value is replaced by a fresh one.
    again, _ = _device_from(_open_session_cookies(client, _login(db).ticket, {"hubpro_device": device})[1])
    assert again == device and len(db.exec(select(KnownDevice)).all()) == 1
    forged = "f" * 43
    fresh, _ = _device_from(_open_session_cookies(client, _login(db).ticket, {"hubpro_device": forged})[1])
    assert fresh not in (forged, device)


def test_a_known_device_signs_in_through_a_soft_lock_and_an_unknown_one_does_not(db, client):
    active_driver(db)
    device = _known_device(db, client)
    _lock_out(db)
    refused = _login(db)  # the right password from an unknown browser
    assert refused.ticket == "" and "suspendue" in refused.error
    refused = auth.login(db, role="driver", email=EMAIL, password=STRONG_PASSWORD, ip=IP, device="f" * 43)
    assert "suspendue" in refused.error
    result = auth.login(db, role="driver", email=EMAIL, password=STRONG_PASSWORD, ip=IP, device=device)
    assert result.error == "" and result.ticket
    assert auth.exchange_ticket(db, result.ticket) is not None
    # The owner's success does not lift the lock for the attacker's browser.
    assert "suspendue" in auth.login(db, role="driver", email=EMAIL, password="y", ip=ATTACKER_IP).error


def test_a_known_device_still_needs_the_right_password_and_loses_its_trust_after_ten_failures(db, client):
    active_driver(db)
    device = _known_device(db, client)
    _lock_out(db)
    for _ in range(devices.MAX_FAILURES):
        result = auth.login(db, role="driver", email=EMAIL, password="Mauvais-Mot!2026", ip=IP, device=device)
        assert result.error == auth.GENERIC_FAILURE
    assert db.exec(select(KnownDevice)).first() is None
    result = auth.login(db, role="driver", email=EMAIL, password=STRONG_PASSWORD, ip=IP, device=device)
    assert "suspendue" in result.error


def test_a_device_known_for_one_account_does_not_open_another(db, client):
    active_driver(db)
    active_driver(db, "autre@example.fr")
    device = _known_device(db, client)
    _lock_out(db, "autre@example.fr")
    result = auth.login(db, role="driver", email="autre@example.fr", password=STRONG_PASSWORD, ip=IP, device=device)
    assert "suspendue" in result.error


def test_a_known_device_is_still_held_by_the_per_address_throttle(db, client):
    active_driver(db)
    device = _known_device(db, client)
    _age_attempts(db, timedelta(hours=1))  # that sign-in was earlier than the failures below
    _ip_failures(db, throttle.LOCK_AFTER * throttle.IP_FACTOR)
    result = auth.login(db, role="driver", email=EMAIL, password=STRONG_PASSWORD, ip=IP, device=device)
    assert "suspendue" in result.error


def test_an_agent_known_device_passes_the_agent_lock(db, client):
    make_agent(db, "operateur@hubpro.test")
    device = _known_device(db, client, "operateur@hubpro.test", role="agent")
    _lock_out(db, "operateur@hubpro.test", role="agent")
    assert "suspendue" in _login(db, email="operateur@hubpro.test", role="agent").error
    result = auth.login(db, role="agent", email="operateur@hubpro.test", password=STRONG_PASSWORD, ip=IP,
                        device=device)  # fmt: skip
    assert result.ticket


def test_an_expired_device_is_not_trusted(db, client):
    active_driver(db)
    device = _known_device(db, client)
    row = db.exec(select(KnownDevice)).one()
    row.last_used_at = row.last_used_at - devices.DEVICE_TTL - timedelta(days=1)
    db.add(row)
    db.commit()
    _lock_out(db)
    assert "suspendue" in auth.login(db, role="driver", email=EMAIL, password=STRONG_PASSWORD, ip=IP,
                                     device=device).error  # fmt: skip


def test_the_login_form_sends_the_device_cookie_of_the_connection(db, client):
    import asyncio

    import reflex as rx
    from reflex.istate.data import RouterData

    import hubpro.pages  # noqa: F401
    from hubpro.state.login import LoginState

    active_driver(db)
    device = _known_device(db, client)
    _lock_out(db)
    for cookie, expect_ticket in ((f"hubpro_device={device}", True), ("", False)):
        root = rx.State(_reflex_internal_init=True)
        data = {"headers": {"cookie": cookie}, "pathname": "/connexion", "ip": IP}
        root.router_data, root.router = data, RouterData.from_router_data(data)
        state = root.get_substate(LoginState.get_full_name().split(".")[1:])

        async def run(state=state):
            return [u async for u in state.login({"email": EMAIL, "password": STRONG_PASSWORD})]

        updates = asyncio.run(run())
        assert (state.message == "") is expect_ticket
        assert any("/api/session?ticket=" in str(u) for u in updates) is expect_ticket
