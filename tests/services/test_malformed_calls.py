"""Every event handler is a public endpoint: malformed or foreign calls never raise and change nothing.

The test walks Reflex's own registry (each hubpro state's ``event_handlers``), so a handler added
later is covered without editing this file. Each handler is called the way the websocket calls it
(payload coerced by Reflex's own ``_prepare_event_payload``, generators consumed, the returned
events checked and the delta serialised), as several callers: no session (forged cookies), another
driver, the owner with wrong types, an agent, a training centre.
"""

from __future__ import annotations

import asyncio
import hashlib
import inspect
import io
import typing
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
import reflex as rx
from PIL import Image
from reflex_base.event.processor.base_state_processor import _check_valid_yield, _prepare_event_payload
from reflex_base.utils.format import json_dumps
from sqlalchemy import select as sa_select
from sqlmodel import SQLModel, select

import hubpro.pages  # noqa: F401  (registers every state)
from hubpro.domain import accounts, licence
from hubpro.domain import card_requests as rules
from hubpro.domain import trainings as training_rules
from hubpro.domain.replacements import DEFECTS
from hubpro.models import Card, CardRequest, Driver, RequestDocument, StoredFile, Training
from hubpro.services import auth, card_requests, centres, trainings
from hubpro.services.card_requests import DRAFT_FIELDS
from hubpro.state.args import as_int, as_public_id, as_str, as_uploads
from hubpro.state.forms import clean_form
from hubpro.state.session import SAFETY_NET
from hubpro.state.signup import FORM_KEYS as SIGNUP_KEYS
from tests.services.factories import active_driver, make_agent
from tests.services.test_payments import _payable
from tests.services.test_state_guards import _pending, _state, _token

pytestmark = pytest.mark.slow  # every handler x every caller (~40 s): left out of `make check`

FRAMEWORK_HANDLERS = {"setvar"}  # Reflex's generic setter: it only forwards to hubpro's own set_* handlers

# Tables a refused call may legitimately write to (everything else must be byte-for-byte unchanged):
# - loginattempt: a sign-in with a malformed email or password is a failed attempt, and throttling must
#   count it (refusing to record it would let an attacker probe for free);
# - authsession.last_seen_at: every guarded call re-reads the caller's session and touches it (idle
#   timeout), which is the point of re-reading it;
# - verificationcheck: « Vérification d'un titre » logs every check, an unknown token included (issue 16).
LOG_TABLES = {"loginattempt", "verificationcheck"}
IGNORED_COLUMNS = {("authsession", "last_seen_at")}

HUGE = "x" * 100_000
# Every field name a handler reads from a form: the screens' own lists, plus the few fields named in handlers.
FORM_KEYS = sorted(
    {*SIGNUP_KEYS, *training_rules.FIELDS, *(f"defect_{k}" for k in DEFECTS)}
    | {f"{p}_{k}" for p in ("flag", "reason") for k in accounts.CORRECTABLE}
    | {"password", "confirmation", "api_key", "card", "motif", "item", "verdict", "reason", "fault", "commitment"}
    | {"detail", "identity_confirmed", "identity_report", "billing_same", "billing_name", "billing_address", "name"}
    | {"siret", "agrement", "region", "id", "error", "progress", *DRAFT_FIELDS}
)
TYPE_JUNK = [None, 12345, 10**30, -1.5, float("inf"), float("nan"), True, [], ["a", 1], {}, {"$gt": ""}, [{"x": 1}]]
TYPE_JUNK += [[{"errors": 5, "code": [1]}], [{"errors": [5, None, {"code": {"x": 1}}], "file": None}]]  # nested lists
# Words the screens really send (steps, fields, statuses…): with a foreign id they must reach the ownership check.
VOCABULARY = sorted(
    {*rules.STEPS, *DRAFT_FIELDS, "declaration", "addresses", "summary", *(s.value for s in rules.RequestStatus)}
    | {"marchandises", "voyageurs", "photo", "loss", *licence.LABELS}
)


@dataclass
class World:
    """Three drivers, an account in review, an agent, a centre, and the session cookies of each."""

    victim: dict[str, str]  # public ids of the victim's objects
    wrong_kind: dict[str, str]  # router params pointing at objects of another kind
    agent_targets: dict[str, str]  # objects an agent may legitimately act on
    own_draft: dict[str, str]  # a draft its owner may still edit
    foreign_values: list[str]
    cookies: dict[str, str]


def _hubpro_handlers() -> list[tuple[type, str]]:
    found, todo = [], [rx.State]
    while todo:
        cls = todo.pop()
        todo.extend(cls.get_substates())
        if cls.__module__.startswith("hubpro."):
            found += [(cls, name) for name in cls.event_handlers if name not in FRAMEWORK_HANDLERS]
    return sorted(found, key=lambda item: (item[0].get_full_name(), item[1]))


HANDLERS = _hubpro_handlers()


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (300, 400), "#88aacc").save(buf, "PNG")
    return buf.getvalue()


