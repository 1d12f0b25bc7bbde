"""Back-office « Demandes à instruire »: queue with filters and one request's instruction."""

from __future__ import annotations

import asyncio

import reflex as rx

from hubpro import routes
from hubpro.db import call
from hubpro.domain import card_requests as rules
from hubpro.services import card_requests, instruction, returned_mail
from hubpro.services.views.instruction import InstructionView, QueueRow, instruction_view, queue_page
from hubpro.state.args import as_public_id, as_str
from hubpro.state.forms import clean_form
from hubpro.state.session import agent_required

# « Expédiée » is where a card returned by La Poste is recorded.
FILTERS = [("", "À instruire (tous)")] + [
    (s.value, rules.status_info(s).label)
    for s in (
        *rules.TO_INSTRUCT,
        rules.RequestStatus.AWAITING_PAYMENT,
        rules.RequestStatus.IN_PRODUCTION,
        rules.RequestStatus.SHIPPED,
    )
]


def _act(name: str, agent_id: int, public_id: str, **kw) -> str:
    module = returned_mail if name == "record_returned" else instruction
    try:
        result = call(getattr(module, name), agent_id=agent_id, public_id=public_id, **kw)
    except (instruction.Refused, card_requests.Refused) as exc:
        return str(exc)
    except LookupError:
        return "Demande introuvable."
    return result if isinstance(result, str) else ""


def _status(value) -> str:
    value = as_str(value, 40)
    return value if value in {v for v, _ in FILTERS} else ""


class InstructionQueueState(rx.State):
    """« Demandes à instruire »: 50 a page, the filter and the cursor in the URL (statut, apres, avant)."""

    rows: list[QueueRow] = []
    status: str = ""
    after_href: str = ""
    before_href: str = ""
    loaded: bool = False

    @rx.event
    @agent_required
    async def load(self, uid: int):
        """on_load: the page the URL names, oldest first."""
        params = self.router._page.params
        self.status = _status(params.get("statut", ""))
        after, before = as_public_id(params.get("apres", "")), as_public_id(params.get("avant", ""))
        page = await asyncio.to_thread(call, queue_page, agent_id=uid, status=self.status, after=after, before=before)
        self.rows = list(page.rows)
        url = routes.AGENT_REQUESTS
        self.after_href = routes.queue_url(url, statut=self.status, apres=page.after) if page.after else ""
        self.before_href = routes.queue_url(url, statut=self.status, avant=page.before) if page.before else ""
        self.loaded = True

    @rx.event
    @agent_required
    async def set_filter(self, value: str, uid: int):
        """Filter by status: the first page of that filter, kept in the URL."""
        return rx.redirect(routes.queue_url(routes.AGENT_REQUESTS, statut=_status(value)))


class InstructionState(rx.State):
    """One request under instruction."""

    view: InstructionView = InstructionView()
    found: bool = True
    message: str = ""
    notice: str = ""

    def _id(self) -> str:
        return as_public_id(self.router._page.params.get("request_id", ""))

    async def _reload(self, uid: int) -> None:
        view = await asyncio.to_thread(call, instruction_view, agent_id=uid, public_id=self._id())
        self.found, self.view = view is not None, view or InstructionView()

    @rx.event
    @agent_required
    async def load(self, uid: int):
        """on_load."""
        self.message, self.notice = "", ""
        await self._reload(uid)

    async def _run(self, uid: int, name: str, notice: str, **kw) -> None:
        self.message = await asyncio.to_thread(_act, name, uid, self._id(), **kw)
        self.notice = "" if self.message else notice
        await self._reload(uid)

    @rx.event
    @agent_required
    async def take(self, uid: int):
        """« Prendre en charge »."""
        await self._run(uid, "take", "Demande prise en charge.")

    @rx.event
    @agent_required
    async def review(self, form_data: dict, uid: int):
        """« conforme » / « non conforme » for one item."""
        data = clean_form(form_data, ["item", "verdict", "reason"])
        await self._run(
            uid, "review", "Analyse enregistrée.", item=data["item"], ok=data["verdict"] == "ok", reason=data["reason"]
        )

    @rx.event
    @agent_required
    async def request_info(self, uid: int):
        """« Demander un complément »."""
        await self._run(uid, "request_info", "Complément demandé : le conducteur est prévenu par courriel et SMS.")

    @rx.event
    @agent_required
    async def validate(self, uid: int):
        """« Valider »: the card is created and goes into production."""
        await self._run(uid, "validate", "Demande validée : la carte est en fabrication.")

    @rx.event
    @agent_required
    async def ship(self, uid: int):
        """« Enregistrer l'expédition »."""
        await self._run(uid, "ship", "Expédition enregistrée.")

    @rx.event
    @agent_required
    async def receive(self, uid: int):
        """Qualité: « Carte reçue »."""
        await self._run(uid, "receive", "Réception de la carte enregistrée : analyse en cours.")

    @rx.event
    @agent_required
    async def quality_outcome(self, form_data: dict, uid: int):
        """Qualité: « Imputable à l'opérateur » or « Imputable au conducteur »."""
        data = clean_form(form_data, ["fault", "reason"])
        notice = ("Remplacement gratuit : la nouvelle carte est en fabrication." if data["fault"] == "operator"
                  else "Le conducteur est invité à régler les frais de remplacement.")  # fmt: skip
        await self._run(uid, "quality_outcome", notice, fault=data["fault"], reason=data["reason"])

    @rx.event
    @agent_required
    async def record_returned(self, form_data: dict, uid: int):
        """« Pli non distribué »: the card came back from La Poste."""
        reason = clean_form(form_data, ["reason"])["reason"]
        await self._run(uid, "record_returned", "Retour enregistré : le conducteur est prévenu par courriel et SMS.",
                        reason=reason)  # fmt: skip

    @rx.event
    @agent_required
    async def reject(self, form_data: dict, uid: int):
        """« Rejeter » with a reason."""
        await self._run(uid, "reject", "Demande rejetée.", reason=clean_form(form_data, ["reason"])["reason"])
