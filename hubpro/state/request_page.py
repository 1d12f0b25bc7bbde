"""The page of one request (any kind): its view, loading, autosave and the upload boxes.

``CardRequestState`` (the CQC steps) and ``ReplacementStepsState`` (a replacement's steps) act on it through
``get_state``; every handler re-reads the request from the database through a service, for the signed-in
driver only.
"""

from __future__ import annotations

import asyncio

import reflex as rx

from hubpro import routes, uploads
from hubpro.db import call
from hubpro.domain import card_requests as rules
from hubpro.domain.replacements import EXTRA_DOCS
from hubpro.services import card_requests as service
from hubpro.services.views.request import RequestView, draft_inputs, request_view
from hubpro.state.args import as_list, as_public_id, as_str, as_uploads, ignored
from hubpro.state.driver import DriverState
from hubpro.state.forms import show_values_script
from hubpro.state.outage import UNAVAILABLE, shows_outage
from hubpro.state.session import driver_required

MAX_UPLOAD = uploads.MAX_BYTES
ONE_FILE = "Choisissez un seul fichier."
REJECTIONS = {"file-too-large": uploads.TOO_BIG, "file-invalid-type": uploads.BAD_FORMAT, "too-many-files": ONE_FILE}
DOC_KINDS = frozenset({*rules.DOC_SPECS, *EXTRA_DOCS})  # every upload box of the request pages
REPLACEMENT_STEPS = ("declaration", "addresses", "summary")


def _owned(driver_id: int, public_id: str) -> bool:
    try:
        call(service.get, driver_id=driver_id, public_id=public_id)
    except service.NotFound:
        return False
    return True