def _upload(data: bytes, name: str = "photo.png") -> rx.UploadFile:
    return rx.UploadFile(file=io.BytesIO(data), path=Path(name))


def _values(hint, world: World, strict: bool) -> list:
    """Malformed values for one parameter; ``strict``: wrong types only (safe on the caller's own objects)."""
    junk = list(TYPE_JUNK)
    poison = [{k: bad for k in FORM_KEYS} for bad in ([1], {"x": 1}, 10**30, float("inf"), float("nan"), None)]
    loose = [HUGE, "a\x00b", "\ud800", "é" * 5000 + "\u202e", "../../etc/passwd", "-1", "9" * 30]
    loose += VOCABULARY + world.foreign_values
    loose_forms = [{k: v for k in FORM_KEYS} for v in (HUGE, "a\x00b\ud800", "on", *world.foreign_values)]
    loose_forms.append({"card": world.victim["card_number"], "motif": "loss", "id": "pm_123456789"})
    if typing.get_origin(hint) is list:  # uploads
        files = [None, "abc", [None], ["abc"], [{"name": "x.png"}], [_upload(b""), _upload(b"")], {"files": 1}]
        return junk + files + ([] if strict else [[_upload(_png())], [_upload(HUGE.encode(), "../x.pdf")]])
    if hint is dict:
        return junk + poison + ["formulaire"] + ([] if strict else loose_forms)
    return junk + ([] if strict else loose)


async def _drive(root, state, name: str, kwargs: dict) -> None:
    """Call one handler like Reflex's event processor does, then build the delta the browser would get."""
    handler = type(state).event_handlers[name]
    payload = _prepare_event_payload(handler, kwargs)
    result = handler.fn(state, **payload)
    if inspect.iscoroutine(result):
        result = await result
    if inspect.isasyncgen(result):
        async for update in result:
            _check_valid_yield(update, name)
    elif inspect.isgenerator(result):
        for update in result:
            _check_valid_yield(update, name)
    else:
        _check_valid_yield(result, name)
    json_dumps(await root._get_resolved_delta())
    root._clean()


def _snapshot(db) -> dict[str, str]:
    """A digest of every table (allowed log tables and columns left out)."""
    db.expire_all()
    out = {}
    for table in SQLModel.metadata.sorted_tables:
        if table.name in LOG_TABLES:
            continue
        cols = [c for c in table.columns if (table.name, c.name) not in IGNORED_COLUMNS]
        rows = db.execute(sa_select(*cols).order_by(*table.primary_key.columns)).all()
        out[table.name] = hashlib.sha256(repr([tuple(r) for r in rows]).encode()).hexdigest()
    return out


def _draft(db, driver: Driver, centre_id: int) -> CardRequest:
    end = trainings.today() - timedelta(days=2)
    deposit = {"type": "fco", "sector": "marchandises", "start_date": (end - timedelta(days=4)).isoformat(),
               "end_date": end.isoformat(), "hours": 35, "session_reference": "S-MAL", "birth_name": driver.birth_name,
               "first_names": driver.first_names, "birth_date": driver.birth_date.isoformat(),
               "licence_number": driver.licence_number}  # fmt: skip
    assert trainings.deposit(db, centre_id=centre_id, data=deposit).training.driver_id == driver.id
    return card_requests.start(db, driver_id=driver.id)


@pytest.fixture
def world(db) -> World:
    """A victim who has a shipped card, a replacement awaiting payment, documents and a training."""
    victim, card, replacement, payment_id = _payable(db, email="victime@example.fr")
    card = db.get(Card, card.id)
    doc = db.exec(select(RequestDocument).where(RequestDocument.request_id == card.request_id)).first()
    training = db.exec(select(Training).where(Training.driver_id == victim.id)).first()
    cqc_request = db.get(CardRequest, card.request_id).public_id
    pending = _pending(db)
    intruder = active_driver(db, "intrus@example.fr")
    make_agent(db, "agent.malforme@hubpro.test")
    centre, raw_key, errors = centres.create_centre(
        db, agent_id=None, name="Centre Malformé", siret="98765432109876", agrement="2020-BRE-0007", region="Bretagne"
    )
    assert not errors
    owner = active_driver(db, "proprietaire@example.fr", licence_number="29ZZ54321", birth_name="Le Goff")
    draft = _draft(db, owner, centre.id)
    centre_token = auth.exchange_ticket(db, auth.login_centre(db, raw_key=raw_key, ip="10.0.0.1").ticket)[1]
    victim_ids = {"request_id": cqc_request, "payment_id": payment_id, "card_id": card.public_id}
    foreign = [cqc_request, replacement.public_id, payment_id, card.public_id, card.number, victim.public_id]
    foreign += [db.get(StoredFile, doc.file_id).public_id, training.public_id, db.get(Driver, intruder.id).public_id]
    return World(
        victim={**victim_ids, "account_id": victim.public_id, "card_number": card.number},
        wrong_kind={
            "request_id": payment_id,
            "payment_id": card.public_id,
            "card_id": replacement.public_id,
            "account_id": training.public_id,
        },
        agent_targets={**victim_ids, "account_id": pending.public_id},
        own_draft={"request_id": draft.public_id},
        foreign_values=foreign,
        cookies={
            "anonymous": "hubpro_sid=forged; hubpro_agent_sid=forged; hubpro_centre_sid=\x00",
            "intruder": f"hubpro_sid={_token(db, 'driver', intruder.email)}",
            "victim": f"hubpro_sid={_token(db, 'driver', victim.email)}",
            "owner": f"hubpro_sid={_token(db, 'driver', owner.email)}",
            "agent": f"hubpro_agent_sid={_token(db, 'agent', 'agent.malforme@hubpro.test')}",
            "centre": f"hubpro_centre_sid={centre_token}",
        },
    )


