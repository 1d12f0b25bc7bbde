"""A database outage in an event handler: French message beside the action, retry possible; French fallbacks."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import select

import hubpro.pages  # noqa: F401  (registers the states)
from hubpro.models import Driver
from hubpro.pages.errors import error_screen
from hubpro.state import signup as signup_module
from hubpro.state.outage import UNAVAILABLE, backend_exception_handler, is_outage
from hubpro.state.signup import SignupState
from tests.services.factories import signup_form
from tests.services.test_state_guards import _state


def _locked(*_args, **_kwargs):
    raise OperationalError("INSERT INTO driver …", {}, sqlite3.OperationalError("database is locked"))


def _submit(state, form: dict) -> list:
    async def run():
        return [update async for update in state.submit(form)]

    return asyncio.run(run())


def test_signup_during_an_outage_says_so_in_french_then_the_retry_succeeds(db, monkeypatch):
    email = "panne.unitaire@example.fr"
    form = signup_form(email=email, email_confirmation=email)
    _, signup = _state(SignupState)
    signup.licence_type = "eu_card"
    real = signup_module._register
    monkeypatch.setattr(signup_module, "_register", _locked)
    _submit(signup, form)
    assert signup.errors == {"form": UNAVAILABLE} and "momentanément indisponible" in UNAVAILABLE
    assert signup.busy is False
    assert db.exec(select(Driver).where(Driver.email == email)).first() is None

    monkeypatch.setattr(signup_module, "_register", real)
    updates = _submit(signup, form)
    assert signup.errors == {}
    assert "/creer-un-compte/envoye" in str(updates[-1])
    assert db.exec(select(Driver).where(Driver.email == email)).one()


def test_only_outages_are_turned_into_the_message(db, monkeypatch):
    _, signup = _state(SignupState)

    def broken(*_args):
        raise IntegrityError("INSERT", {}, Exception("unique"))

    monkeypatch.setattr(signup_module, "_register", broken)
    with pytest.raises(IntegrityError):  # a bug or a conflict is not hidden as an outage
        _submit(signup, signup_form())
    assert is_outage(OperationalError("x", {}, Exception("could not connect to server")))
    assert not is_outage(ValueError("x"))


def test_any_other_failure_and_the_error_screen_are_in_french():
    def script(spec) -> str:
        return str(spec.args[0][1]._var_value)

    outage = script(backend_exception_handler(OperationalError("x", {}, Exception("locked"))))
    other = script(backend_exception_handler(RuntimeError("boom")))
    assert "momentanément indisponible" in outage
    assert "Une erreur est survenue" in other and "boom" not in other
    assert "An error occurred" not in outage + other
    screen = str(error_screen())
    assert "Une erreur est survenue sur cette page" in screen and "Recharger la page" in screen


def test_payment_during_an_outage_says_so_and_payer_can_be_pressed_again(db, monkeypatch):
    from hubpro.state import payment as payment_module
    from hubpro.state.payment import PaymentState
    from tests.services.factories import active_driver
    from tests.services.test_state_guards import _token

    driver = active_driver(db, "panne.paiement@example.fr")
    token = _token(db, "driver", driver.email)
    _, page = _state(PaymentState, f"hubpro_sid={token}", {"payment_id": "pay_inconnu"})
    monkeypatch.setattr(payment_module, "payment_view", _locked)
    asyncio.run(page.load())
    assert page.message == UNAVAILABLE and page.busy is False

    page.start()
    assert page.busy is True
    monkeypatch.setattr(payment_module, "_attempt", _locked)
    asyncio.run(page.pay({"id": "pm_card_visa"}))
    assert page.message == UNAVAILABLE
    assert page.busy is False  # « Payer » is enabled again: the driver can retry
