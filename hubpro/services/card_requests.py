"""Driver side of a card request: start, steps saved as a draft, documents, submit, cancel, reply."""

from __future__ import annotations

import logging
import secrets

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from hubpro import storage, uploads
from hubpro.domain import card_requests as rules
from hubpro.domain import contact
from hubpro.domain.accounts import clean_text
from hubpro.domain.dates import now
from hubpro.domain.kinds import RequestKind
from hubpro.models import CardRequest, Certificate, DocumentView, Driver, Notice, RequestDocument, StoredFile
from hubpro.observability import metrics
from hubpro.services import errors, files
from hubpro.services.request_flow import Conflict, move

log = logging.getLogger("hubpro.requests")

A = rules.RequestAction
DELIVERY_FIELDS = ("delivery_address", "delivery_postal_code", "delivery_city")


class NotFound(errors.NotFound):
    """No such request for this driver."""


class Refused(errors.Refused):
    """Not allowed now; the message is French."""


def _free_certificates(db: Session, driver_id: int) -> tuple[int, list[Certificate]]:
    certs = db.exec(
        select(Certificate)
        .where(Certificate.driver_id == driver_id)
        .order_by(Certificate.issued_on.desc(), Certificate.id.desc())
    ).all()
    freeing = [s.value for s in rules.FREES_CERTIFICATE]
    used = {
        r.certificate_id
        for r in db.exec(
            select(CardRequest).where(CardRequest.driver_id == driver_id, CardRequest.status.not_in(freeing))
        ).all()
    }
    return len(certs), [c for c in certs if c.id not in used]


def start_refusal(db: Session, *, driver_id: int) -> str:
    """Why « Commencer » is disabled ("" when allowed)."""
    total, free = _free_certificates(db, driver_id)
    return rules.start_refusal(total, len(free))


def start(db: Session, *, driver_id: int) -> CardRequest:
    """« Commencer »: a draft for the newest certificate without request (a double click reuses it).

    Raises:
        Refused: when the gating rule says no.
    """
    draft = db.exec(
        select(CardRequest).where(
            CardRequest.driver_id == driver_id, CardRequest.status == "draft", CardRequest.kind == RequestKind.CQC
        )
    ).first()
    if draft is not None:
        return draft
    total, free = _free_certificates(db, driver_id)
    if refusal := rules.start_refusal(total, len(free)):
        raise Refused(refusal)
    driver = db.get(Driver, driver_id)
    at = now()
    req = CardRequest(
        reference=f"DEM-{at.year}-{secrets.token_hex(3).upper()}",
        driver_id=driver_id,
        certificate_id=free[0].id,
        delivery_address=driver.address,
        delivery_postal_code=driver.postal_code,
        delivery_city=driver.city,
        created_at=at,
        updated_at=at,
    )
    db.add(req)
    try:
        db.commit()
    except IntegrityError:  # the same certificate was taken by a concurrent click
        db.rollback()
        return start(db, driver_id=driver_id)
    return req


def get(db: Session, *, driver_id: int, public_id: str) -> CardRequest:
    """One of the driver's requests (another driver's id: NotFound)."""
    req = db.exec(select(CardRequest).where(CardRequest.public_id == str(public_id))).first()
    if req is None or req.driver_id != driver_id:
        raise NotFound()
    return req


def _editable(req: CardRequest, item: str | None = None) -> None:
    if req.status == rules.RequestStatus.DRAFT:
        return
    if req.status == rules.RequestStatus.INFO_REQUESTED and item is not None and item in req.info_items:
        return
    raise Refused("Cette information ne peut plus être modifiée.")


def set_step(db: Session, *, driver_id: int, public_id: str, step: str) -> None:
    """Remember where the driver is (« Reprendre » reopens there)."""
    req = get(db, driver_id=driver_id, public_id=public_id)
    if req.status == rules.RequestStatus.DRAFT and step in rules.STEPS:
        req.step, req.updated_at = step, now()
        db.add(req)
        db.commit()


def save_identity(db: Session, *, driver_id: int, public_id: str, confirmed: bool, report: str) -> dict[str, str]:
    """Identity step: confirm the prefilled identity, or report an error."""
    req = get(db, driver_id=driver_id, public_id=public_id)
    _editable(req, "field:identity")
    report = clean_text(str(report or ""))[:500]
    if not confirmed and not report:
        return {"identity": "Cochez la confirmation, ou décrivez l'erreur à corriger."}
    req.identity_confirmed, req.identity_report, req.updated_at = bool(confirmed), report, now()
    db.add(req)
    db.commit()
    return {}