# (caller, router target, strict): with strict, the caller may act on the target, so only wrong types are
# sent and handlers without parameters (nothing to malform: « Valider », « Prendre en charge »…) are skipped.
PASSES = {
    "no-session-forged-cookies": ("anonymous", "victim", False),
    "another-driver": ("intruder", "victim", False),
    "another-driver-garbage-route-params": ("intruder", "garbage", False),
    "owner-wrong-types": ("victim", "victim", True),
    "owner-of-a-draft-wrong-types": ("owner", "own_draft", True),
    "agent-ids-of-the-wrong-kind": ("agent", "wrong_kind", False),
    "agent-wrong-types-on-real-objects": ("agent", "agent_targets", True),
    "training-centre": ("centre", "victim", False),
}
GARBAGE_PARAMS = {"request_id": {"$ne": 1}, "payment_id": ["x"], "card_id": HUGE, "account_id": "\ud800\x00"}


def _calls(cls: type, name: str, world: World, strict: bool) -> list[dict]:
    """Keyword sets for one handler: each parameter gets its malformed values in turn."""
    handler = cls.event_handlers[name]
    hints = handler._type_hints or {}
    arg_names = [p for p in inspect.signature(handler.fn).parameters if p != "self"]
    if not arg_names:
        return [] if strict else [{}]
    value_lists = [_values(hints.get(a), world, strict) for a in arg_names]
    count = max(len(values) for values in value_lists)
    return [{a: vs[i % len(vs)] for a, vs in zip(arg_names, value_lists, strict=True)} for i in range(count)]


@pytest.mark.parametrize("caller,target,strict", PASSES.values(), ids=PASSES.keys())
def test_malformed_and_foreign_calls_never_raise_and_change_nothing(db, world, caller, target, strict, caplog):
    params = GARBAGE_PARAMS if target == "garbage" else getattr(world, target)
    params = {k: v for k, v in params.items() if k != "card_number"}
    before = _snapshot(db)
    failures: list[str] = []

    async def run() -> None:
        for cls in dict.fromkeys(cls for cls, _ in HANDLERS):
            root, state = _state(cls, world.cookies[caller], params)
            for name in [name for owner, name in HANDLERS if owner is cls]:
                for kwargs in _calls(cls, name, world, strict):
                    state.reset()  # each call starts from a fresh page state (busy flags…)
                    try:
                        await _drive(root, state, name, kwargs)
                    except Exception as exc:
                        shown = {k: repr(v)[:60] for k, v in kwargs.items()}
                        failures.append(f"{cls.__name__}.{name}({shown}): {type(exc).__name__}: {str(exc)[:200]}")
            after = _snapshot(db)  # once per state: hashing every table after each call would be slow
            if changed := [t for t in after if after[t] != before[t]]:
                failures.append(f"a handler of {cls.__name__} changed the database: {changed}")
                before.update(after)

    with caplog.at_level("INFO", logger="hubpro.access"):
        asyncio.run(run())
    # The decorators' safety net is for production only: here every handler must validate by itself.
    failures += [r.getMessage() for r in caplog.records if r.getMessage().startswith(SAFETY_NET)]
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures)


def test_argument_helpers_return_the_expected_type_or_an_empty_value():
    assert as_str("Lyon") == "Lyon" and as_str("a\x00b\ud800é") == "abé" and as_str(HUGE, 10) == "x" * 10
    assert [as_str(v) for v in (None, 12, ["a"], {"a": "b"}, True)] == [""] * 5
    assert as_int("42") == 42 and as_int(7) == 7
    assert [as_int(v) for v in (True, 1.0, "-1", "0", "4e3", "9" * 30, 10**30, None, ["1"], "١")] == [None] * 10
    assert as_public_id(" abc ") == "abc" and as_public_id("x" * 99) == "x" * 40
    assert as_uploads([]) == [] and as_uploads([{"name": "a.png"}]) is None and as_uploads("a") is None
    assert clean_form(None, ["email"]) == {"email": ""}
    assert clean_form({"email": ["a"], "ok": True, "no": False, "x": "y"}, ["email", "ok", "no"]) == {
        "email": "",
        "ok": "on",
        "no": "",
    }
