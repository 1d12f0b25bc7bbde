"""Ready-made data built through the services, shared by the service tests and the browser journeys.

Service tests call these functions with their own session. A browser journey's server runs in another
process with its own database, so the journeys run them there:
``python -m tests.seed <function> '<json keyword arguments>'`` (the server's environment), which prints
the function's result on its last line (see ``tests/e2e/conftest.py``).
"""

from __future__ import annotations

import io
import json
import secrets
import sys
from datetime import timedelta

from PIL import Image
from sqlmodel import Session, select

from hubpro.domain.dates import now
from hubpro.models import Agent, CardRequest, Driver, OneTimeToken
from hubpro.services import accounts, auth, centres, instruction, trainings
from hubpro.services import card_requests as requests
from tests.services.factories import link_token, outbox_to, signup_form

SEED_AGENT_PASSWORD = "Seed-Agent-2026!"
DOCUMENT_KINDS = ("photo", "signature", "identity", "licence_front", "licence_back")


def png(color: str = "#88aacc") -> bytes:
    """A 300×400 PNG that passes the upload checks (photo and signature included)."""
    buf = io.BytesIO()
    Image.new("RGB", (300, 400), color).save(buf, "PNG")
    return buf.getvalue()


def certificate(
    db: Session,
    driver: Driver,
    *,
    kind: str = "fco",
    siret: str = "12345678901234",
    agrement: str = "2019-ARA-0042",
    name: str = "Centre Test",
) -> None:
    """A training (hence a certificate) for ``driver``, deposited by a new centre; it ended 2 days ago."""
    centre, _, _ = centres.create_centre(
        db, agent_id=None, name=name, siret=siret, agrement=agrement, region="Bretagne"
    )
    assert centre.id is not None
    end = trainings.today() - timedelta(days=2)
    fimo = kind == "fimo"
    result = trainings.deposit(
        db,
        centre_id=centre.id,
        data={
            "type": kind,
            "sector": "marchandises",
            "start_date": (end - timedelta(days=30 if fimo else 4)).isoformat(),
            "end_date": end.isoformat(),
            "hours": 140 if fimo else 35,
            "session_reference": ("FIMO-" + siret[:6]) if fimo else "S1",
            "birth_name": driver.birth_name,
            "first_names": driver.first_names,
            "birth_date": driver.birth_date.isoformat(),
            "licence_number": driver.licence_number,
        },
    )
    assert result.created


def complete_draft(db: Session, driver: Driver) -> CardRequest:
    """A CQC card request draft with the identity confirmed and the five documents: ready to send."""
    assert driver.id is not None
    req = requests.start(db, driver_id=driver.id)
    assert requests.save_identity(db, driver_id=driver.id, public_id=req.public_id, confirmed=True, report="") == {}
    for kind in DOCUMENT_KINDS:
        added = requests.add_document(
            db, driver_id=driver.id, public_id=req.public_id, kind=kind, data=png(), filename=f"{kind}.png"
        )
        assert added == ""
    return req


def validated_driver(db: Session, email: str, name: str = "Bernard", password: str = "", age_hours: float = 0) -> str:
    """A driver signed up and validated by an agent; returns the « Créer mon mot de passe » token.

    Args:
        db: the session.
        email: the driver's email.
        name: birth name.
        password: when given, the password is set (account active).
        age_hours: back-date the driver's links by that many hours.
    """
    form = signup_form(
        civility="mme", birth_name=name, first_names="Lucie", birth_date="1990-02-28", birth_city="Nantes",
        email=email, email_confirmation=email, phone="0712345678", address="3 quai de la Fosse",
        postal_code="44000", city="Nantes", licence_type="pink_paper", licence_number="900544123456",
    )  # fmt: skip
    assert accounts.register(db, form) == {}
    driver = db.exec(select(Driver).where(Driver.email == email)).one()
    agent = auth.create_agent(db, email="seed-" + email, password=SEED_AGENT_PASSWORD)
    assert agent.id is not None
    accounts.validate_account(db, agent_id=agent.id, public_id=driver.public_id)
    token = link_token(outbox_to(db, email)[-1])
    if password:
        set_errors = auth.set_password(
            db, raw_token=token, purpose=auth.TokenPurpose.SET_PASSWORD, password=password, confirmation=password
        )
        assert set_errors == {}
    if age_hours:
        for row in db.exec(select(OneTimeToken).where(OneTimeToken.driver_id == driver.id)):
            row.created_at = now() - timedelta(hours=age_hours)
            db.add(row)
        db.commit()
    return token