def save_delivery(db: Session, *, driver_id: int, public_id: str, address: str, postal_code: str, city: str) -> dict:
    """Delivery-address step."""
    req = get(db, driver_id=driver_id, public_id=public_id)
    _editable(req, "field:delivery_address")
    address, postal_code, city = clean_text(address)[:200], clean_text(postal_code), clean_text(city)[:80]
    errors = contact.address_errors(address, postal_code, city, fields=DELIVERY_FIELDS)
    if errors:
        return errors
    req.delivery_address, req.delivery_postal_code, req.delivery_city = address, postal_code, city
    req.updated_at = now()
    db.add(req)
    db.commit()
    return {}


@metrics.counts_uploads
def add_document(db: Session, *, driver_id: int, public_id: str, kind: str, data: bytes, filename: str) -> str:
    """Check and store one document; returns "" or a French refusal. File and row go together."""
    req = get(db, driver_id=driver_id, public_id=public_id)
    spec = rules.DOC_SPECS.get(kind) if req.kind == RequestKind.CQC else _replacement_spec(req, kind)
    if spec is None:
        return "Document inconnu."
    try:
        _editable(req, f"doc:{kind}")
        checked = uploads.check_upload(data, filename)
    except (Refused, uploads.UploadRefused) as exc:
        return str(exc)
    if spec.images_only and checked.content_type == "application/pdf":
        return f"{spec.label} : une image JPEG ou PNG est attendue (pas de PDF)."
    written: list[str] = []
    try:
        file = files.add(db, kind="request_document", data=checked.data, content_type=checked.content_type,
                         filename=f"{kind}.{checked.extension}", driver_id=driver_id, written=written)  # fmt: skip
        thumb_bytes = uploads.thumbnail(checked)
        thumb = (
            files.add(db, kind="thumbnail", data=thumb_bytes, content_type="image/jpeg",
                      filename=f"{kind}-apercu.jpg", driver_id=driver_id, written=written)
            if thumb_bytes
            else None
        )  # fmt: skip
        old = db.exec(
            select(RequestDocument).where(RequestDocument.request_id == req.id, RequestDocument.kind == kind)
        ).first()
        old_keys = _drop(db, old) if old else []
        db.add(
            RequestDocument(
                request_id=req.id,
                kind=kind,
                file_id=file.id,
                thumb_file_id=thumb.id if thumb else None,
                display_name=checked.display_name,
            )
        )
        req.updated_at = now()
        db.add(req)
        db.commit()
    except storage.StorageUnavailable as exc:
        db.rollback()
        files.remove(written)
        log.error("document %s of request %s not stored: %s", kind, req.public_id, exc)
        return storage.UNAVAILABLE_FR
    except BaseException:
        db.rollback()
        files.remove(written)
        raise
    files.remove(old_keys)
    return ""


def _replacement_spec(req: CardRequest, kind: str) -> rules.DocSpec | None:
    from hubpro.domain import replacements

    motif = replacements.MOTIF_BY_KEY.get(req.motif)
    if motif is None or motif.document != kind:
        return None
    label, hint = replacements.EXTRA_DOCS[kind]
    return rules.DocSpec(rules.DocKind.IDENTITY, label, hint, False)


def _drop(db: Session, doc: RequestDocument) -> list[str]:
    """Delete a document row and its file rows; returns the storage keys to remove after commit."""
    keys = []
    db.delete(doc)
    db.flush()
    for fid in (doc.file_id, doc.thumb_file_id):
        if not fid or (f := db.get(StoredFile, fid)) is None:
            continue
        if db.exec(select(DocumentView.id).where(DocumentView.file_id == fid)).first() is not None:
            continue  # an agent viewed it: kept with the access log as evidence of what was reviewed
        keys.append(f.storage_key)
        db.delete(f)
    return keys


def documents(db: Session, req: CardRequest) -> dict[str, RequestDocument]:
    """The request's current documents by kind."""
    rows = db.exec(select(RequestDocument).where(RequestDocument.request_id == req.id)).all()
    return {d.kind: d for d in rows}


