"""Signed-in drivers for the benchmarks, made through hubpro's services on the bench app's own database.

Run in the bench server's environment (HUBPRO_DATA_DIR, HUBPRO_DATABASE_URL): it prints one JSON object.

    python bench/seed.py sessions --count 200 --prefix load     # active drivers and one session cookie each
    python bench/seed.py accounts --count 5 --prefix login      # active drivers, no session (logins to measure)
    python bench/seed.py wizard                                 # a driver with a certificate and a CQC draft

The bcrypt cost is the environment's (HUBPRO_BCRYPT_ROUNDS): the caller seeds load drivers with a low cost
and the drivers whose logins are measured with the production cost, 12.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlmodel import select

from hubpro.db import session_scope
from hubpro.models import Driver, OutboxMessage
from hubpro.notify.dispatcher import send_one
from hubpro.services import accounts, auth, card_requests, centres, trainings

PASSWORD = "Banc-Essai-2026!Sûr"


def _letters(index: int) -> str:
    """A name part made of letters only (names refuse digits): 0 -> "Ab", 1 -> "Bb"..."""
    out = ""
    for _ in range(4):
        index, rest = divmod(index, 26)
        out += chr(ord("a") + rest)
    return out.capitalize()


def _form(email: str, index: int) -> dict[str, str]:
    return {"civility": "m", "birth_name": "Martin", "usage_name": "", "first_names": f"Jean {_letters(index)}",
            "birth_date": "1985-06-15", "birth_city": "Lyon", "birth_country": "France", "email": email,
            "email_confirmation": email, "phone": "06 12 34 56 78", "address": "12 rue des Lilas",
            "postal_code": "69003", "city": "Lyon", "licence_type": "eu_card", "licence_number": f"13AB{index:05d}",
            "consent_privacy": "on", "consent_terms": "on", "consent_accuracy": "on",
            "consent_processing": "on"}  # fmt: skip


def active_driver(db, agent_id: int, email: str, index: int) -> Driver:
    """Sign-up, « Valider le compte », « Créer mon mot de passe »: an active account."""
    errors = accounts.register(db, _form(email, index))
    if errors:
        raise RuntimeError(errors)
    driver = db.exec(select(Driver).where(Driver.email == email)).one()
    accounts.validate_account(db, agent_id=agent_id, public_id=driver.public_id)
    body = db.exec(select(OutboxMessage).where(OutboxMessage.recipient == email)
                   .order_by(OutboxMessage.id.desc())).first().body_text  # fmt: skip
    token = body.split("jeton=")[1].split()[0]
    errors = auth.set_password(db, raw_token=token, purpose=auth.TokenPurpose.SET_PASSWORD, password=PASSWORD,
                               confirmation=PASSWORD)  # fmt: skip
    if errors:
        raise RuntimeError(errors)
    return driver


def session_cookie(db, email: str) -> str:
    """A real session: « Connexion » then the one-time ticket swapped as `/api/session` does."""
    result = auth.login(db, role="driver", email=email, password=PASSWORD, ip="127.0.0.1")
    if not result.ticket:
        raise RuntimeError(result.error)
    return f"hubpro_sid={auth.exchange_ticket(db, result.ticket)[1]}"


def drivers(prefix: str, count: int, with_sessions: bool) -> dict:
    """`count` active drivers `<prefix>-<i>@bench.hubpro.test`, with a session cookie each when asked."""
    emails, cookies = [], []
    with session_scope() as db:
        agent = auth.create_agent(db, email=f"seed-{prefix}@bench.hubpro.test", password=PASSWORD)
        for i in range(count):
            email = f"{prefix}-{i}@bench.hubpro.test"
            active_driver(db, agent.id, email, i)
            emails.append(email)
            if with_sessions:
                cookies.append(session_cookie(db, email))
    while send_one():  # the outbox is delivered now (development transport), not during the measures
        pass
    return {"emails": emails, "password": PASSWORD, "cookies": cookies}


def wizard() -> dict:
    """A signed-in driver with a deposited training (hence a certificate) and a CQC draft at its first step."""
    with session_scope() as db:
        agent = auth.create_agent(db, email="seed-wizard@bench.hubpro.test", password=PASSWORD)
        driver = active_driver(db, agent.id, "wizard@bench.hubpro.test", 99999)
        centre, _, _ = centres.create_centre(db, agent_id=None, name="Centre du banc d'essai", siret="12345678900099",
                                             agrement="BANC-2026-0001", region="Bretagne")  # fmt: skip
        end = trainings.today() - timedelta(days=2)
        trainings.deposit(db, centre_id=centre.id, data={
            "type": "fimo", "sector": "marchandises", "start_date": (end - timedelta(days=30)).isoformat(),
            "end_date": end.isoformat(), "hours": 140, "session_reference": "FIMO-BANC", "birth_name": "Martin",
            "first_names": driver.first_names, "birth_date": driver.birth_date.isoformat(),
            "licence_number": driver.licence_number})  # fmt: skip
        draft = card_requests.start(db, driver_id=driver.id)
        cookie = session_cookie(db, driver.email)
    while send_one():
        pass
    return {"cookie": cookie, "request": draft.public_id}


def main() -> None:
    """Seed what the command asks and print it as JSON."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("what", choices=["sessions", "accounts", "wizard"])
    p.add_argument("--count", type=int, default=1)
    p.add_argument("--prefix", default="load")
    a = p.parse_args()
    out = wizard() if a.what == "wizard" else drivers(a.prefix, a.count, a.what == "sessions")
    print(json.dumps(out))


if __name__ == "__main__":
    main()
