"""Build every persona through the services (see ``hubpro.personas.PERSONAS``)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import timedelta

from PIL import Image
from sqlmodel import Session, select

from hubpro.domain.trainings import add_years
from hubpro.models import Agent, Card, CardRequest, Driver, OutboxMessage
from hubpro.personas import DOMAIN, PASSWORD, PERSONAS, Persona, persona
from hubpro.personas.sandbox import DECLINED_CARD, GOOD_CARD, card_payment_method
from hubpro.services import (
    accounts,
    auth,
    card_requests,
    centres,
    instruction,
    payments,
    replacements,
    returned_mail,
    trainings,
)

DOCUMENTS = ("photo", "signature", "identity", "licence_front", "licence_back")


class RealAccounts(RuntimeError):
    """The database holds accounts that are not personas: seeding it is refused."""


class AlreadySeeded(RuntimeError):
    """The personas are there already."""


@dataclass
class Seeded:
    """What the seed made that is not a fixed email + password."""

    centre_key: str = ""
    links: dict[str, str] = field(default_factory=dict)  # slug → a page reached by an emailed link
    requests: dict[str, str] = field(default_factory=dict)  # slug → public id of its main request
    payments: dict[str, str] = field(default_factory=dict)  # slug → public id of its payment
    cards: dict[str, str] = field(default_factory=dict)  # slug → public id of its first card
    accounts: dict[str, str] = field(default_factory=dict)  # slug → public id of the driver account


def foreign_accounts(db: Session) -> list[str]:
    """Emails of drivers and agents outside the personas' domain."""
    emails = [*db.exec(select(Driver.email)).all(), *db.exec(select(Agent.email)).all()]
    return [e for e in emails if not e.endswith("@" + DOMAIN)]


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (360, 460), (205, 214, 226)).save(buf, "PNG")
    return buf.getvalue()


