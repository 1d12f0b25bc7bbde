"""One card request: the steps of a draft, « Afficher » (read-only) and « Répondre » (complement)."""

from __future__ import annotations

import asyncio

import reflex as rx

from hubpro import routes, uploads
from hubpro.db import call, session_scope
from hubpro.domain import card_requests as rules
from hubpro.services import card_requests as service
from hubpro.services import replacements
from hubpro.state.args import as_list, as_public_id, as_str, as_uploads, ignored
from hubpro.state.forms import clean_form, show_values_script
from hubpro.state.outage import UNAVAILABLE, shows_outage
from hubpro.state.request_view import _view, draft_inputs
from hubpro.state.session import driver_required

MAX_UPLOAD = uploads.MAX_BYTES
ONE_FILE = "Choisissez un seul fichier."
REJECTIONS = {"file-too-large": uploads.TOO_BIG, "file-invalid-type": uploads.BAD_FORMAT, "too-many-files": ONE_FILE}


def _owned(driver_id: int, public_id: str) -> bool:
    with session_scope() as db:
        try:
            service.get(db, driver_id=driver_id, public_id=public_id)
        except service.NotFound:
            return False
        return True


def _replacement_problems(driver_id: int, public_id: str) -> list[str]:
    with session_scope() as db:
        req = service.get(db, driver_id=driver_id, public_id=public_id)
        return replacements.problems(db, req)


