"""Instruction of card requests by operator agents, on a real database: queue, review, complement,
reject, validate (card and its expiry), ship, concurrent agents and the document-view log."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from hubpro.models import (
    Agent,
    Card,
    CardRequest,
    DocumentView,
    OutboxMessage,
    RequestDocument,
    RequestEvent,
    StoredFile,
    TrainingCentre,
)
from hubpro.services import card_requests as service
from hubpro.services import centres, documents, instruction, trainings
from hubpro.services.request_flow import Conflict
from tests.services.factories import active_driver, make_agent
from tests.services.test_card_requests import _certificate, _complete_draft, _png

TO_INSTRUCT = {"sent", "in_review", "info_requested", "info_sent"}


def _centre(db) -> TrainingCentre:
    centre, _, errors = centres.create_centre(
        db, agent_id=None, name="Centre Ouest", siret="98765432109876", agrement="2020-BRE-0007", region="Bretagne"
    )
    assert errors == {}
    return centre


def _deposit(db, centre, driver, *, kind: str, end: date, ref: str) -> None:
    hours = {"fimo": 140, "fco": 35}[kind]
    result = trainings.deposit(
        db,
        centre_id=centre.id,
        data={
            "type": kind,
            "sector": "marchandises",
            "start_date": (end - timedelta(days=20)).isoformat(),
            "end_date": end.isoformat(),
            "hours": hours,
            "session_reference": ref,
            "birth_name": driver.birth_name,
            "first_names": driver.first_names,
            "birth_date": driver.birth_date.isoformat(),
            "licence_number": driver.licence_number,
        },
    )
    assert result.created, result.errors
    assert result.training.driver_id == driver.id


def _sent(db, driver) -> CardRequest:
    """A complete request submitted by the driver (needs a free certificate)."""
    req = _complete_draft(db, driver)
    assert service.submit(db, driver_id=driver.id, public_id=req.public_id) == []
    assert req.status == "sent"
    return req


def _sent_request(db):
    driver = active_driver(db)
    _certificate(db, driver)
    return driver, _sent(db, driver)


def _events(db, req) -> list[RequestEvent]:
    return list(db.exec(select(RequestEvent).where(RequestEvent.request_id == req.id).order_by(RequestEvent.id)))


def _status(db, req) -> str:
    db.expire_all()
    return db.get(CardRequest, req.id).status


# --- queue and access ----------------------------------------------------------------------------


def test_queue_oldest_first_without_drafts_or_cancelled(db):
    driver = active_driver(db)
    centre = _centre(db)
    for n in range(3):
        _deposit(db, centre, driver, kind="fco", end=trainings.today() - timedelta(days=2 + n), ref=f"Q{n}")
    first = _sent(db, driver)
    second = _sent(db, driver)
    cancelled = service.start(db, driver_id=driver.id)
    service.cancel(db, driver_id=driver.id, public_id=cancelled.public_id)
    draft = service.start(db, driver_id=driver.id)  # reuses the certificate freed by the cancellation
    assert draft.id != cancelled.id and draft.status == "draft"
    # The second was submitted first: the order follows submitted_at, not the creation order.
    second.submitted_at = first.submitted_at - timedelta(hours=3)
    db.add(second)
    db.commit()
    agent_id = make_agent(db)

    assert [r.id for r in instruction.queue(db, agent_id=agent_id)] == [second.id, first.id]

    instruction.take(db, agent_id=agent_id, public_id=first.public_id)
    assert [r.id for r in instruction.queue(db, agent_id=agent_id, status="in_review")] == [first.id]
    assert [r.id for r in instruction.queue(db, agent_id=agent_id, status="sent")] == [second.id]
    assert instruction.queue(db, agent_id=agent_id, status="info_requested") == []
    # An unknown filter falls back to every status to instruct.
    for unknown in ("bogus", "SENT", " sent"):
        assert [r.id for r in instruction.queue(db, agent_id=agent_id, status=unknown)] == [second.id, first.id]
    assert {r.status for r in instruction.queue(db, agent_id=agent_id)} <= TO_INSTRUCT


def test_queue_filter_never_shows_drafts_or_cancelled(db):
    driver = active_driver(db)
    centre = _centre(db)
    for n in range(2):
        _deposit(db, centre, driver, kind="fco", end=trainings.today() - timedelta(days=2 + n), ref=f"D{n}")
    sent = _sent(db, driver)
    cancelled = service.start(db, driver_id=driver.id)
    service.cancel(db, driver_id=driver.id, public_id=cancelled.public_id)
    service.start(db, driver_id=driver.id)
    agent_id = make_agent(db)
    # Agents never see drafts nor cancelled requests, whatever the filter (load() refuses them too).
    for status in ("draft", "cancelled"):
        assert [r.id for r in instruction.queue(db, agent_id=agent_id, status=status)] == [sent.id]


def test_inactive_or_unknown_agent_is_refused(db):
    _, req = _sent_request(db)
    agent_id = make_agent(db)
    agent = db.get(Agent, agent_id)
    agent.active = False
    db.add(agent)
    db.commit()
    for who in (agent_id, agent_id + 1000):
        with pytest.raises(PermissionError):
            instruction.queue(db, agent_id=who)
        with pytest.raises(PermissionError):
            instruction.load(db, agent_id=who, public_id=req.public_id)
        with pytest.raises(PermissionError):
            instruction.validate(db, agent_id=who, public_id=req.public_id)
        with pytest.raises(PermissionError):
            instruction.reject(db, agent_id=who, public_id=req.public_id, reason="Motif")
    assert _status(db, req) == "sent"
    assert db.exec(select(Card)).all() == []


def test_agents_never_see_drafts_cancelled_or_unknown_requests(db):
    driver = active_driver(db)
    _certificate(db, driver)
    draft = _complete_draft(db, driver)
    agent_id = make_agent(db)
    with pytest.raises(LookupError):
        instruction.load(db, agent_id=agent_id, public_id=draft.public_id)
    with pytest.raises(LookupError):
        instruction.validate(db, agent_id=agent_id, public_id=draft.public_id)
    with pytest.raises(LookupError):
        instruction.load(db, agent_id=agent_id, public_id="inconnu")
    service.cancel(db, driver_id=driver.id, public_id=draft.public_id)
    with pytest.raises(LookupError):
        instruction.load(db, agent_id=agent_id, public_id=draft.public_id)
    assert _status(db, draft) == "cancelled"


# --- review and complement ------------------------------------------------------------------------


def test_review_checks_item_and_reason(db):
    _, req = _sent_request(db)
    agent_id = make_agent(db)
    assert instruction.review(db, agent_id=agent_id, public_id=req.public_id, item="doc:bogus", ok=True) == (
        "Élément inconnu."
    )
    for blank in ("", "   \n\t "):
        assert (
            instruction.review(db, agent_id=agent_id, public_id=req.public_id, item="doc:photo", ok=False, reason=blank)
            == "Indiquez la raison de la non-conformité."
        )
    db.expire_all()
    assert db.get(CardRequest, req.id).review == {}
    assert (
        instruction.review(db, agent_id=agent_id, public_id=req.public_id, item="field:identity", ok=True, reason="x")
        == ""
    )
    db.expire_all()
    assert db.get(CardRequest, req.id).review == {"field:identity": {"ok": True, "reason": ""}}


def test_request_info_needs_a_non_conforming_item(db):
    _, req = _sent_request(db)
    agent_id = make_agent(db)
    with pytest.raises(instruction.Refused):
        instruction.request_info(db, agent_id=agent_id, public_id=req.public_id)
    instruction.review(db, agent_id=agent_id, public_id=req.public_id, item="doc:photo", ok=True)
    with pytest.raises(instruction.Refused):  # « conforme » items only: still nothing to ask
        instruction.request_info(db, agent_id=agent_id, public_id=req.public_id)
    assert _status(db, req) == "sent"
    assert [e.to_status for e in _events(db, req)] == ["sent"]


def test_validate_refused_while_an_item_is_non_conforming(db):
    _, req = _sent_request(db)
    agent_id = make_agent(db)
    instruction.take(db, agent_id=agent_id, public_id=req.public_id)
    instruction.review(db, agent_id=agent_id, public_id=req.public_id, item="doc:signature", ok=False, reason="Floue")
    with pytest.raises(instruction.Refused):
        instruction.validate(db, agent_id=agent_id, public_id=req.public_id)
    assert _status(db, req) == "in_review"
    assert db.exec(select(Card)).all() == []
    # Once corrected in the analysis, validation goes through.
    instruction.review(db, agent_id=agent_id, public_id=req.public_id, item="doc:signature", ok=True)
    card = instruction.validate(db, agent_id=agent_id, public_id=req.public_id)
    assert _status(db, req) == "in_production"
    assert db.exec(select(Card)).one().id == card.id


# --- reject -------------------------------------------------------------------------------------


def test_reject_needs_a_reason_records_it_and_emails_the_driver(db):
    driver, req = _sent_request(db)
    agent_id = make_agent(db)
    for blank in ("", "  \n "):
        with pytest.raises(instruction.Refused):
            instruction.reject(db, agent_id=agent_id, public_id=req.public_id, reason=blank)
    assert _status(db, req) == "sent"
    before = db.exec(select(OutboxMessage).where(OutboxMessage.recipient == driver.email)).all()

    reason = "Pièce d'identité expirée depuis 2019"
    instruction.reject(db, agent_id=agent_id, public_id=req.public_id, reason=f"  {reason}  ")
    db.expire_all()
    stored = db.get(CardRequest, req.id)
    assert stored.status == "rejected"
    assert stored.reject_reason == reason
    last = _events(db, req)[-1]
    assert (last.action, last.from_status, last.to_status, last.reason) == ("reject", "sent", "rejected", reason)
    assert (last.actor_kind, last.actor_id) == ("agent", agent_id)
    after = db.exec(
        select(OutboxMessage).where(OutboxMessage.recipient == driver.email).order_by(OutboxMessage.id)
    ).all()
    new = after[len(before) :]
    assert len(new) == 1
    assert new[0].channel == "email"
    assert reason in new[0].body_text
    assert "rejetée" in new[0].subject.lower()
    # A rejected request is final (« Prendre en charge » does nothing outside sent / info_sent).
    for act in (instruction.validate, instruction.ship, instruction.request_info):
        with pytest.raises(instruction.Refused):
            act(db, agent_id=agent_id, public_id=req.public_id)
    instruction.take(db, agent_id=agent_id, public_id=req.public_id)
    assert instruction.review(db, agent_id=agent_id, public_id=req.public_id, item="doc:photo", ok=True) == (
        "La demande n'est pas en instruction."
    )
    assert _status(db, req) == "rejected"
    assert [e.to_status for e in _events(db, req)] == ["sent", "rejected"]
    assert db.exec(select(Card)).all() == []


def test_a_rejected_request_frees_its_certificate(db):
    # Decision: « Rejetée » says a new request is possible, so the certificate is free again.
    driver, req = _sent_request(db)
    agent_id = make_agent(db)
    instruction.reject(db, agent_id=agent_id, public_id=req.public_id, reason="Photo non conforme")
    assert service.start_refusal(db, driver_id=driver.id) == ""
    again = service.start(db, driver_id=driver.id)
    assert again.id != req.id and again.certificate_id == req.certificate_id
    assert len(db.exec(select(CardRequest)).all()) == 2


# --- validate, ship, concurrency ------------------------------------------------------------------


def test_two_agents_validate_at_once_only_one_card(db, schema, monkeypatch):
    _, req = _sent_request(db)
    first_agent = make_agent(db, "premier@hubpro.test")
    second_agent = make_agent(db, "second@hubpro.test")
    loaded = instruction.load(db, agent_id=second_agent, public_id=req.public_id)  # second agent's page
    assert loaded.status == "sent"
    with Session(schema, expire_on_commit=False) as other:  # the first agent validates meanwhile
        card = instruction.validate(other, agent_id=first_agent, public_id=req.public_id)
    failures = []
    real_move = instruction.move

    def spy(*args, **kwargs):
        try:
            return real_move(*args, **kwargs)
        except Exception as exc:
            failures.append(type(exc))
            raise

    monkeypatch.setattr(instruction, "move", spy)
    # The second agent's session still reads « sent »: the conditional update refuses.
    with pytest.raises(instruction.Refused):
        instruction.validate(db, agent_id=second_agent, public_id=req.public_id)
    assert failures == [Conflict]
    db.expire_all()
    assert [c.id for c in db.exec(select(Card)).all()] == [card.id]
    assert db.get(CardRequest, req.id).status == "in_production"
    assert [e.to_status for e in _events(db, req)] == ["sent", "validated", "in_production"]
    # Reloaded, the request is simply no longer to validate.
    with pytest.raises(instruction.Refused):
        instruction.validate(db, agent_id=second_agent, public_id=req.public_id)
    assert len(db.exec(select(Card)).all()) == 1


def test_ship_before_validation_is_refused(db):
    _, req = _sent_request(db)
    agent_id = make_agent(db)
    with pytest.raises(instruction.Refused):
        instruction.ship(db, agent_id=agent_id, public_id=req.public_id)
    instruction.take(db, agent_id=agent_id, public_id=req.public_id)
    with pytest.raises(instruction.Refused):
        instruction.ship(db, agent_id=agent_id, public_id=req.public_id)
    assert _status(db, req) == "in_review"
    assert db.exec(select(Card)).all() == []
    card = instruction.validate(db, agent_id=agent_id, public_id=req.public_id)
    instruction.ship(db, agent_id=agent_id, public_id=req.public_id)
    db.expire_all()
    shipped = db.get(Card, card.id)
    assert (shipped.status, shipped.shipped_on) == ("shipped", trainings.today())
    assert db.get(CardRequest, req.id).status == "shipped"
    with pytest.raises(instruction.Refused):  # twice: refused
        instruction.ship(db, agent_id=agent_id, public_id=req.public_id)


# --- document views -----------------------------------------------------------------------------


def test_agent_document_views_are_logged_one_row_per_view(db):
    driver, req = _sent_request(db)
    agent_id = make_agent(db)
    doc = db.exec(
        select(RequestDocument).where(RequestDocument.request_id == req.id, RequestDocument.kind == "identity")
    ).one()
    file = db.get(StoredFile, doc.file_id)
    thumb = db.get(StoredFile, doc.thumb_file_id)
    assert (file.kind, thumb.kind) == ("request_document", "thumbnail")

    for _ in range(2):
        got = documents.file_for(db, role="agent", user_id=agent_id, file_public_id=file.public_id)
        assert got is not None and got.id == file.id
    views = db.exec(select(DocumentView)).all()
    assert [(v.file_id, v.agent_id) for v in views] == [(file.id, agent_id)] * 2

    assert documents.file_for(db, role="agent", user_id=agent_id, file_public_id=thumb.public_id).id == thumb.id
    assert documents.file_for(db, role="driver", user_id=driver.id, file_public_id=file.public_id).id == file.id
    assert documents.file_for(db, role="driver", user_id=driver.id, file_public_id=thumb.public_id).id == thumb.id
    assert len(db.exec(select(DocumentView)).all()) == 3  # the thumbnail shows the document too; owners not logged

    other = active_driver(db, "autre@example.fr")
    assert documents.file_for(db, role="driver", user_id=other.id, file_public_id=file.public_id) is None
    assert documents.file_for(db, role="agent", user_id=agent_id + 1000, file_public_id=file.public_id) is None
    assert documents.file_for(db, role="centre", user_id=agent_id, file_public_id=file.public_id) is None
    assert len(db.exec(select(DocumentView)).all()) == 3


# --- card expiry ----------------------------------------------------------------------------------

FIMO_END = date(2022, 3, 10)  # qualification until 10/03/2027, early FCO from 10/03/2026


@pytest.mark.parametrize(
    ("fimo_end", "fco_end", "expires"),
    [
        (None, date(2026, 11, 18), date(2031, 11, 18)),  # FCO alone: 5 years from its end
        (FIMO_END, date(2026, 11, 18), date(2032, 3, 10)),  # early FCO: from the previous expiry
        (FIMO_END, date(2026, 3, 10), date(2032, 3, 10)),  # first day of the early window
        (FIMO_END, date(2026, 3, 9), date(2031, 3, 9)),  # the day before: from the FCO's end
        (FIMO_END, date(2027, 3, 10), date(2032, 3, 10)),  # on the expiry day itself
        (FIMO_END, date(2027, 3, 11), date(2032, 3, 11)),  # after the expiry: from the FCO's end
        (date(2024, 2, 29), date(2028, 6, 1), date(2034, 2, 28)),  # 29/02 + 5 years = 28/02/2029, + 5 more
    ],
)
def test_card_expiry_is_the_qualification_end(db, monkeypatch, fimo_end, fco_end, expires):
    driver = active_driver(db)
    centre = _centre(db)
    if fimo_end is not None:
        monkeypatch.setattr(trainings, "today", lambda: fimo_end + timedelta(days=5))
        _deposit(db, centre, driver, kind="fimo", end=fimo_end, ref="FIMO-1")
    deposit_day = fco_end + timedelta(days=2)
    monkeypatch.setattr(trainings, "today", lambda: deposit_day)
    monkeypatch.setattr(instruction, "today", lambda: deposit_day)
    _deposit(db, centre, driver, kind="fco", end=fco_end, ref="FCO-1")
    req = _sent(db, driver)
    agent_id = make_agent(db)
    card = instruction.validate(db, agent_id=agent_id, public_id=req.public_id)
    db.expire_all()
    stored = db.get(Card, card.id)
    assert stored.expires_on == expires
    assert stored.issued_on == deposit_day
    assert (stored.sector, stored.categories) == ("marchandises", "C1, C1E, C, CE")
    assert stored.licence_number == driver.licence_number
    photo = db.exec(
        select(RequestDocument).where(RequestDocument.request_id == req.id, RequestDocument.kind == "photo")
    ).one()
    assert stored.photo_file_id == photo.file_id


def test_card_expiry_ignores_trainings_after_the_requested_one(db, monkeypatch):
    # A later FCO (its own certificate) must not change the card of an earlier request.
    driver = active_driver(db)
    centre = _centre(db)
    monkeypatch.setattr(trainings, "today", lambda: date(2022, 3, 15))
    _deposit(db, centre, driver, kind="fimo", end=FIMO_END, ref="FIMO-1")
    req = _sent(db, driver)  # the request is for the FIMO certificate
    monkeypatch.setattr(trainings, "today", lambda: date(2026, 11, 20))
    monkeypatch.setattr(instruction, "today", lambda: date(2026, 11, 20))
    _deposit(db, centre, driver, kind="fco", end=date(2026, 11, 18), ref="FCO-1")
    card = instruction.validate(db, agent_id=make_agent(db), public_id=req.public_id)
    assert card.expires_on == date(2027, 3, 10)


def test_a_document_replaced_after_an_agent_viewed_it_is_kept_with_its_access_log(db):
    driver, req = _sent_request(db)
    agent_id = make_agent(db)
    doc = db.exec(
        select(RequestDocument).where(RequestDocument.request_id == req.id, RequestDocument.kind == "photo")
    ).one()
    viewed = db.get(StoredFile, doc.thumb_file_id)
    assert documents.file_for(db, role="agent", user_id=agent_id, file_public_id=viewed.public_id) is not None
    instruction.review(db, agent_id=agent_id, public_id=req.public_id, item="doc:photo", ok=False, reason="Floue")
    instruction.request_info(db, agent_id=agent_id, public_id=req.public_id)
    assert service.add_document(db, driver_id=driver.id, public_id=req.public_id, kind="photo",
                                data=_png("#123456"), filename="nouvelle.png") == ""  # fmt: skip
    assert db.get(StoredFile, viewed.id) is not None  # evidence of what the agent saw
    assert len(db.exec(select(DocumentView)).all()) == 1
