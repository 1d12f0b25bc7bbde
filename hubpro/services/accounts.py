"""Account creation, operator analysis and correction by the driver."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from hubpro.domain import accounts as rules
from hubpro.domain import licence
from hubpro.domain.accounts import AccountAction, AccountStatus
from hubpro.domain.dates import aware, now
from hubpro.domain.tokens import TokenPurpose
from hubpro.models import AccountEvent, Agent, Driver
from hubpro.notify import templates
from hubpro.notify.outbox import enqueue_email
from hubpro.services import errors, history, tokens, trainings
from hubpro.services.paging import Page, keyset

REPLAY_WINDOW = timedelta(minutes=10)
REASON_MAX = 300
CORRECTION_LINK_INVALID = "Ce lien n'est plus valable. Votre compte a peut-être déjà été corrigé."


class NotFound(errors.NotFound):
    """The object does not exist or the actor may not see it."""


class Refused(errors.Refused):
    """The action is not allowed now; the message is French, for the user."""


def _same_person(driver: Driver, clean: dict) -> bool:
    return (
        driver.licence_number == clean.get("licence_number")
        and driver.birth_date == clean.get("birth_date")
        and aware(driver.created_at) > now() - REPLAY_WINDOW
    )


def register(db: Session, data: dict[str, str]) -> dict[str, str]:
    """Create an account from the sign-up form.

    An email already used gives the same outcome as a new one; its owner is told by email
    (a replayed submission of the same person within minutes sends nothing).

    Returns:
        French errors by field; empty when the request was accepted.
    """
    at = now()
    clean, errors = rules.validate_signup(data, at.date())
    if errors:
        return errors
    existing = db.exec(select(Driver).where(Driver.email == clean["email"])).first()
    if existing is None:
        driver = Driver(
            **clean,
            consent_privacy_at=at,
            consent_terms_at=at,
            consent_accuracy_at=at,
            consent_processing_at=at,
            created_at=at,
            submitted_at=at,
            updated_at=at,
        )
        db.add(driver)
        try:
            db.flush()
        except IntegrityError:
            db.rollback()
            existing = db.exec(select(Driver).where(Driver.email == clean["email"])).one()
        else:
            db.add(
                AccountEvent(
                    driver_id=driver.id,
                    actor_kind="driver",
                    actor_id=driver.id,
                    action=AccountAction.CREATED.value,
                    to_status=driver.status,
                )
            )
            enqueue_email(db, driver.email, templates.account_received(driver.display_name))
            db.commit()
            return {}
    if not _same_person(existing, clean):
        enqueue_email(db, existing.email, templates.account_exists(existing.display_name))
        db.commit()
    return {}


def _agent(db: Session, agent_id: int) -> Agent:
    agent = db.get(Agent, agent_id)
    if agent is None or not agent.active:
        raise NotFound()
    return agent


def queue_page(db: Session, *, agent_id: int, after: str = "", before: str = "") -> Page:
    """One page of accounts waiting for analysis, oldest first (keyset on submitted_at, id)."""
    _agent(db, agent_id)
    stmt = select(Driver).where(Driver.status == AccountStatus.IN_REVIEW.value)
    return keyset(db, stmt, Driver, after=after, before=before)


def queue(db: Session, *, agent_id: int) -> list[Driver]:
    """The first page of accounts waiting for analysis, oldest first."""
    return list(queue_page(db, agent_id=agent_id).items)


def get_for_agent(db: Session, *, agent_id: int, public_id: str) -> tuple[Driver, list[AccountEvent]]:
    """An account with its history, for an agent."""
    _agent(db, agent_id)
    driver = db.exec(select(Driver).where(Driver.public_id == str(public_id))).first()
    if driver is None:
        raise NotFound()
    events = db.exec(select(AccountEvent).where(AccountEvent.driver_id == driver.id).order_by(AccountEvent.id))
    return driver, list(events)


def _load_in_review(db: Session, agent_id: int, public_id: str) -> Driver:
    _agent(db, agent_id)
    driver = db.exec(select(Driver).where(Driver.public_id == str(public_id))).first()
    if driver is None:
        raise NotFound()
    if driver.status != AccountStatus.IN_REVIEW.value:
        raise Refused("Ce compte n'est plus en analyse : la décision a déjà été prise.")
    return driver


def _decide(db: Session, driver: Driver, action: AccountAction, **kw) -> None:
    try:
        history.apply(db, driver, action, **kw)
    except rules.IllegalTransition as exc:
        db.rollback()
        raise Refused("Ce compte vient d'être traité par un autre opérateur : rechargez la page.") from exc


def validate_account(db: Session, *, agent_id: int, public_id: str) -> None:
    """« Valider le compte »: send the password link (72 h)."""
    driver = _load_in_review(db, agent_id, public_id)
    _decide(db, driver, AccountAction.VALIDATED, actor_kind="agent", actor_id=agent_id)
    driver.corrections = {}
    trainings.attach_pending(db, driver)
    raw = tokens.issue(db, driver.id, TokenPurpose.SET_PASSWORD)
    enqueue_email(db, driver.email, templates.password_link(driver.display_name, raw))
    db.commit()


def request_correction(db: Session, *, agent_id: int, public_id: str, flags: dict[str, str]) -> dict[str, str]:
    """« Demander une correction » with a reason for each wrong field.

    Returns:
        French errors by field key (``_form`` for the whole form); empty on success.
    """
    errors: dict[str, str] = {}
    clean: dict[str, str] = {}
    for key, reason in (flags or {}).items():
        if key not in rules.CORRECTABLE:
            continue
        reason = " ".join(str(reason or "").split())
        if not reason:
            errors[key] = "Indiquez la raison de la correction."
        elif len(reason) > REASON_MAX:
            errors[key] = f"{REASON_MAX} caractères au maximum."
        else:
            clean[key] = reason
    if not clean and not errors:
        errors["_form"] = "Cochez au moins un champ à corriger et indiquez la raison."
    if errors:
        return errors
    driver = _load_in_review(db, agent_id, public_id)
    _decide(
        db, driver, AccountAction.CORRECTION_REQUESTED, actor_kind="agent", actor_id=agent_id, detail={"fields": clean}
    )
    driver.corrections = clean
    raw = tokens.issue(db, driver.id, TokenPurpose.CORRECTION)
    items = [(rules.LABELS[k], v) for k, v in clean.items()]
    enqueue_email(db, driver.email, templates.correction_needed(driver.display_name, raw, items))
    db.commit()
    return {}


def resend_password_link(db: Session, *, agent_id: int, public_id: str) -> None:
    """Send a fresh « Créer mon mot de passe » link; older ones stop working."""
    _agent(db, agent_id)
    driver = db.exec(select(Driver).where(Driver.public_id == str(public_id))).first()
    if driver is None:
        raise NotFound()
    if driver.status != AccountStatus.VALIDATED.value:
        raise Refused("Le lien ne peut être renvoyé que pour un compte validé sans mot de passe.")
    _decide(db, driver, AccountAction.PASSWORD_LINK_SENT, actor_kind="agent", actor_id=agent_id)
    raw = tokens.issue(db, driver.id, TokenPurpose.SET_PASSWORD)
    enqueue_email(db, driver.email, templates.password_link(driver.display_name, raw))
    db.commit()


@dataclass(frozen=True)
class CorrectionView:
    """What the correction page shows."""

    name: str
    flags: dict[str, str]
    values: dict[str, str]


def _field_value(driver: Driver, key: str) -> str:
    if key == "birth_date":
        return driver.birth_date.isoformat()
    return str(getattr(driver, key, "") or "")


def get_correction(db: Session, raw_token: str) -> CorrectionView | None:
    """The flagged fields of the account behind a correction link, or None when invalid."""
    row = tokens.find_valid(db, raw_token, TokenPurpose.CORRECTION)
    if row is None:
        return None
    driver = db.get(Driver, row.driver_id)
    if driver is None or driver.status != AccountStatus.TO_CORRECT.value:
        return None
    values = {k: _field_value(driver, k) for k in driver.corrections}
    return CorrectionView(driver.display_name, dict(driver.corrections), values)


def submit_correction(db: Session, raw_token: str, data: dict[str, str]) -> dict[str, str]:
    """Apply the driver's corrections and send the account back to analysis.

    Returns:
        French errors by field (``_link`` when the link is no longer valid); empty on success.
    """
    row = tokens.find_valid(db, raw_token, TokenPurpose.CORRECTION)
    driver = db.get(Driver, row.driver_id) if row else None
    if driver is None or driver.status != AccountStatus.TO_CORRECT.value:
        return {"_link": CORRECTION_LINK_INVALID}
    keys = tuple(driver.corrections)
    data = dict(data)
    if "licence_number" in keys and "licence_type" not in keys:
        data["licence_type"] = driver.licence_type
    if "email" in keys:
        keys = (*keys, "email_confirmation")
    clean, errors = rules.validate_fields(data, keys, now().date())
    # Only the type was flagged: it must still fit the number on file.
    type_only = "licence_type" in clean and "licence_number" not in keys
    if type_only and licence.licence_error(clean["licence_type"], driver.licence_number):
        errors["licence_type"] = f"Ce type de permis ne correspond pas au numéro enregistré ({driver.licence_number})."
    if "email" in clean and clean["email"] != driver.email:
        taken = db.exec(select(Driver).where(Driver.email == clean["email"])).first()
        if taken is not None:
            errors["email"] = "Cette adresse ne peut pas être utilisée. Choisissez-en une autre."
    if errors:
        return errors
    clean.pop("email_confirmation", None)
    before = {k: _field_value(driver, k) for k in clean}
    for key, value in clean.items():
        setattr(driver, key, value)
    try:
        tokens.consume(db, row)
    except tokens.TokenAlreadyUsed:  # another tab submitted the same link first
        db.rollback()
        return {"_link": CORRECTION_LINK_INVALID}
    history.apply(
        db,
        driver,
        AccountAction.CORRECTED,
        actor_kind="driver",
        actor_id=driver.id,
        detail={"before": before, "after": {k: _field_value(driver, k) for k in clean}},
    )
    driver.corrections = {}
    driver.submitted_at = now()
    db.commit()
    return {}