class RequestPageState(DriverState):
    """What the request page shows; the steps of each kind live in its substate."""

    found: bool = True
    loaded: bool = False
    view: RequestView = RequestView()
    step: str = ""
    errors: dict[str, str] = {}
    doc_errors: dict[str, str] = {}
    problems: list[str] = []
    uploading: str = ""
    progress: int = 0
    busy: bool = False
    sent: bool = False

    _shown: str = ""  # the request whose form is on screen

    @rx.var
    def step_index(self) -> int:
        """1-based number of the current step of a CQC request."""
        return rules.step_number(self.step)

    @rx.var
    def replacement_step(self) -> str:
        """1-based number of the current step of a replacement."""
        return str(REPLACEMENT_STEPS.index(self.step) + 1) if self.step in REPLACEMENT_STEPS else "1"

    def _id(self) -> str:
        return as_public_id(self.router._page.params.get("request_id", ""))

    async def _mine(self, uid: int, handler: str) -> bool:
        """Whether the request behind the URL is the caller's; a foreign or unknown id is a logged no-op."""
        if await asyncio.to_thread(_owned, uid, self._id()):
            return True
        ignored(handler if "." in handler else f"RequestPageState.{handler}", "no such request for this driver")
        self.found = False
        return False

    async def _refresh(self, uid: int) -> None:
        view = await asyncio.to_thread(call, request_view, driver_id=uid, public_id=self._id())
        self.found, self.view = view is not None, view or RequestView()

    def _first_step(self) -> str:
        """The step to reopen: the stored one when the request's kind has it."""
        steps = REPLACEMENT_STEPS if self.view.is_replacement else rules.STEPS
        return self.view.step if self.view.step in steps else steps[0]

    @rx.event
    @shows_outage()
    @driver_required
    async def load(self, uid: int):
        """on_load (also after every reconnect): reopen where the driver stopped (« Reprendre »).

        Another request's form is unmounted first, so that its fields start from the database. The same
        request's form stays (a reconnect): its fields are set to what the database holds, except the one
        the driver is typing in, which is kept when they leave it (the newest value wins).
        """
        self.errors, self.doc_errors, self.busy, self.sent, self.uploading = {}, {}, False, False, ""
        on_screen = self.loaded and self._shown == self._id()
        if not on_screen:
            self.loaded = False
            yield
        ok, view = await self._load_page(uid, request_view, public_id=self._id())  # the shell too: one hop
        if not ok:
            yield rx.redirect(routes.LOGIN)
            return
        self.found, self.view = view is not None, view or RequestView()
        self.problems, self.step = [], self._first_step()
        self.loaded, self._shown = True, self._id()
        if on_screen:
            yield rx.call_script(show_values_script(draft_inputs(self.view)))

    @rx.event
    @shows_outage()
    @driver_required
    async def autosave(self, field: str, value: str, uid: int):
        """On leaving a field of a draft: keep it in the database (a closed tab loses nothing).

        Blurs typed while the connection was lost are sent, in order, once it is back: the newest value
        is saved last, and the field then shows what the database holds.
        """
        if isinstance(value, bool):  # a checkbox
            value = "on" if value else ""
        if not isinstance(value, str):  # never clear a field because of a malformed call
            return ignored(f"{type(self).__name__}.autosave", "value is neither text nor a checkbox")
        field, value = as_str(field, 40), as_str(value, 600)
        if not field or not await self._mine(uid, "autosave"):
            return
        await asyncio.to_thread(call, service.save_draft_field, driver_id=uid, public_id=self._id(),
                                field=field, value=value)  # fmt: skip
        await self._refresh(uid)
        if self.errors.get("form") == UNAVAILABLE:
            self.errors = {k: v for k, v in self.errors.items() if k != "form"}
        shown = {k: v for k, v in draft_inputs(self.view).items() if k == f"f-{field}"}
        return rx.call_script(show_values_script(shown)) if shown else None

    @rx.event
    def begin_upload(self, kind: str):
        """Remember which box is uploading (progress bar)."""
        kind = as_str(kind, 20)
        self.uploading, self.progress = kind, 0
        self.doc_errors = {k: v for k, v in self.doc_errors.items() if k != kind}

    @rx.event
    def upload_rejected(self, kind: str, rejected: list):
        """A file the browser refused before sending it (over 10 MB, wrong type, several files)."""
        kind = as_str(kind, 20)
        codes = [as_str(e.get("code")) for r in rejected if isinstance(r, dict) for e in as_list(r.get("errors"))
                 if isinstance(e, dict)] if isinstance(rejected, list) else []  # fmt: skip
        message = next((REJECTIONS[c] for c in codes if c in REJECTIONS), uploads.BAD_FORMAT)
        self.doc_errors = {**self.doc_errors, kind: message}
        self.uploading = ""

    @rx.event
    def upload_progress(self, progress: dict):
        """Progress of the running upload."""
        try:
            self.progress = max(0, min(100, int(float(progress.get("progress", 0)) * 100)))
        except (AttributeError, TypeError, ValueError, OverflowError):  # not a dict, not a number, infinite
            self.progress = 0

    @rx.event
    @shows_outage("doc_errors", key_arg="kind")
    @driver_required
    async def upload_document(self, files: list[rx.UploadFile], kind: str, uid: int):
        """One upload box's file; ``kind`` is bound by the box (« photo », « theft_declaration »…)."""
        kind, files = as_str(kind, 20), as_uploads(files)
        if kind not in DOC_KINDS or files is None:
            ignored(f"{type(self).__name__}.upload_document", "unknown document kind or not uploaded files")
            self.uploading = ""
            return None
        if len(files) != 1:  # none: the browser refused the file and upload_rejected says why
            if files:
                self.doc_errors = {**self.doc_errors, kind: ONE_FILE}
            self.uploading = ""
            return None
        upload = files[0]
        data = await upload.read(MAX_UPLOAD + 1)
        try:
            error = await asyncio.to_thread(call, service.add_document, driver_id=uid, public_id=self._id(),
                                            kind=kind, data=data, filename=upload.name or "")  # fmt: skip
        except service.NotFound:
            error = "Demande introuvable."
        self.doc_errors = (
            {**self.doc_errors, kind: error} if error else {k: v for k, v in self.doc_errors.items() if k != kind}
        )
        self.uploading = ""
        await self._refresh(uid)
        return None

    def _after_submit(self, problems: list[str]) -> None:
        self.problems, self.sent = problems, not problems


async def page_of(state: rx.State) -> RequestPageState:
    """The request page's state of this tab (for the steps' states)."""
    return await state.get_state(RequestPageState)
