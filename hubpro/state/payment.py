"""The payment page: Stripe.js card element, « Payer », server-side verification."""

from __future__ import annotations

import asyncio
import json

import reflex as rx

from hubpro.db import call
from hubpro.domain import payments as money
from hubpro.services import payments
from hubpro.services.views.payment import payment_view
from hubpro.settings import get_settings
from hubpro.state.args import as_dict, as_public_id
from hubpro.state.outage import shows_outage
from hubpro.state.session import driver_required


def _attempt(fn, **kwargs) -> payments.Attempt:
    try:
        return call(fn, **kwargs)
    except payments.NotFound:
        return payments.Attempt(message="Paiement introuvable.")


class PaymentState(rx.State):
    """One payment of the signed-in driver."""

    found: bool = True
    loaded: bool = False
    amount: str = ""
    designation: str = ""
    paid: bool = False
    message: str = ""
    busy: bool = False
    sandbox: bool = False

    def _id(self) -> str:
        return as_public_id(self.router._page.params.get("payment_id", ""))

    @rx.event
    @shows_outage("message")
    @driver_required
    async def load(self, uid: int):
        """on_load: the payment reconciled with Stripe (an abandoned attempt ends here), then the card element."""
        data = await asyncio.to_thread(call, payment_view, driver_id=uid, public_id=self._id())
        self.found, self.loaded, self.busy, self.message = data is not None, True, False, ""
        if data is None:
            return
        self.message = data.notice
        s = get_settings()
        self.amount, self.designation = data.amount, data.designation
        self.paid, self.sandbox = data.paid, s.payment_sandbox
        if not self.paid:
            args = ", ".join(json.dumps(v) for v in (s.stripe_js_url, s.stripe_publishable_key, s.payment_sandbox))
            return rx.call_script(f"setTimeout(() => window.hubproPay && window.hubproPay.init({args}), 50)")

    @rx.event
    def start(self):
        """« Payer »: the browser turns the card into a payment method, then calls pay."""
        if self.busy or self.paid:
            return
        self.busy, self.message = True, ""
        return rx.call_script("window.hubproPay.method()", callback=PaymentState.pay)

    @rx.event
    @shows_outage("message")
    @driver_required
    async def pay(self, result: dict, uid: int):
        """Charge on the server; the browser's word is never taken for « payé »."""
        result = as_dict(result)
        if result.get("error") or not result.get("id"):
            self.busy, self.message = False, money.decline_message(str(result.get("error", "")))
            return
        attempt = await asyncio.to_thread(
            _attempt, payments.pay, driver_id=uid, public_id=self._id(), payment_method=str(result["id"])[:80]
        )
        if attempt.action_secret:
            return rx.call_script(
                f"window.hubproPay.authenticate({json.dumps(attempt.action_secret)})",
                callback=PaymentState.after_action,
            )
        self.busy, self.paid, self.message = False, attempt.paid, attempt.message

    @rx.event
    @shows_outage("message")
    @driver_required
    async def after_action(self, _result: dict, uid: int):
        """After 3-D Secure: ask Stripe for the outcome."""
        attempt = await asyncio.to_thread(_attempt, payments.confirm, driver_id=uid, public_id=self._id())
        self.busy, self.paid, self.message = False, attempt.paid, attempt.message