def shipped_card(db: Session, email: str) -> str:
    """A shipped CQC card for the active driver ``email`` (a first active agent must exist); returns its number."""
    driver = db.exec(select(Driver).where(Driver.email == email)).one()
    assert driver.id is not None
    siret = "".join(secrets.choice("0123456789") for _ in range(14))
    certificate(db, driver, kind="fimo", siret=siret, agrement="E2E-" + siret[:8], name="Centre E2E")
    req = complete_draft(db, driver)
    requests.submit(db, driver_id=driver.id, public_id=req.public_id)
    agent = db.exec(select(Agent).where(Agent.active == True)).first()  # noqa: E712
    assert agent is not None and agent.id is not None
    card = instruction.validate(db, agent_id=agent.id, public_id=req.public_id)
    instruction.ship(db, agent_id=agent.id, public_id=req.public_id)
    return card.number


def driver_certificate(db: Session, email: str) -> str:
    """An FCO certificate (hence its PDF with a QR code) for the active driver ``email``; returns its reference."""
    from hubpro.models import Certificate

    driver = db.exec(select(Driver).where(Driver.email == email)).one()
    siret = "".join(secrets.choice("0123456789") for _ in range(14))
    certificate(db, driver, siret=siret, agrement="E2E-" + siret[:8], name="Centre E2E")
    return db.exec(select(Certificate.reference).where(Certificate.driver_id == driver.id)).one()


def declare_card_lost(db: Session, email: str) -> str:
    """The driver's newest card « déclarée perdue » (what a paid loss replacement does to the old card)."""
    from hubpro.domain.cards import CardAction
    from hubpro.models import Card
    from hubpro.services import history

    driver = db.exec(select(Driver).where(Driver.email == email)).one()
    card = db.exec(select(Card).where(Card.driver_id == driver.id).order_by(Card.id.desc())).first()
    assert card is not None
    history.apply(db, card, CardAction.DECLARE_LOST, actor_kind="system", actor_id=None, reason="seed")
    db.commit()
    return card.number


def age_share_codes(db: Session, email: str, days: int = 22) -> int:
    """Back-date the driver's share codes by ``days`` (an expired code needs 21 days to pass)."""
    from hubpro.domain.verification import share_expires_at
    from hubpro.models import ShareCode

    driver = db.exec(select(Driver).where(Driver.email == email)).one()
    rows = db.exec(select(ShareCode).where(ShareCode.driver_id == driver.id)).all()
    for row in rows:
        row.created_at = row.created_at - timedelta(days=days)
        row.expires_at = share_expires_at(row.created_at)
        db.add(row)
    db.commit()
    return len(rows)


COMMANDS = {
    "validated_driver": validated_driver,
    "shipped_card": shipped_card,
    "driver_certificate": driver_certificate,
    "declare_card_lost": declare_card_lost,
    "age_share_codes": age_share_codes,
}


def main(argv: list[str]) -> None:
    """``python -m tests.seed <function> '<json kwargs>'``: run it in one transaction, print its result."""
    from hubpro.db import session_scope

    name, kwargs = argv[0], json.loads(argv[1]) if len(argv) > 1 else {}
    with session_scope() as db:
        print(COMMANDS[name](db, **kwargs))


if __name__ == "__main__":
    main(sys.argv[1:])