class _Builder:
    def __init__(self, db: Session):
        self.db = db
        self.out = Seeded()
        self.agent_id = auth.create_agent(db, email=persona("agent").email, password=PASSWORD, name="Agent Démo").id
        centre, key, errors = centres.create_centre(db, agent_id=self.agent_id, name="Centre Démo",
                                                    siret="12345678900017", agrement="2019-ARA-0042",
                                                    region="Auvergne-Rhône-Alpes")  # fmt: skip
        assert not errors, errors
        self.centre_id, self.out.centre_key = centre.id, key
        self.image = _png()
        self.count = 0

    # --- accounts -------------------------------------------------------------------------------
    def register(self, p: Persona) -> Driver:
        self.count += 1
        last, first = p.name.split(" ", 1)[1], p.name.split(" ", 1)[0]
        form = {
            "civility": "mme" if self.count % 2 else "m", "birth_name": last, "usage_name": "",
            "first_names": first, "birth_date": f"19{70 + self.count % 25}-0{1 + self.count % 9}-15",
            "birth_city": "Lyon", "birth_country": "France", "email": p.email, "email_confirmation": p.email,
            "phone": f"06 12 34 {self.count:02d} 78", "address": f"{self.count} rue des Lilas", "postal_code": "69003",
            "city": "Lyon", "licence_type": "eu_card", "licence_number": f"{self.count:02d}PE{self.count:05d}",
            "consent_privacy": "on", "consent_terms": "on", "consent_accuracy": "on", "consent_processing": "on",
        }  # fmt: skip
        assert accounts.register(self.db, form) == {}
        return self.db.exec(select(Driver).where(Driver.email == p.email)).one()

    def _last_link(self, email: str) -> str:
        mail = select(OutboxMessage).where(OutboxMessage.recipient == email, OutboxMessage.channel == "email")
        msg = self.db.exec(mail.order_by(OutboxMessage.id.desc())).first()
        found = re.search(r"https?://\S+jeton=[A-Za-z0-9_\-]+", msg.body_text)
        return found.group(0) if found else ""

    def active(self, slug: str) -> Driver:
        p = persona(slug)
        driver = self.register(p)
        accounts.validate_account(self.db, agent_id=self.agent_id, public_id=driver.public_id)
        token = self._last_link(p.email).rsplit("jeton=", 1)[1]
        assert auth.set_password(self.db, raw_token=token, purpose=auth.TokenPurpose.SET_PASSWORD,
                                 password=PASSWORD, confirmation=PASSWORD) == {}  # fmt: skip
        self.db.refresh(driver)
        return driver

    # --- trainings ------------------------------------------------------------------------------
    def training(self, d: Driver, kind: str = "fimo", sector: str = "marchandises", days_ago: int = 10) -> None:
        end = trainings.today() - timedelta(days=days_ago)
        dep = trainings.deposit(self.db, centre_id=self.centre_id, data={
            "type": kind, "sector": sector, "start_date": (end - timedelta(days=25)).isoformat(),
            "end_date": end.isoformat(), "hours": 140 if kind == "fimo" else 35,
            "session_reference": f"{kind.upper()}-{sector[:3].upper()}-{d.id}", "birth_name": d.birth_name,
            "first_names": d.first_names, "birth_date": d.birth_date.isoformat(),
            "licence_number": d.licence_number})  # fmt: skip
        assert not dep.errors, dep.errors

    # --- card requests --------------------------------------------------------------------------
    def draft(self, d: Driver, step: str) -> CardRequest:
        req = card_requests.start(self.db, driver_id=d.id)
        kw = {"driver_id": d.id, "public_id": req.public_id}
        if step != "identity":
            assert card_requests.save_identity(self.db, confirmed=True, report="", **kw) == {}
        if step in ("delivery", "summary"):
            for kind in DOCUMENTS:
                assert (
                    card_requests.add_document(self.db, kind=kind, data=self.image, filename=f"{kind}.png", **kw) == ""
                )
        if step == "summary":
            assert card_requests.save_delivery(self.db, address=d.address, postal_code=d.postal_code, city=d.city,
                                               **kw) == {}  # fmt: skip
        card_requests.set_step(self.db, step=step, **kw)
        return req

    def sent(self, d: Driver) -> CardRequest:
        req = self.draft(d, "summary")
        assert card_requests.submit(self.db, driver_id=d.id, public_id=req.public_id) == []
        return req

    def shipped(self, d: Driver) -> tuple[CardRequest, Card]:
        req = self.sent(d)
        card = instruction.validate(self.db, agent_id=self.agent_id, public_id=req.public_id)
        instruction.ship(self.db, agent_id=self.agent_id, public_id=req.public_id)
        return req, self.db.get(Card, card.id)

    def age_card(self, card: Card, *, shipped_days: int = 0, expired: bool = False) -> None:
        """Time cannot pass through the services: move a shipped card's dates into the past."""
        today = trainings.today()
        self.db.refresh(card)
        card.shipped_on = today - timedelta(days=shipped_days)
        if expired:
            card.issued_on = add_years(today, -5) - timedelta(days=40)
            card.expires_on = today - timedelta(days=40)
            card.shipped_on = card.issued_on + timedelta(days=3)
        self.db.add(card)
        self.db.commit()

    def replacement(self, d: Driver, card: Card, motif: str) -> tuple[CardRequest, str]:
        req = replacements.start(self.db, driver_id=d.id, card_number=card.number, motif=motif)
        kw = {"driver_id": d.id, "public_id": req.public_id}
        data = {"defect_puce": "on"} if motif == "quality" else {"commitment": "on", "detail": "Perdue sur une aire"}
        assert replacements.save_declaration(self.db, data=data, **kw) == {}
        where = {"delivery_address": d.address, "delivery_postal_code": d.postal_code, "delivery_city": d.city}
        assert replacements.save_addresses(self.db, data={**where, "billing_same": "on"}, **kw) == {}
        problems, payment_id = replacements.submit(self.db, **kw)
        assert problems == [], problems
        return req, payment_id

    def pay(self, d: Driver, payment_id: str, number: str) -> bool:
        return payments.pay(
            self.db, driver_id=d.id, public_id=payment_id, payment_method=card_payment_method(number)
        ).paid


