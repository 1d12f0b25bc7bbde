"""Passwords, sign-in with throttling, server-side sessions and reset links."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import event, update
from sqlmodel import Session, select

from hubpro.domain import passwords, throttle
from hubpro.domain.accounts import AccountAction, AccountStatus
from hubpro.domain.dates import aware, now
from hubpro.domain.tokens import LOGIN_TICKET_TTL, SESSION_TOUCH_EVERY, TokenPurpose, session_expired
from hubpro.models import Agent, AuthSession, Driver, KnownDevice, LoginAttempt, OneTimeToken
from hubpro.notify import templates
from hubpro.notify.outbox import enqueue_email
from hubpro.observability import metrics
from hubpro.security import hash_password, new_token, token_hash, verify_password
from hubpro.services import devices, history, session_cache, tokens

log = logging.getLogger("hubpro.auth")
ROLES = ("driver", "agent", "centre")
RESET_LINKS_PER_HOUR = 3
GENERIC_FAILURE = "Adresse électronique ou mot de passe incorrect."
LINK_INVALID = "Ce lien n'est plus valable : il a expiré ou a déjà été utilisé."


@dataclass(frozen=True)
class LoginResult:
    """Outcome of a sign-in attempt: a one-time ticket, or a French error."""

    ticket: str = ""
    error: str = ""


def _failures(db: Session, column, value: str, role: str) -> list:
    horizon = now() - (throttle.WINDOW + throttle.LOCK_FOR)
    rows = db.exec(
        select(LoginAttempt)
        .where(column == value, LoginAttempt.role == role, LoginAttempt.at >= horizon)
        .order_by(LoginAttempt.at)
    ).all()
    failures = []
    for row in rows:  # failures since the last success only
        failures = [] if row.success else [*failures, aware(row.at)]
    return failures


def _account_verdict(db: Session, role: str, key: str, at) -> throttle.Verdict:
    return throttle.verdict(_failures(db, LoginAttempt.email, key, role), at)


def _address_verdict(db: Session, role: str, ip: str, at) -> throttle.Verdict:
    return throttle.verdict(_failures(db, LoginAttempt.ip, ip, role), at, throttle.IP_FACTOR)


@dataclass(frozen=True)
class LoginCheck:
    """What a sign-in needs before and after the password check (hashing runs between, outside the session)."""

    role: str
    email: str
    ip: str
    at: object
    user_id: int | None = None
    password_hash: str | None = None
    eligible: bool = False  # an active account of that role
    device_id: int | None = None  # a trusted device of that account
    account_allowed: bool = True
    refusal: str = ""  # throttled: no password check at all


def _counted(role: str, outcome: str, message: str, *args, user: str = "") -> None:
    """One sign-in outcome: its log line and the ``hubpro_logins`` counter."""
    metrics.LOGINS.labels(role, outcome).inc()
    log.info(message, *args, extra={"outcome": outcome, "user": user or role})


def check_login(db: Session, *, role: str, email: str, ip: str, device: str = "") -> LoginCheck:
    """First half of a sign-in: the account, its trusted device and the throttle verdict (no hashing)."""
    if role not in ("driver", "agent"):
        raise ValueError(role)
    email = str(email or "").strip().lower()[:254]
    ip = str(ip or "")[:64]
    at = now()
    model = Driver if role == "driver" else Agent
    user = db.exec(select(model).where(model.email == email)).first()
    known = devices.find(db, role=role, user_id=user.id, raw=device) if user is not None and device else None
    account, address = _account_verdict(db, role, email, at), _address_verdict(db, role, ip, at)
    verdict = address if known is not None else throttle.combine(account, address)
    if not verdict.allowed:
        _counted(role, "throttled", "login throttled role=%s ip=%s", role, ip)
        return LoginCheck(role, email, ip, at, refusal=throttle.message(verdict))
    eligible = user is not None and (user.status == AccountStatus.ACTIVE.value if role == "driver" else user.active)
    return LoginCheck(role, email, ip, at, user.id if user else None, user.password_hash if user else None,
                      eligible, known.id if known else None, account.allowed)  # fmt: skip


def finish_login(db: Session, check: LoginCheck, password_ok: bool) -> LoginResult:
    """Second half: record the attempt, then a session holding a 60-s ticket, or the generic failure."""
    role, email, ip, at = check.role, check.email, check.ip, check.at
    ok = password_ok and check.eligible
    if not ok or check.account_allowed:
        db.add(LoginAttempt(role=role, email=email, ip=ip, at=at, success=ok))
    if not ok:
        known = db.get(KnownDevice, check.device_id) if check.device_id is not None else None
        if known is not None:
            devices.failed(db, known)
        db.commit()
        _counted(role, "failed", "login failed role=%s ip=%s", role, ip)
        return LoginResult(error=GENERIC_FAILURE)
    if not check.account_allowed:
        log.info("login through a soft lock from a known device role=%s user=%s", role, check.user_id)
    ticket = _open_session(db, role, check.user_id, ip)
    db.commit()
    _counted(role, "ok", "login ok role=%s user=%s", role, check.user_id, user=f"{role}:{check.user_id}")
    return LoginResult(ticket=ticket)


def password_candidate(password: str) -> tuple[str, bool]:
    """(the password as checked, whether it is over the limit: refused, never truncated)."""
    password = str(password or "")
    return password[: passwords.MAX_LENGTH], len(password) > passwords.MAX_LENGTH


def login(db: Session, *, role: str, email: str, password: str, ip: str, device: str = "") -> LoginResult:
    """Check credentials with throttling; on success create a session holding a 60-s ticket.

    A browser that signed in to this account before (its device cookie, `device`) is not held by the
    account's delay or soft lock, only by the per-address throttle: others' guesses cannot lock the
    owner out. Its success then leaves the account's failures in place for everyone else. The event
    handlers run the same halves with the hashing on its own threads (``hubpro.hashing``).
    """
    check = check_login(db, role=role, email=email, ip=ip, device=device)
    if check.refusal:
        return LoginResult(error=check.refusal)
    candidate, too_long = password_candidate(password)
    return finish_login(db, check, verify_password(candidate, check.password_hash) and not too_long)


def _open_session(db: Session, role: str, user_id: int, ip: str) -> str:
    at = now()
    ticket = new_token()
    db.add(AuthSession(role=role, user_id=user_id, ticket_hash=token_hash(ticket),
                       ticket_expires_at=at + LOGIN_TICKET_TTL, created_at=at, last_seen_at=at, ip=ip))  # fmt: skip
    return ticket


def login_centre(db: Session, *, raw_key: str, ip: str) -> LoginResult:
    """Portal sign-in of a training centre with one of its API keys (same throttling)."""
    from hubpro.services import centres  # local import: centres imports this module's siblings

    raw_key = str(raw_key or "").strip()[:100]
    ip = str(ip or "")[:64]
    at = now()
    verdict = throttle.combine(_account_verdict(db, "centre", raw_key[:12], at), _address_verdict(db, "centre", ip, at))
    if not verdict.allowed:
        _counted("centre", "throttled", "login throttled role=centre ip=%s", ip)
        return LoginResult(error=throttle.message(verdict))
    centre = centres.centre_for_key(db, raw_key)
    db.add(LoginAttempt(role="centre", email=raw_key[:12], ip=ip, at=at, success=centre is not None))
    if centre is None:
        db.commit()
        _counted("centre", "failed", "login failed role=centre ip=%s", ip)
        return LoginResult(error="Clé d'accès incorrecte ou révoquée.")
    ticket = _open_session(db, "centre", centre.id, ip)
    db.commit()
    _counted("centre", "ok", "login ok role=centre user=%s", centre.id, user=f"centre:{centre.id}")
    return LoginResult(ticket=ticket)


def exchange_ticket(db: Session, ticket: str) -> tuple[str, str] | None:
    """Swap a one-time login ticket for a session token: (role, token), or None."""
    if not isinstance(ticket, str) or not 20 <= len(ticket) <= 100:
        return None
    at = now()
    row = db.exec(select(AuthSession).where(AuthSession.ticket_hash == token_hash(ticket))).first()
    if row is None or row.revoked_at is not None or row.ticket_expires_at is None:
        return None
    if at >= aware(row.ticket_expires_at):
        return None
    token = new_token()
    result = db.exec(
        update(AuthSession)
        .where(AuthSession.id == row.id, AuthSession.ticket_hash == token_hash(ticket))
        .values(ticket_hash=None, ticket_expires_at=None, token_hash=token_hash(token), last_seen_at=at)
    )
    if result.rowcount != 1:
        db.rollback()
        return None
    db.commit()
    return row.role, token


def resolve(db: Session, *, role: str, token: str) -> int | None:
    """The user id of a live session of that role, touching its idle timer; else None."""
    if not isinstance(token, str) or not 20 <= len(token) <= 100:
        return None
    row = db.exec(select(AuthSession).where(AuthSession.token_hash == token_hash(token))).first()
    if row is None or row.role != role or row.revoked_at is not None:
        return None
    at = now()
    if session_expired(role, aware(row.created_at), aware(row.last_seen_at), at):
        return None
    if at - aware(row.last_seen_at) >= SESSION_TOUCH_EVERY:
        row.last_seen_at = at
        db.add(row)
        db.commit()
    return row.user_id


def logout(db: Session, token: str) -> None:
    """Revoke the session behind a token (no-op when unknown)."""
    if not isinstance(token, str) or not token:
        return
    session_cache.forget_token(token)
    row = db.exec(select(AuthSession).where(AuthSession.token_hash == token_hash(token))).first()
    if row is not None and row.revoked_at is None:
        row.revoked_at = now()
        db.add(row)
        db.commit()
    session_cache.forget_token(token)  # again: a lookup of this worker may have raced the commit


def revoke_all(db: Session, *, role: str, user_id: int) -> None:
    """Revoke every session of a user (in the caller's transaction; this worker forgets them at once)."""
    session_cache.forget_user(role, user_id)
    event.listen(db, "after_commit", lambda _s: session_cache.forget_user(role, user_id), once=True)
    db.exec(
        update(AuthSession)
        .where(AuthSession.role == role, AuthSession.user_id == user_id, AuthSession.revoked_at == None)  # noqa: E711
        .values(revoked_at=now())
    )


def link_is_valid(db: Session, raw_token: str, purpose: TokenPurpose) -> bool:
    """Whether a password link can still be used (for the page to show the form)."""
    return tokens.find_valid(db, raw_token, purpose) is not None


def set_password(db: Session, *, raw_token: str, purpose: TokenPurpose, password: str, confirmation: str) -> dict:
    """Create (72-h link) or reset (60-min link) the password.

    Returns:
        French errors by field (``_link`` when the link is not valid); empty on success.
    """
    if purpose not in (TokenPurpose.SET_PASSWORD, TokenPurpose.RESET_PASSWORD):
        raise ValueError(purpose)
    row = tokens.find_valid(db, raw_token, purpose)
    driver = db.get(Driver, row.driver_id) if row else None
    expected = AccountStatus.VALIDATED if purpose == TokenPurpose.SET_PASSWORD else AccountStatus.ACTIVE
    if driver is None or driver.status != expected.value:
        return {"_link": LINK_INVALID}
    errors = passwords.password_error(str(password or ""), str(confirmation or ""))
    if errors:
        return errors
    try:
        tokens.consume(db, row)
    except tokens.TokenAlreadyUsed:
        db.rollback()
        return {"_link": LINK_INVALID}
    driver.password_hash = hash_password(password)
    action = AccountAction.PASSWORD_SET if purpose == TokenPurpose.SET_PASSWORD else AccountAction.PASSWORD_RESET
    history.apply(db, driver, action, actor_kind="driver", actor_id=driver.id)
    revoke_all(db, role="driver", user_id=driver.id)
    if purpose == TokenPurpose.RESET_PASSWORD:
        enqueue_email(db, driver.email, templates.password_changed(driver.display_name))
    db.commit()
    return {}


def _recent_links(db: Session, driver_id: int, purpose: TokenPurpose) -> int:
    since = now() - timedelta(hours=1)
    rows = db.exec(
        select(OneTimeToken.id).where(
            OneTimeToken.driver_id == driver_id,
            OneTimeToken.purpose == purpose.value,
            OneTimeToken.created_at >= since,
        )
    ).all()
    return len(rows)


def request_reset(db: Session, *, email: str) -> None:
    """« Mot de passe oublié »: same outcome whatever the email.

    An active account gets a 60-min reset link; a validated account without password gets a
    fresh « Créer mon mot de passe » link; anything else gets nothing.
    """
    email = str(email or "").strip().lower()[:254]
    driver = db.exec(select(Driver).where(Driver.email == email)).first()
    if driver is None:
        return
    purpose = TokenPurpose.RESET_PASSWORD if driver.status == AccountStatus.ACTIVE.value else TokenPurpose.SET_PASSWORD
    if _recent_links(db, driver.id, purpose) >= RESET_LINKS_PER_HOUR:
        return
    if driver.status == AccountStatus.ACTIVE.value:
        raw = tokens.issue(db, driver.id, TokenPurpose.RESET_PASSWORD)
        enqueue_email(db, driver.email, templates.reset_link(driver.display_name, raw))
    elif driver.status == AccountStatus.VALIDATED.value:
        history.apply(db, driver, AccountAction.PASSWORD_LINK_SENT, actor_kind="driver", actor_id=driver.id)
        raw = tokens.issue(db, driver.id, TokenPurpose.SET_PASSWORD)
        enqueue_email(db, driver.email, templates.password_link(driver.display_name, raw))
    else:
        return
    db.commit()


def create_agent(db: Session, *, email: str, password: str, name: str = "") -> Agent:
    """Create (or re-activate with a new password) an operator agent.

    Raises:
        ValueError: when the password breaks the policy (French message).
    """
    errors = passwords.password_error(password, password)
    if errors:
        raise ValueError(errors["password"])
    email = email.strip().lower()
    agent = db.exec(select(Agent).where(Agent.email == email)).first() or Agent(email=email, password_hash="")
    agent.password_hash = hash_password(password)
    agent.name = name or agent.name or email.split("@")[0]
    agent.active = True
    db.add(agent)
    db.commit()
    db.refresh(agent)
    return agent


def driver_summary(db: Session, driver_id: int) -> Driver | None:
    """The active driver for the driver space, or None."""
    driver = db.get(Driver, driver_id)
    if driver is None or driver.status != AccountStatus.ACTIVE.value:
        return None
    return driver