class RequestFormState(rx.State):
    """What the request page shows; every handler re-reads the request from the database."""

    found: bool = True
    loaded: bool = False
    data: dict = {}
    step: str = "identity"
    errors: dict[str, str] = {}
    doc_errors: dict[str, str] = {}
    problems: list[str] = []
    uploading: str = ""
    progress: int = 0
    busy: bool = False
    sent: bool = False

    @rx.var
    def step_index(self) -> int:
        """1-based number of the current step."""
        return rules.step_number(self.step)

    _shown: str = ""  # the request whose form is on screen

    def _id(self) -> str:
        return as_public_id(self.router._page.params.get("request_id", ""))

    async def _mine(self, uid: int, handler: str) -> bool:
        """Whether the request behind the URL is the caller's; a foreign or unknown id is a logged no-op."""
        if await asyncio.to_thread(_owned, uid, self._id()):
            return True
        ignored(f"RequestFormState.{handler}", "no such request for this driver")
        self.found = False
        return False

    async def _refresh(self, uid: int) -> None:
        data = await asyncio.to_thread(_view, uid, self._id())
        self.found, self.data = data is not None, data or {}

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
        await self._refresh(uid)
        self.problems = []
        self.step = self.data.get("step", "identity")
        if self.data.get("kind") == "cqc" and self.step not in rules.STEPS:
            self.step = "identity"
        if self.data.get("kind") == "replacement" and self.step not in ("declaration", "addresses", "summary"):
            self.step = "declaration"
        self.loaded, self._shown = True, self._id()
        if on_screen:
            yield rx.call_script(show_values_script(draft_inputs(self.data)))

    @rx.event
    @shows_outage()
    @driver_required
    async def go(self, step: str, uid: int):
        """Move between steps; everything typed is already saved."""
        step = as_str(step, 20)
        if step not in rules.STEPS or not await self._mine(uid, "go"):
            return
        self.step = step
        self.errors = {}
        await asyncio.to_thread(call, service.set_step, driver_id=uid, public_id=self._id(), step=step)
        await self._refresh(uid)
        self.problems = self.data.get("problems", []) if step == "summary" else []
        return rx.call_script("window.scrollTo(0, 0)")

    @rx.event
    @shows_outage()
    @driver_required
    async def save_identity(self, form_data: dict, uid: int):
        """Step 1: confirmation or the error to report."""
        if not await self._mine(uid, "save_identity"):
            return
        data = clean_form(form_data, ["identity_confirmed", "identity_report"])
        try:
            self.errors = await asyncio.to_thread(
                call,
                service.save_identity,
                driver_id=uid,
                public_id=self._id(),
                confirmed=bool(data["identity_confirmed"]),
                report=data["identity_report"],
            )
        except service.Refused as exc:
            self.errors = {"identity": str(exc)}
        await self._refresh(uid)
        if not self.errors and self.data.get("status") == rules.RequestStatus.DRAFT:
            return RequestFormState.go("documents")

    @rx.event
    @shows_outage()
    @driver_required
    async def save_delivery(self, form_data: dict, uid: int):
        """Step 3: delivery address (prefilled from the account)."""
        if not await self._mine(uid, "save_delivery"):
            return
        data = clean_form(form_data, ["delivery_address", "delivery_postal_code", "delivery_city"])
        try:
            self.errors = await asyncio.to_thread(
                call,
                service.save_delivery,
                driver_id=uid,
                public_id=self._id(),
                address=data["delivery_address"],
                postal_code=data["delivery_postal_code"],
                city=data["delivery_city"],
            )
        except service.Refused as exc:
            self.errors = {"delivery_address": str(exc)}
        await self._refresh(uid)
        if not self.errors and self.data.get("status") == rules.RequestStatus.DRAFT:
            return RequestFormState.go("summary")

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
            return ignored("RequestFormState.autosave", "value is neither text nor a checkbox")
        field, value = as_str(field, 40), as_str(value, 600)
        if not field or not await self._mine(uid, "autosave"):
            return
        await asyncio.to_thread(call, service.save_draft_field, driver_id=uid, public_id=self._id(),
                                field=field, value=str(value)[:600])  # fmt: skip
        await self._refresh(uid)
        if self.errors.get("form") == UNAVAILABLE:
            self.errors = {k: v for k, v in self.errors.items() if k != "form"}
        shown = {k: v for k, v in draft_inputs(self.data).items() if k == f"f-{field}"}
        return rx.call_script(show_values_script(shown)) if shown else None

    @rx.event
    def begin_upload(self, kind: str):
        """Remember which box is uploading (progress bar)."""
        kind = as_str(kind, 20)
        self.uploading, self.progress = str(kind)[:20], 0
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

    async def _upload(self, kind: str, files: list[rx.UploadFile]):
        from hubpro.state.session import SessionState

        uid = await (await self.get_state(SessionState))._uid("driver")
        if uid is None:
            return rx.redirect(routes.LOGIN)
        files = as_uploads(files)
        if files is None:
            ignored(f"RequestFormState.upload_{kind}", "not a list of uploaded files")
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
            error = await asyncio.to_thread(
                call,
                service.add_document,
                driver_id=uid,
                public_id=self._id(),
                kind=kind,
                data=data,
                filename=upload.name or "",
            )
        except service.NotFound:
            error = "Demande introuvable."
        self.doc_errors = (
            {**self.doc_errors, kind: error} if error else {k: v for k, v in self.doc_errors.items() if k != kind}
        )
        self.uploading = ""
        await self._refresh(uid)
        return None

    @rx.event
    @shows_outage("doc_errors", "photo")
    async def upload_photo(self, files: list[rx.UploadFile]):
        """Photo d'identité."""
        return await self._upload("photo", files)

    @rx.event
    @shows_outage("doc_errors", "signature")
    async def upload_signature(self, files: list[rx.UploadFile]):
        """Signature."""
        return await self._upload("signature", files)

    @rx.event
    @shows_outage("doc_errors", "identity")
    async def upload_identity(self, files: list[rx.UploadFile]):
        """Pièce d'identité."""
        return await self._upload("identity", files)

    @rx.event
    @shows_outage("doc_errors", "licence_front")
    async def upload_licence_front(self, files: list[rx.UploadFile]):
        """Permis recto."""
        return await self._upload("licence_front", files)

    @rx.event
    @shows_outage("doc_errors", "licence_back")
    async def upload_licence_back(self, files: list[rx.UploadFile]):
        """Permis verso."""
        return await self._upload("licence_back", files)

    @rx.event
    @shows_outage("doc_errors", "theft_declaration")
    async def upload_theft_declaration(self, files: list[rx.UploadFile]):
        """Déclaration de vol (Vol)."""
        return await self._upload("theft_declaration", files)

    @rx.event
    @shows_outage("doc_errors", "exchange_proof")
    async def upload_exchange_proof(self, files: list[rx.UploadFile]):
        """Justificatif (Echange)."""
        return await self._upload("exchange_proof", files)

    @rx.event
    @shows_outage()
    @driver_required
    async def save_declaration(self, form_data: dict, uid: int):
        """Replacement step 1: the declaration of the motif."""
        if not await self._mine(uid, "save_declaration"):
            return
        from hubpro.domain.replacements import DEFECTS

        keys = ["commitment", "detail", *[f"defect_{k}" for k in DEFECTS]]
        try:
            self.errors = await asyncio.to_thread(
                call,
                replacements.save_declaration,
                driver_id=uid,
                public_id=self._id(),
                data=clean_form(form_data, keys),
            )
        except service.Refused as exc:
            self.errors = {"detail": str(exc)}
        await self._refresh(uid)
        if not self.errors:
            self.step = "addresses"

    @rx.event
    @shows_outage()
    @driver_required
    async def save_addresses(self, form_data: dict, uid: int):
        """Replacement step 2: delivery (prefilled) and billing (same or other)."""
        if not await self._mine(uid, "save_addresses"):
            return
        keys = [
            "delivery_address",
            "delivery_postal_code",
            "delivery_city",
            "billing_same",
            "billing_name",
            "billing_address",
        ]
        try:
            self.errors = await asyncio.to_thread(
                call,
                replacements.save_addresses,
                driver_id=uid,
                public_id=self._id(),
                data=clean_form(form_data, keys),
            )
        except service.Refused as exc:
            self.errors = {"delivery_address": str(exc)}
        await self._refresh(uid)
        if not self.errors:
            self.step = "summary"
            self.problems = await asyncio.to_thread(_replacement_problems, uid, self._id())

    @rx.event
    @shows_outage()
    @driver_required
    async def go_replacement(self, step: str, uid: int):
        """Reopen a replacement step (any step until validation)."""
        step = as_str(step, 20)
        if step not in ("declaration", "addresses", "summary") or not await self._mine(uid, "go_replacement"):
            return
        self.step, self.errors = step, {}
        await asyncio.to_thread(call, replacements.set_step, driver_id=uid, public_id=self._id(), step=step)
        await self._refresh(uid)
        if step == "summary":
            self.problems = await asyncio.to_thread(_replacement_problems, uid, self._id())

    @rx.event
    @shows_outage()
    @driver_required
    async def submit_replacement(self, uid: int):
        """« Valider »: checked again, then the payment page (or the return for Qualité)."""
        if self.busy or not await self._mine(uid, "submit_replacement"):
            return
        self.busy = True
        try:
            problems, payment_id = await asyncio.to_thread(
                call, replacements.submit, driver_id=uid, public_id=self._id()
            )
        finally:
            self.busy = False
        await self._refresh(uid)
        self.problems = problems
        if not problems and payment_id:
            return rx.redirect(f"{routes.PAYMENT}/{payment_id}")
        self.sent = not problems

    @rx.event
    @shows_outage()
    @driver_required
    async def submit(self, uid: int):
        """« Envoyer ma demande »: checked again on the server."""
        if self.busy or not await self._mine(uid, "submit"):
            return
        self.busy = True
        try:
            problems = await asyncio.to_thread(call, service.submit, driver_id=uid, public_id=self._id())
        finally:
            self.busy = False
        await self._refresh(uid)
        self.problems, self.sent = problems, not problems

    @rx.event
    @shows_outage()
    @driver_required
    async def send_reply(self, uid: int):
        """« Répondre »: back to the operator as « complément envoyé »."""
        if self.busy or not await self._mine(uid, "send_reply"):
            return
        self.busy = True
        try:
            problems = await asyncio.to_thread(call, service.reply, driver_id=uid, public_id=self._id())
        finally:
            self.busy = False
        await self._refresh(uid)
        self.problems, self.sent = problems, not problems
