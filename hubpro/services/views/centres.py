"""Training-centre screens: the portal's overview of a centre, and the agent's list of centres and keys."""

from __future__ import annotations

from sqlmodel import Session

from hubpro.domain import trainings as rules
from hubpro.domain.dates import fr_date, fr_datetime
from hubpro.models import TrainingCentre
from hubpro.services import centres, trainings


def centre_overview(db: Session, *, centre_id: int) -> tuple[str, list[dict]]:
    """The signed-in centre's name and its recent deposits."""
    centre = db.get(TrainingCentre, centre_id)
    rows = [
        {
            "id": t.public_id,
            "type": rules.SHORT_LABELS[rules.TrainingType(t.type)],
            "trainee": f"{t.birth_name.upper()} {t.first_names}",
            "dates": f"{fr_date(t.start_date)} – {fr_date(t.end_date)}",
            "session": t.session_reference,
            "matched": "rattachée au compte" if t.driver_id else "en attente du compte du conducteur",
        }
        for t in trainings.recent_for_centre(db, centre_id=centre_id)
    ]
    return centre.name if centre else "", rows


def centre_list(db: Session, *, agent_id: int) -> list[dict]:
    """Every centre and its keys (prefixes only), for « Centres de formation »."""
    return [
        {
            "id": c.public_id,
            "name": c.name,
            "siret": c.siret,
            "agrement": c.agrement,
            "region": c.region,
            "keys": [
                {
                    "id": str(k.id),
                    "prefix": k.prefix + "…",
                    "label": k.label,
                    "created": fr_datetime(k.created_at),
                    "revoked": fr_datetime(k.revoked_at) if k.revoked_at else "",
                }
                for k in keys
            ],
        }
        for c, keys in centres.list_centres(db, agent_id=agent_id)
    ]
