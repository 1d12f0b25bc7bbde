"""Account screens: « Mon compte » of the driver, and the agent's « Comptes à analyser » and one account."""

from __future__ import annotations

from sqlmodel import Session

from hubpro import routes
from hubpro.domain import accounts, labels, licence
from hubpro.domain.dates import elapsed_fr, fr_date, fr_datetime, now
from hubpro.models import Agent
from hubpro.services import accounts as account_service
from hubpro.services import auth


def _allows(status: str, action: accounts.AccountAction) -> bool:
    """Whether the account's status allows the action (from the transition table)."""
    try:
        accounts.next_status(status, action)
    except accounts.IllegalTransition:
        return False
    return True


def driver_profile(db: Session, *, driver_id: int) -> dict | None:
    """The signed-in driver's name and « Mon compte » rows."""
    d = auth.driver_summary(db, driver_id)
    if d is None:
        return None
    rows = [
        ("Civilité", accounts.CIVILITIES.get(d.civility, d.civility)),
        ("Nom de naissance", d.birth_name),
        ("Nom d'usage", d.usage_name or "—"),
        ("Prénom(s)", d.first_names),
        ("Date de naissance", fr_date(d.birth_date)),
        ("Commune de naissance", d.birth_city),
        ("Pays de naissance", d.birth_country),
        ("Adresse électronique", d.email),
        ("Téléphone mobile", d.phone),
        ("Adresse", f"{d.address}, {d.postal_code} {d.city}"),
        ("Type de permis", licence.LABELS.get(d.licence_type, d.licence_type)),
        ("Numéro de permis de conduire", d.licence_number),
    ]
    return {"name": d.display_name, "rows": [{"label": k, "value": v} for k, v in rows]}


def agent_name(db: Session, *, agent_id: int) -> str:
    """The name of an active agent ('' otherwise)."""
    agent = db.get(Agent, agent_id)
    return agent.name if agent and agent.active else ""


def account_queue_page(db: Session, *, agent_id: int, after: str = "", before: str = "") -> dict:
    """One page of « Comptes à analyser », oldest first: rows and the neighbours' cursors ('' when none)."""
    page = account_service.queue_page(db, agent_id=agent_id, after=after, before=before)
    return {"rows": _account_rows(page.items), "after": page.after, "before": page.before}


def account_queue(db: Session, *, agent_id: int) -> list[dict]:
    """The first page of « Comptes à analyser », oldest first."""
    return account_queue_page(db, agent_id=agent_id)["rows"]


def _account_rows(drivers) -> list[dict]:
    at = now()
    return [
        {
            "id": d.public_id,
            "name": f"{d.birth_name.upper()} {d.first_names}",
            "email": d.email,
            "submitted": fr_datetime(d.submitted_at),
            "age": elapsed_fr(d.submitted_at, at),
            "href": routes.agent_account(d.public_id),
            "again": "oui" if d.created_at != d.submitted_at else "",
        }
        for d in drivers
    ]


def _value(d, key: str) -> str:
    if key == "civility":
        return accounts.CIVILITIES.get(d.civility, d.civility)
    if key == "birth_date":
        return fr_date(d.birth_date)
    if key == "licence_type":
        return licence.LABELS.get(d.licence_type, d.licence_type)
    return str(getattr(d, key) or "")


def account_detail(db: Session, *, agent_id: int, public_id: str) -> dict | None:
    """One account for the agent: fields, licence check, consents, history (None: unknown)."""
    try:
        d, events = account_service.get_for_agent(db, agent_id=agent_id, public_id=public_id)
    except account_service.NotFound:
        return None
    label, tone = labels.account_status(d.status)
    check = licence.licence_error(d.licence_type, d.licence_number)
    return {
        "id": d.public_id,
        "status": d.status,
        "can_decide": _allows(d.status, accounts.AccountAction.VALIDATED),
        "can_resend": _allows(d.status, accounts.AccountAction.PASSWORD_LINK_SENT),
        "status_label": label,
        "status_tone": tone,
        "name": d.display_name,
        "fields": [{"key": k, "label": accounts.LABELS[k], "value": _value(d, k)} for k in accounts.CORRECTABLE],
        "licence_check": "Format conforme au type de permis." if check is None else check,
        "consents": fr_datetime(d.consent_processing_at),
        "history": [
            {
                "at": fr_datetime(e.at),
                "what": labels.ACCOUNT_ACTION.get(e.action, e.action),
                "who": "Opérateur n° " + str(e.actor_id) if e.actor_kind == "agent" else "Conducteur",
                "detail": "; ".join(
                    f"{accounts.LABELS.get(k, k)} : {v}" for k, v in e.detail.get("fields", {}).items()
                ),
            }
            for e in events
        ],
    }
