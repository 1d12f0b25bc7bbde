"""A CQC card request: its four steps, « Envoyer ma demande » and « Répondre » (vars in RequestPageState)."""

from __future__ import annotations

import asyncio

import reflex as rx

from hubpro.db import call
from hubpro.domain import card_requests as rules
from hubpro.services import card_requests as service
from hubpro.state.args import as_str
from hubpro.state.forms import clean_form
from hubpro.state.outage import shows_outage
from hubpro.state.request_page import RequestPageState, page_of
from hubpro.state.session import driver_required


class CardRequestState(rx.State):
    """The steps of a CQC request; what they show is the request page's state."""

    @rx.event
    @shows_outage(state=RequestPageState)
    @driver_required
    async def go(self, step: str, uid: int):
        """Move between steps; everything typed is already saved."""
        page, step = await page_of(self), as_str(step, 20)
        if step not in rules.STEPS or not await page._mine(uid, "CardRequestState.go"):
            return
        page.step, page.errors = step, {}
        await asyncio.to_thread(call, service.set_step, driver_id=uid, public_id=page._id(), step=step)
        await page._refresh(uid)
        page.problems = list(page.view.problems) if step == "summary" else []
        return rx.call_script("window.scrollTo(0, 0)")

    @rx.event
    @shows_outage(state=RequestPageState)
    @driver_required
    async def save_identity(self, form_data: dict, uid: int):
        """Step 1: confirmation or the error to report."""
        page = await page_of(self)
        if not await page._mine(uid, "CardRequestState.save_identity"):
            return
        data = clean_form(form_data, ["identity_confirmed", "identity_report"])
        try:
            page.errors = await asyncio.to_thread(
                call, service.save_identity, driver_id=uid, public_id=page._id(),
                confirmed=bool(data["identity_confirmed"]), report=data["identity_report"],
            )  # fmt: skip
        except service.Refused as exc:
            page.errors = {"identity": str(exc)}
        await page._refresh(uid)
        if "identity" in page.errors:  # the box is invalid and tied to its message: go to it
            return rx.call_script("document.getElementById('f-identity_confirmed')?.focus()")
        if not page.errors and page.view.editable:
            return CardRequestState.go("documents")

    @rx.event
    @shows_outage(state=RequestPageState)
    @driver_required
    async def save_delivery(self, form_data: dict, uid: int):
        """Step 3: delivery address (prefilled from the account); also a flagged address in « Répondre »."""
        page = await page_of(self)
        if not await page._mine(uid, "CardRequestState.save_delivery"):
            return
        data = clean_form(form_data, ["delivery_address", "delivery_postal_code", "delivery_city"])
        try:
            page.errors = await asyncio.to_thread(
                call, service.save_delivery, driver_id=uid, public_id=page._id(), address=data["delivery_address"],
                postal_code=data["delivery_postal_code"], city=data["delivery_city"],
            )  # fmt: skip
        except service.Refused as exc:
            page.errors = {"delivery_address": str(exc)}
        await page._refresh(uid)
        if not page.errors and page.view.editable:
            return CardRequestState.go("summary")

    async def _send(self, uid: int, fn, handler: str):
        page = await page_of(self)
        if not await page._mine(uid, handler):
            return
        page.busy = True
        yield
        problems = await asyncio.to_thread(call, fn, driver_id=uid, public_id=page._id())
        page.busy = False
        await page._refresh(uid)
        page._after_submit(problems)

    @rx.event
    @shows_outage(state=RequestPageState)
    @driver_required
    async def submit(self, uid: int):
        """« Envoyer ma demande »: checked again on the server (the button is disabled meanwhile)."""
        async for update in self._send(uid, service.submit, "CardRequestState.submit"):
            yield update

    @rx.event
    @shows_outage(state=RequestPageState)
    @driver_required
    async def send_reply(self, uid: int):
        """« Répondre »: back to the operator as « complément envoyé » (the button is disabled meanwhile)."""
        async for update in self._send(uid, service.reply, "CardRequestState.send_reply"):
            yield update
