"""The driver's page of one request: a CQC request's steps, a replacement's or a re-shipping's, or its tracking."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from sqlmodel import Session, select

from hubpro import routes
from hubpro.domain import card_requests as rules
from hubpro.domain import labels
from hubpro.domain import payments as money
from hubpro.domain import replacements as motifs
from hubpro.domain.accounts import CIVILITIES
from hubpro.domain.dates import fr_date
from hubpro.domain.kinds import Fee, RequestKind, ReturnedMailChoice
from hubpro.models import Card, CardRequest, Driver, Payment, StoredFile
from hubpro.services import card_requests, replacements
from hubpro.services.views.shapes import Line

A = rules.RequestAction


@dataclass(frozen=True)
class DocView:
    """An uploaded document: its name and the public ids of its file and preview."""

    name: str = ""
    file: str = ""
    thumb: str = ""


@dataclass(frozen=True)
class SummaryDoc:
    """A replacement's supporting document in the récapitulatif."""

    label: str = ""
    name: str = ""
    file: str = ""


@dataclass(frozen=True)
class Delivery:
    """The delivery address of a request (field names are the form's)."""

    delivery_address: str = ""
    delivery_postal_code: str = ""
    delivery_city: str = ""


@dataclass(frozen=True)
class Declaration:
    """A replacement's declaration as stored (commitment, defects, detail) and its return coupon."""

    commitment: bool = False
    detail: str = ""
    defects: str = ""
    defect_keys: tuple[str, ...] = ()
    coupon: str = ""


@dataclass(frozen=True)
class BillingForm:
    """What the « si différente » billing fields show (empty when billed to the driver)."""

    name: str = ""
    address: str = ""


@dataclass(frozen=True)
class RequestView:
    """Everything the request page shows of one of the driver's requests."""

    reference: str = ""
    kind: str = ""
    heading: str = ""
    status_label: str = ""
    status_tone: str = ""
    next_step: str = ""
    reject_reason: str = ""
    step: str = ""
    editable: bool = False  # a draft the driver completes (« Reprendre »)
    replying: bool = False  # more information asked (« Répondre »)
    is_replacement: bool = False  # the replacement layout (replacement or re-shipping)
    identity: tuple[Line, ...] = ()
    identity_confirmed: bool = False
    identity_report: str = ""
    delivery: Delivery = field(default_factory=Delivery)
    docs: dict[str, DocView] = field(default_factory=dict)
    info_items: dict[str, str] = field(default_factory=dict)
    problems: tuple[str, ...] = ()
    # Replacements and re-shippings:
    motif_label: str = ""
    old_card: str = ""
    declaration: Declaration = field(default_factory=Declaration)
    declaration_intro: str = ""  # « Je déclare la perte de ma carte n° … »
    asks_commitment: bool = False
    asks_defects: bool = False
    detail_label: str = labels.DETAIL_LABEL
    doc_kind: str = ""
    summary_documents: tuple[SummaryDoc, ...] = ()
    billing_name: str = ""
    billing_address: str = ""
    billing_same: bool = True
    billing_form: BillingForm = field(default_factory=BillingForm)
    fee: str = ""
    submit_label: str = ""
    pay_href: str = ""  # « Payer » while the payment is due
    coupon: str = ""  # the return coupon while the card is awaited


def request_view(db: Session, *, driver_id: int, public_id: str) -> RequestView | None:
    """One of the driver's requests as its page shows it (None: not the driver's, or unknown)."""
    try:
        req = card_requests.get(db, driver_id=driver_id, public_id=public_id)
    except card_requests.NotFound:
        return None
    driver = db.get(Driver, driver_id)
    docs = {k: _doc(db, d) for k, d in card_requests.documents(db, req).items()}
    info = rules.status_info(req.status)
    editable = rules.driver_can_edit(req.kind, req.status)
    base = RequestView(
        reference=req.reference,
        kind=req.kind,
        heading=labels.KIND_TITLES.get(req.kind, labels.KIND_TITLES[RequestKind.CQC]) + " ",
        status_label=info.label,
        status_tone=info.tone,
        next_step=info.next_step,
        reject_reason=req.reject_reason,
        step=req.step,
        editable=editable,
        replying=rules.can(req.kind, req.status, A.REPLY),
        identity=_identity(driver),
        identity_confirmed=req.identity_confirmed,
        identity_report=req.identity_report,
        delivery=Delivery(req.delivery_address, req.delivery_postal_code, req.delivery_city),
        docs=docs,
        info_items=dict(req.info_items) if req.status == rules.RequestStatus.INFO_REQUESTED else {},
    )
    if req.kind == RequestKind.CQC:
        problems = card_requests.problems(db, req) if editable else []
        return _with(base, problems=tuple(problems))
    return _replacement(db, req, base, docs)


