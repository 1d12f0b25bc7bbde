"""What the request page shows of one request, read from the database (small display shapes, no rows)."""

from __future__ import annotations

from sqlmodel import select

from hubpro.db import session_scope
from hubpro.domain import card_requests as rules
from hubpro.domain import payments as money
from hubpro.domain import replacements as motifs
from hubpro.domain.accounts import CIVILITIES
from hubpro.domain.dates import fr_date
from hubpro.models import Card, Driver, Payment, StoredFile
from hubpro.services import card_requests as service

NO_REPLACEMENT = {
    "kind": "cqc", "motif": "", "motif_label": "", "declaration": {}, "billing_name": "", "billing_address": "",
    "billing_same": True, "billing_form": {"name": "", "address": ""}, "old_card": "", "fee": "", "payment": "",
    "doc_kind": "", "summary_documents": [],
}  # fmt: skip


def _view(driver_id: int, public_id: str) -> dict | None:
    with session_scope() as db:
        try:
            req = service.get(db, driver_id=driver_id, public_id=public_id)
        except service.NotFound:
            return None
        d = db.get(Driver, driver_id)
        docs = service.documents(db, req)

        def file_id(fid):
            return db.get(StoredFile, fid).public_id if fid else ""

        info = rules.status_info(req.status)
        shown_docs = {
            k: {"name": doc.display_name, "file": file_id(doc.file_id), "thumb": file_id(doc.thumb_file_id)}
            for k, doc in docs.items()
        }
        return {
            **_replacement_view(db, req, shown_docs),
            "reference": req.reference,
            "status": req.status,
            "status_label": info.label,
            "status_tone": info.tone,
            "next_step": info.next_step,
            "step": req.step,
            "identity": [
                {"label": k, "value": v}
                for k, v in (
                    ("Civilité", CIVILITIES.get(d.civility, "")),
                    ("Nom de naissance", d.birth_name),
                    ("Nom d'usage", d.usage_name or "—"),
                    ("Prénom(s)", d.first_names),
                    ("Date de naissance", fr_date(d.birth_date)),
                    ("Lieu de naissance", f"{d.birth_city} ({d.birth_country})"),
                    ("Numéro de permis de conduire", d.licence_number),
                )
            ],
            "identity_confirmed": req.identity_confirmed,
            "identity_report": req.identity_report,
            "delivery": {
                "delivery_address": req.delivery_address,
                "delivery_postal_code": req.delivery_postal_code,
                "delivery_city": req.delivery_city,
            },
            "docs": shown_docs,
            "info_items": {k: v for k, v in req.info_items.items()}
            if req.status == rules.RequestStatus.INFO_REQUESTED
            else {},
            "problems": service.problems(db, req) if req.status == rules.RequestStatus.DRAFT else [],
            "reject_reason": req.reject_reason,
        }


def draft_inputs(data: dict) -> dict[str, str | bool]:
    """The value each draft field of the page should show (by element id), from a view."""
    if not data:
        return {}
    d = data.get("declaration") or {}
    out: dict[str, str | bool] = {f"f-{k}": v for k, v in data["delivery"].items()}
    out["f-identity_report"], out["f-identity_confirmed"] = data["identity_report"], data["identity_confirmed"]
    if data["kind"] == "replacement":
        out["f-billing_same"] = data["billing_same"]
        out["f-billing_name"], out["f-billing_address"] = data["billing_form"]["name"], data["billing_form"]["address"]
        out["f-commitment"], out["f-detail"] = bool(d.get("commitment")), d.get("detail", "")
        out.update({f"f-defect_{k}": k in d.get("defect_keys", []) for k in motifs.DEFECTS})
    return out


def _billing(req) -> dict:
    return {
        "billing_name": req.billing_name,
        "billing_address": req.billing_address.replace("\n", ", "),
        "billing_same": req.billing_same,
        "billing_form": {"name": "", "address": ""}
        if req.billing_same
        else {"name": req.billing_name, "address": req.billing_address},
    }


def _replacement_view(db, req, docs: dict) -> dict:
    if req.kind == "pnd":
        return _reshipping_view(db, req)
    if req.kind != "replacement":
        return dict(NO_REPLACEMENT)
    motif = motifs.MOTIF_BY_KEY[req.motif]
    payment = db.exec(select(Payment).where(Payment.request_id == req.id)).first()
    card = db.get(Card, req.old_card_id)
    fee = money.fee_for(motif.fee_key)
    doc = docs.get(motif.document, {})
    return {
        **_billing(req),
        "kind": "replacement",
        "motif": req.motif,
        "motif_label": motif.label,
        "declaration": {
            "commitment": bool(req.declaration.get("commitment")),
            "detail": req.declaration.get("detail", ""),
            "defects": ", ".join(motifs.DEFECTS[d] for d in req.declaration.get("defects", [])),
            "defect_keys": list(req.declaration.get("defects", [])),
            "coupon": req.declaration.get("coupon", ""),
        },
        "old_card": card.number if card else "",
        "fee": money.euros(fee) if fee else "gratuit",
        "payment": payment.public_id if payment else "",
        "doc_kind": motif.document,
        "summary_documents": [
            {"label": motifs.EXTRA_DOCS[motif.document][0], "name": doc.get("name", ""), "file": doc.get("file", "")}
        ]
        if motif.document
        else [],
    }


def _reshipping_view(db, req) -> dict:
    payment = db.exec(select(Payment).where(Payment.request_id == req.id)).first()
    card = db.get(Card, req.old_card_id)
    same = req.motif == "meme_adresse"
    return {
        **NO_REPLACEMENT, **_billing(req), "kind": "replacement", "motif": req.motif,
        "motif_label": "Pli non distribué – " + ("même adresse" if same else "nouvelle adresse"),
        "declaration": {"commitment": False, "detail": "", "defects": "", "defect_keys": [], "coupon": ""},
        "old_card": card.number if card else "",
        "fee": "gratuit" if same else money.euros(money.fee_for("pnd_nouvelle_adresse")),
        "payment": payment.public_id if payment else "",
    }  # fmt: skip