DRAFT_FIELDS = {"delivery_address": 200, "delivery_postal_code": 5, "delivery_city": 80, "identity_report": 500}


def save_draft_field(db: Session, *, driver_id: int, public_id: str, field: str, value: str) -> None:
    """Keep what the driver typed in a draft as they go (checked later, at the step and at submission)."""
    req = get(db, driver_id=driver_id, public_id=public_id)
    if req.kind == RequestKind.REPLACEMENT:
        from hubpro.services import replacement_drafts

        return replacement_drafts.save_draft_field(db, driver_id=driver_id, public_id=public_id, field=field,
                                                   value=value)  # fmt: skip
    if field not in DRAFT_FIELDS or req.status != rules.RequestStatus.DRAFT:
        return
    setattr(req, field, clean_text(str(value or ""))[: DRAFT_FIELDS[field]])
    req.updated_at = now()
    db.add(req)
    db.commit()


def problems(db: Session, req: CardRequest) -> list[str]:
    """What still prevents sending (French), re-checked on the server at submission."""
    out = []
    if not req.identity_confirmed and not req.identity_report:
        out.append("Confirmez votre identité ou signalez l'erreur (étape 1).")
    missing = rules.missing_documents(set(documents(db, req)))
    if missing:
        out.append("Documents manquants : " + ", ".join(missing) + " (étape 2).")
    if not (
        contact.street_ok(req.delivery_address)
        and contact.postal_code_ok(req.delivery_postal_code)
        and req.delivery_city
    ):
        out.append("Adresse de livraison incomplète (étape 3).")
    return out


def submit(db: Session, *, driver_id: int, public_id: str) -> list[str]:
    """« Envoyer ma demande »: everything is checked again; returns the problems (empty when sent)."""
    req = get(db, driver_id=driver_id, public_id=public_id)
    if req.status != rules.RequestStatus.DRAFT:
        return [] if req.status != rules.RequestStatus.CANCELLED else ["Cette demande a été annulée."]
    if found := problems(db, req):
        return found
    try:
        move(db, req, A.SUBMIT, actor_kind="driver", actor_id=driver_id)
    except Conflict:
        db.rollback()
        return []  # a double click: the first one sent it
    req.submitted_at = now()
    db.add(req)
    db.commit()
    return []


def cancel(db: Session, *, driver_id: int, public_id: str) -> None:
    """« Annuler » a draft: its data and documents (files too) are deleted; the history keeps the fact."""
    req = get(db, driver_id=driver_id, public_id=public_id)
    if req.status == rules.RequestStatus.CANCELLED:
        return
    try:
        move(db, req, A.CANCEL, actor_kind="driver", actor_id=driver_id)
    except (rules.IllegalTransition, Conflict) as exc:
        db.rollback()
        raise Refused("Seul un brouillon peut être annulé.") from exc
    keys = [key for doc in documents(db, req).values() for key in _drop(db, doc)]
    req.identity_report, req.identity_confirmed = "", False
    req.delivery_address = req.delivery_postal_code = req.delivery_city = ""
    db.add(req)
    db.commit()
    files.remove(keys)


def reply(db: Session, *, driver_id: int, public_id: str) -> list[str]:
    """« Répondre » sent: every flagged item must have been addressed; back to the operator."""
    req = get(db, driver_id=driver_id, public_id=public_id)
    if req.status != rules.RequestStatus.INFO_REQUESTED:
        return []
    docs = documents(db, req)
    asked_at = req.review.get("_asked_at", "")
    todo = [
        rules.ITEM_LABELS.get(item, item)
        for item in req.info_items
        if item.startswith("doc:") and (item[4:] not in docs or docs[item[4:]].created_at.isoformat() < asked_at)
    ]
    if todo:
        return ["Document à renvoyer : " + ", ".join(todo) + "."]
    try:
        move(db, req, A.REPLY, actor_kind="driver", actor_id=driver_id)
    except Conflict:
        db.rollback()
        return []
    for notice in db.exec(select(Notice).where(Notice.driver_id == driver_id, Notice.closed_at == None)):  # noqa: E711
        if notice.link.endswith(req.public_id):
            notice.closed_at = now()
            db.add(notice)
    db.commit()
    return []
