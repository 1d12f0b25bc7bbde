"""Invoices are numbered in a short transaction; their PDFs and emails follow in a retryable job."""

from __future__ import annotations

from sqlmodel import select

from hubpro import storage
from hubpro.models import Invoice, OutboxMessage, Payment, StoredFile
from hubpro.services import invoice_pdfs, invoices
from tests.services import bulk


def _payment(db, n=1) -> Payment:
    d = bulk.driver(db, n)
    r = bulk.request(db, d, n, status="paid", events=0)
    p = Payment(
        driver_id=d.id,
        request_id=r.id,
        purpose="replacement",
        designation="Remplacement de la carte",
        amount_cents=3600,
        status="succeeded",
        billing_name="Jean Nom",
        billing_address="1 rue A, 69001 Lyon",
    )
    db.add(p)
    db.commit()
    return p


def test_an_invoice_is_in_preparation_until_its_pdfs_are_stored_then_downloadable(db):
    p = _payment(db)
    invoice = invoices.issue(db, p)
    db.commit()
    assert invoice.number.endswith("-000001") and invoice.original_file_id is None
    assert db.exec(select(StoredFile)).all() == [] and db.exec(select(OutboxMessage)).all() == []
    assert invoices.for_driver(db, driver_id=p.driver_id)[0]["file"] == ""  # « en préparation »
    assert invoice_pdfs.render_due() == 1
    assert invoice_pdfs.render_due() == 0 and not invoice_pdfs.render_one(invoice.id)  # never twice
    db.expire_all()
    row = db.get(Invoice, invoice.id)
    duplicate = db.get(StoredFile, row.duplicate_file_id)
    assert invoices.for_driver(db, driver_id=p.driver_id)[0]["file"] == duplicate.public_id
    assert storage.read(duplicate.storage_key, duplicate.sha256).startswith(b"%PDF")
    mails = db.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all()  # PostgreSQL: no order otherwise
    assert len(mails) == 2 and mails[0].attachments[0]["file_id"] == row.original_file_id


def test_a_failed_rendering_stays_pending_leaves_no_file_and_is_retried(db, monkeypatch):
    p = _payment(db)
    invoice = invoices.issue(db, p)
    db.commit()
    calls = []

    def broken(*args, **kw):
        calls.append(1)
        if len(calls) == 2:  # the duplicate fails after the original was stored
            raise OSError("disque plein")
        return b"%PDF-1.4 test"

    monkeypatch.setattr(invoices.pdf, "render_invoice", broken)
    assert invoice_pdfs.render_due() == 0
    db.expire_all()
    row = db.get(Invoice, invoice.id)
    assert row.original_file_id is None and row.render_attempts == 1 and "disque plein" in row.render_error
    assert db.exec(select(StoredFile)).all() == [] and db.exec(select(OutboxMessage)).all() == []
    assert invoice_pdfs.render_due() == 0  # waiting for its retry delay
    row.render_claimed_until = None  # the delay is over
    db.add(row)
    db.commit()
    assert invoice_pdfs.render_due() == 1
    db.expire_all()
    assert db.get(Invoice, invoice.id).original_file_id is not None


def test_numbers_stay_gapless_when_the_payments_commit(db):
    rows = []
    for n in range(1, 6):
        rows.append(invoices.issue(db, _payment(db, n)))
        db.commit()
    assert [r.sequence for r in rows] == [1, 2, 3, 4, 5]
    assert invoice_pdfs.render_due() == 5
