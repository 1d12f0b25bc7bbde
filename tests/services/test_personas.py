"""The personas seed: every persona in its intended state, read back through the services and views."""

from __future__ import annotations

import pytest
from sqlmodel import select

from hubpro.models import Agent, Driver
from hubpro.personas import PASSWORD, PERSONAS, persona
from hubpro.personas.build import RealAccounts, build
from hubpro.personas.cli import seed
from hubpro.services import auth, centres, invoices
from hubpro.services.views import accounts as account_views
from hubpro.services.views import cards, instruction, my_requests, payment, request
from tests.services.factories import active_driver


def _driver(db, slug):
    return db.exec(select(Driver).where(Driver.email == persona(slug).email)).one()


def _labels(db, slug):
    rows = my_requests.my_requests(db, driver_id=_driver(db, slug).id).rows
    return [r.label for r in rows]


def test_every_persona_is_in_its_state(db, localstripe):
    seeded = build(db)
    for p in PERSONAS:
        if p.role in ("driver", "agent"):
            assert auth.login(db, role=p.role, email=p.email, password=PASSWORD, ip="127.0.0.1").ticket, p.slug
    agent_id = db.exec(select(Agent.id).where(Agent.email == persona("agent").email)).one()
    queue = {row["email"] for row in account_views.account_queue(db, agent_id=agent_id)}
    assert persona("analyse").email in queue
    assert "jeton=" in seeded.links["correction"]
    assert centres.centre_for_key(db, seeded.centre_key).name == "Centre Démo"

    assert _labels(db, "sans-formation") == [] and _labels(db, "certificat") == []
    assert "certificat" in my_requests.my_requests(db, driver_id=_driver(db, "sans-formation").id).refusal
    for slug, step in (("brouillon-identite", "identity"), ("brouillon-documents", "documents"),
                       ("brouillon-livraison", "delivery"), ("brouillon-recapitulatif", "summary")):  # fmt: skip
        view = request.request_view(db, driver_id=_driver(db, slug).id, public_id=seeded.requests[slug])
        assert view.step == step, slug
    assert _labels(db, "envoyee") == ["Envoyée"]
    assert _labels(db, "complement") == ["En attente d'information complémentaire"]
    assert _labels(db, "validee") == ["En fabrication"]

    def card_labels(slug):
        return [c.label for c in cards.driver_cards(db, driver_id=_driver(db, slug).id)]

    assert card_labels("expediee") == ["Expédiée"]
    assert card_labels("carte-active") == ["Active"]
    assert card_labels("carte-expiree") == ["Expirée"]
    assert card_labels("perte-payee") == ["En fabrication", "Déclarée perdue"]
    assert card_labels("pli-non-distribue") == ["Pli non distribué"]
    lost = _driver(db, "perte-payee")
    assert invoices.for_driver(db, driver_id=lost.id)[0]["amount"] == "36,00 €"
    assert payment.payment_view(db, driver_id=lost.id, public_id=seeded.payments["perte-payee"]).paid
    due = payment.payment_view(db, driver_id=_driver(db, "a-payer").id, public_id=seeded.payments["a-payer"])
    assert not due.paid and due.amount == "36,00 €"
    refused = _driver(db, "paiement-refuse")
    assert not payment.payment_view(db, driver_id=refused.id, public_id=seeded.payments["paiement-refuse"]).paid
    assert "Analyse en cours" in _labels(db, "qualite")

    waiting = {r.label for r in instruction.queue_rows(db, agent_id=agent_id, status="")}
    assert {"Envoyée", "En attente d'information complémentaire", "Analyse en cours"} <= waiting


def test_a_database_with_real_accounts_is_refused(db, capsys):
    active_driver(db, "vrai.conducteur@example.fr")
    with pytest.raises(RealAccounts):
        build(db)
    assert seed() == 2
    assert "Refusé" in capsys.readouterr().err
    assert db.exec(select(Driver).where(Driver.email.endswith("@personas.example.fr"))).all() == []
