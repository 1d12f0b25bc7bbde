"""Training centres and their API keys (shown once, stored hashed, revocable)."""

from __future__ import annotations

import re
import secrets

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from hubpro.domain.dates import now
from hubpro.models import Agent, CentreApiKey, TrainingCentre
from hubpro.security import token_hash

KEY_PREFIX = "hpc_"
SIRET = re.compile(r"\d{14}")
AGREMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ./\-]{2,39}")


class CentreError(ValueError):
    """Refused centre operation; the message is French."""


def _check_agent(db: Session, agent_id: int | None) -> None:
    if agent_id is None:  # command line
        return
    agent = db.get(Agent, agent_id)
    if agent is None or not agent.active:
        raise CentreError("Accès refusé.")


def validate_centre(name: str, siret: str, agrement: str, region: str) -> tuple[dict, dict[str, str]]:
    """Check the centre form; returns (clean values, French errors)."""
    clean = {
        "name": " ".join(str(name or "").split()),
        "siret": re.sub(r"\s", "", str(siret or "")),
        "agrement": " ".join(str(agrement or "").split()).upper(),
        "region": " ".join(str(region or "").split()),
    }
    errors = {}
    if not 2 <= len(clean["name"]) <= 120:
        errors["name"] = "Indiquez le nom du centre (120 caractères au maximum)."
    if not SIRET.fullmatch(clean["siret"]):
        errors["siret"] = "Le SIRET comporte 14 chiffres."
    if not AGREMENT.fullmatch(clean["agrement"]):
        errors["agrement"] = "Indiquez le numéro d'agrément (3 à 40 lettres, chiffres, . / -)."
    if not 2 <= len(clean["region"]) <= 60:
        errors["region"] = "Indiquez la région d'agrément."
    return clean, errors


def _new_key(db: Session, centre_id: int, label: str) -> str:
    raw = KEY_PREFIX + secrets.token_urlsafe(32)
    db.add(CentreApiKey(centre_id=centre_id, prefix=raw[:12], key_hash=token_hash(raw), label=label[:80]))
    return raw


def create_centre(
    db: Session, *, agent_id: int | None, name: str, siret: str, agrement: str, region: str
) -> tuple[TrainingCentre | None, str, dict[str, str]]:
    """Register a centre with a first API key.

    Returns:
        (centre, raw key shown once, French errors); centre is None on errors.
    """
    _check_agent(db, agent_id)
    clean, errors = validate_centre(name, siret, agrement, region)
    if errors:
        return None, "", errors
    centre = TrainingCentre(**clean)
    db.add(centre)
    try:
        db.flush()
    except IntegrityError:
        db.rollback()
        return None, "", {"siret": "Un centre existe déjà avec ce SIRET ou ce numéro d'agrément."}
    raw = _new_key(db, centre.id, "Clé initiale")
    db.commit()
    return centre, raw, {}


def add_key(db: Session, *, agent_id: int | None, centre_public_id: str, label: str = "") -> str:
    """A new API key for a centre (the others stay valid)."""
    _check_agent(db, agent_id)
    centre = db.exec(select(TrainingCentre).where(TrainingCentre.public_id == str(centre_public_id))).first()
    if centre is None:
        raise CentreError("Centre introuvable.")
    raw = _new_key(db, centre.id, label or "Nouvelle clé")
    db.commit()
    return raw


def revoke_key(db: Session, *, agent_id: int | None, key_id: int) -> None:
    """Revoke one API key at once."""
    _check_agent(db, agent_id)
    key = db.get(CentreApiKey, int(key_id))
    if key is None:
        raise CentreError("Clé introuvable.")
    if key.revoked_at is None:
        key.revoked_at = now()
        db.add(key)
        db.commit()


def centre_for_key(db: Session, raw_key: str) -> TrainingCentre | None:
    """The active centre owning an unrevoked key, or None."""
    if not isinstance(raw_key, str) or not raw_key.startswith(KEY_PREFIX) or len(raw_key) > 100:
        return None
    key = db.exec(select(CentreApiKey).where(CentreApiKey.key_hash == token_hash(raw_key))).first()
    if key is None or key.revoked_at is not None:
        return None
    centre = db.get(TrainingCentre, key.centre_id)
    if centre is None or not centre.active:
        return None
    return centre


def list_centres(db: Session, *, agent_id: int) -> list[tuple[TrainingCentre, list[CentreApiKey]]]:
    """Every centre with its keys, for the back-office."""
    _check_agent(db, agent_id)
    centres = db.exec(select(TrainingCentre).order_by(TrainingCentre.name)).all()
    keys = db.exec(select(CentreApiKey).order_by(CentreApiKey.id)).all()
    return [(c, [k for k in keys if k.centre_id == c.id]) for c in centres]