def build(db: Session) -> Seeded:
    """Create every persona on an empty (or personas-only) database.

    Raises:
        RealAccounts: the database holds other accounts.
        AlreadySeeded: the personas exist already.
    """
    if foreign := foreign_accounts(db):
        raise RealAccounts(f"{len(foreign)} compte(s) réel(s) dans cette base, par exemple {foreign[0]}")
    if db.exec(select(Agent).where(Agent.email == persona("agent").email)).first():
        raise AlreadySeeded("les personas sont déjà dans cette base")
    b = _Builder(db)
    out = b.out
    out.accounts["analyse"] = b.register(persona("analyse")).public_id
    pending = b.register(persona("correction"))
    assert accounts.request_correction(db, agent_id=b.agent_id, public_id=pending.public_id, flags={
        "licence_number": "Le numéro ne correspond pas à la photo du permis."}) == {}  # fmt: skip
    out.links["correction"] = b._last_link(pending.email)
    b.active("sans-formation")
    b.training(b.active("fco"), "fco")
    both = b.active("deux-secteurs")
    b.training(both, sector="marchandises", days_ago=200)
    b.training(both, sector="voyageurs", days_ago=12)
    b.training(b.active("certificat"))
    for step, slug in (("identity", "brouillon-identite"), ("documents", "brouillon-documents"),
                       ("delivery", "brouillon-livraison"), ("summary", "brouillon-recapitulatif")):  # fmt: skip
        d = b.active(slug)
        b.training(d)
        out.requests[slug] = b.draft(d, step).public_id
    d = b.active("envoyee")
    b.training(d)
    out.requests["envoyee"] = b.sent(d).public_id
    d = b.active("complement")
    b.training(d)
    req = b.sent(d)
    instruction.take(db, agent_id=b.agent_id, public_id=req.public_id)
    assert instruction.review(db, agent_id=b.agent_id, public_id=req.public_id, item="doc:photo", ok=False,
                              reason="Photo floue : reprenez-la à la lumière du jour.") == ""  # fmt: skip
    instruction.request_info(db, agent_id=b.agent_id, public_id=req.public_id)
    out.requests["complement"] = req.public_id
    d = b.active("validee")
    b.training(d)
    req = b.sent(d)
    instruction.validate(db, agent_id=b.agent_id, public_id=req.public_id)
    out.requests["validee"] = req.public_id
    for slug in ("expediee", "carte-active", "carte-expiree", "perte-payee", "pli-non-distribue", "a-payer",
                 "paiement-refuse", "qualite"):  # fmt: skip
        d = b.active(slug)
        b.training(d)
        req, card = b.shipped(d)
        out.requests[slug], out.cards[slug] = req.public_id, card.public_id
        if slug == "carte-active":
            b.age_card(card, shipped_days=10)
        elif slug == "carte-expiree":
            b.age_card(card, expired=True)
        elif slug == "pli-non-distribue":
            returned_mail.record_returned(db, agent_id=b.agent_id, public_id=req.public_id, reason="absent")
        elif slug in ("perte-payee", "a-payer", "paiement-refuse"):
            rep, payment_id = b.replacement(d, card, "loss")
            out.requests[slug], out.payments[slug] = rep.public_id, payment_id
            if slug == "perte-payee":
                assert b.pay(d, payment_id, GOOD_CARD)
            elif slug == "paiement-refuse":
                assert not b.pay(d, payment_id, DECLINED_CARD)
        elif slug == "qualite":
            rep, _ = b.replacement(d, card, "quality")
            instruction.receive(db, agent_id=b.agent_id, public_id=rep.public_id)
            out.requests[slug] = rep.public_id
    return out


def sign_ins() -> list[tuple[str, str, str]]:
    """(email, password or how to sign in, state) of every persona, for printing."""
    how = {"pending": "pas de mot de passe (compte non validé)", "centre": "clé API affichée au seed"}
    return [(p.email, how.get(p.role, PASSWORD), p.state) for p in PERSONAS]