def _with(view: RequestView, **changes) -> RequestView:
    return replace(view, **changes)


def _doc(db: Session, doc) -> DocView:
    return DocView(doc.display_name, _public_id(db, doc.file_id), _public_id(db, doc.thumb_file_id))


def _public_id(db: Session, file_id: int | None) -> str:
    row = db.get(StoredFile, file_id) if file_id else None
    return row.public_id if row else ""


def _identity(d: Driver) -> tuple[Line, ...]:
    return tuple(
        Line(k, v)
        for k, v in (
            ("Civilité", CIVILITIES.get(d.civility, "")),
            ("Nom de naissance", d.birth_name),
            ("Nom d'usage", d.usage_name or "—"),
            ("Prénom(s)", d.first_names),
            ("Date de naissance", fr_date(d.birth_date)),
            ("Lieu de naissance", f"{d.birth_city} ({d.birth_country})"),
            ("Numéro de permis de conduire", d.licence_number),
        )
    )


def _replacement(db: Session, req: CardRequest, base: RequestView, docs: dict[str, DocView]) -> RequestView:
    payment = db.exec(select(Payment).where(Payment.request_id == req.id)).first()
    card = db.get(Card, req.old_card_id)
    common = {
        "is_replacement": True,
        "old_card": card.number if card else "",
        "billing_name": req.billing_name,
        "billing_address": req.billing_address.replace("\n", ", "),
        "billing_same": req.billing_same,
        "billing_form": BillingForm() if req.billing_same else BillingForm(req.billing_name, req.billing_address),
        "pay_href": routes.payment(payment.public_id) if payment and rules.can(req.kind, req.status, A.PAY)
        else "",
    }  # fmt: skip
    if req.kind == RequestKind.RETURNED_MAIL:
        same = req.motif == ReturnedMailChoice.SAME_ADDRESS
        fee = 0 if same else money.fee_for(Fee.RESHIPPING_NEW_ADDRESS)
        choice = ReturnedMailChoice.SAME_ADDRESS if same else ReturnedMailChoice.NEW_ADDRESS
        return _with(base, **common, motif_label=labels.RETURNED_MAIL_LABELS[choice], fee=_fee(fee))
    motif = motifs.MOTIF_BY_KEY[req.motif]
    dec = req.declaration
    before, after = labels.DECLARATION_TEXTS[motif.key]
    doc = docs.get(motif.document, DocView())
    summary = (SummaryDoc(motifs.EXTRA_DOCS[motif.document][0], doc.name, doc.file),) if motif.document else ()
    coupon = dec.get("coupon", "") if rules.can(req.kind, req.status, A.RECEIVE) else ""
    return _with(
        base,
        **common,
        motif_label=motif.label,
        declaration=Declaration(
            commitment=bool(dec.get("commitment")),
            detail=dec.get("detail", ""),
            defects=", ".join(motifs.DEFECTS[d] for d in dec.get("defects", [])),
            defect_keys=tuple(dec.get("defects", [])),
            coupon=dec.get("coupon", ""),
        ),
        declaration_intro=f"{before}{card.number if card else ''}{after}" if before else "",
        asks_commitment=motif.commitment,
        asks_defects=motif.defects,
        detail_label=labels.DETAIL_LABELS.get(motif.key, labels.DETAIL_LABEL),
        doc_kind=motif.document,
        summary_documents=summary,
        fee=_fee(money.fee_for(motif.fee)),
        submit_label=labels.SUBMIT_RETURN_LABEL if motif.returned else labels.SUBMIT_PAYABLE_LABEL,
        coupon=coupon,
        problems=tuple(replacements.problems(db, req)) if base.editable else (),
    )


def _fee(cents: int) -> str:
    return money.euros(cents) if cents else labels.FREE


def draft_inputs(view: RequestView | None) -> dict[str, str | bool]:
    """The value each draft field of the page shows (by element id), from a view."""
    if view is None or not view.reference:
        return {}
    out: dict[str, str | bool] = {
        "f-delivery_address": view.delivery.delivery_address,
        "f-delivery_postal_code": view.delivery.delivery_postal_code,
        "f-delivery_city": view.delivery.delivery_city,
        "f-identity_report": view.identity_report,
        "f-identity_confirmed": view.identity_confirmed,
    }
    if view.kind == RequestKind.REPLACEMENT:
        out["f-billing_same"] = view.billing_same
        out["f-billing_name"], out["f-billing_address"] = view.billing_form.name, view.billing_form.address
        out["f-commitment"], out["f-detail"] = view.declaration.commitment, view.declaration.detail
        out.update({f"f-defect_{k}": k in view.declaration.defect_keys for k in motifs.DEFECTS})
    return out
