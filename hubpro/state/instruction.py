"""Back-office « Demandes à instruire »: queue with filters and one request's instruction."""

from __future__ import annotations

import asyncio

import reflex as rx

from hubpro import routes
from hubpro.db import session_scope
from hubpro.domain import card_requests as rules
from hubpro.domain.dates import elapsed_fr, fr_date, fr_datetime, now
from hubpro.models import Driver, StoredFile
from hubpro.services import instruction
from hubpro.services.card_requests import documents
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


def _queue(agent_id: int, status: str) -> list[dict]:
    at = now()
    with session_scope() as db:
        rows = []
        for r in instruction.queue(db, agent_id=agent_id, status=status):
            d = db.get(Driver, r.driver_id)
            info = rules.status_info(r.status)
            rows.append(
                {
                    "reference": r.reference,
                    "name": f"{d.birth_name.upper()} {d.first_names}",
                    "submitted": fr_datetime(r.submitted_at),
                    "age": elapsed_fr(r.submitted_at or r.created_at, at),
                    "label": info.label,
                    "tone": info.tone,
                    "href": f"{routes.AGENT_REQUESTS}/{r.public_id}",
                }
            )
        return rows


def _detail(agent_id: int, public_id: str) -> dict | None:
    with session_scope() as db:
        try:
            r = instruction.load(db, agent_id=agent_id, public_id=public_id)
        except LookupError:
            return None
        d = db.get(Driver, r.driver_id)
        docs = documents(db, r)

        def pid(fid):
            return db.get(StoredFile, fid).public_id if fid else ""

        items = []
        for key, label in rules.ITEM_LABELS.items():
            verdict = r.review.get(key, {}) if isinstance(r.review.get(key), dict) else {}
            kind = key[4:] if key.startswith("doc:") else ""
            doc = docs.get(kind)
            items.append(
                {
                    "key": key,
                    "label": label,
                    "is_doc": bool(kind),
                    "file": pid(doc.file_id) if doc else "",
                    "thumb": pid(doc.thumb_file_id) if doc else "",
                    "name": doc.display_name if doc else "",
                    "state": "" if not verdict else ("ok" if verdict["ok"] else "ko"),
                    "reason": verdict.get("reason", ""),
                    "asked": r.info_items.get(key, ""),
                }
            )
        info = rules.status_info(r.status)
        return {
            **_replacement_facts(db, r),
            "reference": r.reference,
            "status": r.status,
            "status_label": info.label,
            "status_tone": info.tone,
            "driver": f"{d.first_names} {d.birth_name.upper()}"
            + (f" (nom d'usage {d.usage_name})" if d.usage_name else ""),
            "born": f"{fr_date(d.birth_date)} à {d.birth_city} ({d.birth_country})",
            "licence": d.licence_number,
            "identity": "Confirmée par le conducteur" if r.identity_confirmed else "",
            "identity_report": r.identity_report,
            "delivery": f"{r.delivery_address}, {r.delivery_postal_code} {r.delivery_city}",
            "items": items,
            "history": [
                {
                    "at": fr_datetime(e.at),
                    "label": rules.status_info(e.to_status).label,
                    "reason": e.reason,
                    "who": "Opérateur" if e.actor_kind == "agent" else "Conducteur",
                }
                for e in instruction.history(db, r)
            ],
        }


def _replacement_facts(db, r) -> dict:
    if r.kind == "pnd":
        from hubpro.models import Card

        card = db.get(Card, r.old_card_id)
        motif = "Pli non distribué – " + ("même adresse" if r.motif == "meme_adresse" else "nouvelle adresse")
        return {"kind": "pnd", "motif": motif, "declaration": "Réexpédition de la carte",
                "old_card": card.number if card else ""}  # fmt: skip
    if r.kind != "replacement":
        return {"kind": "cqc", "motif": "", "declaration": "", "old_card": ""}
    from hubpro.domain import replacements as motifs
    from hubpro.models import Card

    dec = r.declaration
    parts = [motifs.DEFECTS[d] for d in dec.get("defects", [])]
    if dec.get("commitment"):
        parts.append("engagement à restituer la carte")
    if dec.get("detail"):
        parts.append(f"précisions : {dec['detail']}")
    card = db.get(Card, r.old_card_id)
    return {"kind": "replacement", "motif": motifs.MOTIF_BY_KEY[r.motif].label, "declaration": " ; ".join(parts),
            "old_card": card.number if card else ""}  # fmt: skip


def _act(name: str, agent_id: int, public_id: str, **kw) -> str:
    from hubpro.services import card_requests, returned_mail

    module = returned_mail if name == "record_returned" else instruction
    with session_scope() as db:
        try:
            result = getattr(module, name)(db, agent_id=agent_id, public_id=public_id, **kw)
        except (instruction.Refused, card_requests.Refused) as exc:
            return str(exc)
        except LookupError:
            return "Demande introuvable."
        return result if isinstance(result, str) else ""


class InstructionQueueState(rx.State):
    """« Demandes à instruire »."""

    rows: list[dict[str, str]] = []
    status: str = ""
    loaded: bool = False

    @rx.event
    @agent_required
    async def load(self, uid: int):
        """Oldest first."""
        self.rows = await asyncio.to_thread(_queue, uid, self.status)
        self.loaded = True

    @rx.event
    @agent_required
    async def set_filter(self, value: str, uid: int):
        """Filter by status."""
        value = as_str(value, 40)
        self.status = value if value in {v for v, _ in FILTERS} else ""
        self.rows = await asyncio.to_thread(_queue, uid, self.status)


class InstructionState(rx.State):
    """One request under instruction."""

    req: dict = {}
    found: bool = True
    message: str = ""
    notice: str = ""
    busy: bool = False

    @rx.var
    def instructable(self) -> bool:
        """Whether items can be reviewed now."""
        return self.req.get("status") in ("sent", "in_review", "info_sent")

    def _id(self) -> str:
        return as_public_id(self.router._page.params.get("request_id", ""))

    async def _reload(self, uid: int) -> None:
        data = await asyncio.to_thread(_detail, uid, self._id())
        self.found, self.req = data is not None, data or {}

    @rx.event
    @agent_required
    async def load(self, uid: int):
        """on_load."""
        self.message, self.notice, self.busy = "", "", False
        await self._reload(uid)

    async def _run(self, uid: int, name: str, notice: str, **kw) -> None:
        if self.busy:
            return
        self.busy = True
        try:
            self.message = await asyncio.to_thread(_act, name, uid, self._id(), **kw)
        finally:
            self.busy = False
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
