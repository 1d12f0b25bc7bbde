"""A replacement draft: declaration, addresses, récapitulatif, then « Valider » (vars in RequestPageState)."""

from __future__ import annotations

import asyncio

import reflex as rx

from hubpro import routes
from hubpro.db import call
from hubpro.domain.replacements import DEFECTS
from hubpro.services import card_requests as service
from hubpro.services import errors, replacements
from hubpro.state.args import as_str
from hubpro.state.forms import clean_form
from hubpro.state.outage import shows_outage
from hubpro.state.request_page import REPLACEMENT_STEPS, RequestPageState, page_of
from hubpro.state.session import driver_required

DECLARATION_KEYS = ["commitment", "detail", *[f"defect_{k}" for k in DEFECTS]]
ADDRESS_KEYS = ["delivery_address", "delivery_postal_code", "delivery_city", "billing_same", "billing_name",
                "billing_address"]  # fmt: skip


def _show(page: RequestPageState, step: str) -> None:
    page.step = step
    page.problems = list(page.view.problems) if step == "summary" else []


class ReplacementStepsState(rx.State):
    """The steps of a replacement draft; what they show is the request page's state."""

    @rx.event
    @shows_outage(state=RequestPageState)
    @driver_required
    async def go(self, step: str, uid: int):
        """Reopen a step (any step until validation)."""
        page, step = await page_of(self), as_str(step, 20)
        if step not in REPLACEMENT_STEPS or not await page._mine(uid, "ReplacementStepsState.go"):
            return
        page.errors = {}
        await asyncio.to_thread(call, replacements.set_step, driver_id=uid, public_id=page._id(), step=step)
        await page._refresh(uid)
        _show(page, step)

    async def _save(self, uid: int, fn, form_data: dict, keys: list[str], error_key: str, handler: str) -> bool:
        page = await page_of(self)
        if not await page._mine(uid, handler):
            return False
        try:
            page.errors = await asyncio.to_thread(call, fn, driver_id=uid, public_id=page._id(),
                                                  data=clean_form(form_data, keys))  # fmt: skip
        except service.Refused as exc:
            page.errors = {error_key: str(exc)}
        await page._refresh(uid)
        return not page.errors

    @rx.event
    @shows_outage(state=RequestPageState)
    @driver_required
    async def save_declaration(self, form_data: dict, uid: int):
        """Step 1: the declaration of the motif."""
        if await self._save(uid, replacements.save_declaration, form_data, DECLARATION_KEYS, "detail",
                            "ReplacementStepsState.save_declaration"):  # fmt: skip
            _show(await page_of(self), "addresses")

    @rx.event
    @shows_outage(state=RequestPageState)
    @driver_required
    async def save_addresses(self, form_data: dict, uid: int):
        """Step 2: delivery (prefilled) and billing (same or other)."""
        if await self._save(uid, replacements.save_addresses, form_data, ADDRESS_KEYS, "delivery_address",
                            "ReplacementStepsState.save_addresses"):  # fmt: skip
            _show(await page_of(self), "summary")

    @rx.event
    @shows_outage(state=RequestPageState)
    @driver_required
    async def submit(self, uid: int):
        """« Valider »: checked again, then the payment page (or the return for Qualité); button disabled meanwhile."""
        page = await page_of(self)
        if not await page._mine(uid, "ReplacementStepsState.submit"):
            return
        page.busy = True
        yield
        try:
            problems, payment_id = await asyncio.to_thread(call, replacements.submit, driver_id=uid,
                                                           public_id=page._id())  # fmt: skip
        except service.NotFound:  # not a replacement
            problems, payment_id = [], ""
        except errors.ServiceError as exc:  # the services' one convention: a French message to show
            problems, payment_id = [exc.message], ""
        page.busy = False
        await page._refresh(uid)
        if not problems and payment_id:
            yield rx.redirect(routes.payment(payment_id))
            return
        page._after_submit(problems)
