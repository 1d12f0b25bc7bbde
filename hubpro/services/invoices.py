"""Invoices: gapless yearly numbering, original and DUPLICATA PDFs stored once, emails, listing."""

from __future__ import annotations

import json

from sqlalchemy import text
from sqlmodel import Session, select

from hubpro import pdf
from hubpro.domain import payments as money
from hubpro.domain.dates import fr_date
from hubpro.models import Driver, Invoice, InvoiceCounter, Payment, StoredFile
from hubpro.notify import templates
from hubpro.notify.outbox import enqueue_email
from hubpro.services import files
from hubpro.services.trainings import today

SELLER = pdf.Seller(
    name="Imprimerie Nationale SA",
    legal="SA au capital de 50 000 000 € – SIREN 352 973 622 – RCS Paris",
    address="104 avenue du Président Kennedy, 75016 Paris",
    vat_number="FR 12 352973622",
)


def next_sequence(db: Session, year: int) -> int:
    """The next invoice number of the year, inside the caller's transaction (row lock: gapless)."""
    _ensure_counter(db, year)
    row = db.exec(
        text("UPDATE invoicecounter SET last = last + 1 WHERE year = :y RETURNING last").bindparams(y=year)
    ).one()
    return int(row[0])


def issue(db: Session, payment: Payment, written: list[str] | None = None) -> Invoice:
    """Number the invoice of a succeeded payment and add its row, in the caller's transaction.

    Only the counter's UPDATE and the invoice's INSERT happen under the counter's row lock (gapless, short: on
    PostgreSQL one statement, so the lock is held for one round trip and the commit); the PDFs, their files
    and the emails follow after the commit (``invoice_pdfs.render_due``, a retryable job). ``written`` is kept
    for the callers' cleanup lists: nothing is written to the store here. Call it last before the commit.
    """
    day = today()
    amounts = money.split_ttc(payment.amount_cents)
    lines = [{"designation": payment.designation, "quantity": 1, "unit_price_ht_cents": amounts.ht, "vat": 20}]
    values = dict(year=day.year, payment_id=payment.id, driver_id=payment.driver_id, issued_on=day, service_date=day,
                  designation=payment.designation, lines=lines, total_ht_cents=amounts.ht,
                  total_vat_cents=amounts.vat, total_ttc_cents=amounts.ttc)  # fmt: skip
    if db.get_bind().dialect.name != "postgresql":
        seq = next_sequence(db, day.year)
        invoice = Invoice(number=money.invoice_number(day.year, seq), sequence=seq, **values)
        db.add(invoice)
        db.flush()
        return invoice
    _ensure_counter(db, day.year)
    db.flush()  # the rest of the caller's transaction first: none of it under the counter's lock
    invoice = Invoice(number="", sequence=0, **values)
    row = db.exec(
        text(NUMBER_AND_INSERT).bindparams(
            **{k: v for k, v in values.items() if k != "lines"}, lines=json.dumps(lines),
            public_id=invoice.public_id, created_at=invoice.created_at, prefix=f"{money.INVOICE_PREFIX}-{day.year}-",
        )
    ).one()  # fmt: skip
    invoice.id, invoice.sequence, invoice.number = row[0], row[1], row[2]
    return invoice  # a detached copy of the row: nothing more to write


# One statement: the counter's row lock is taken and the invoice row written in the same round trip.
NUMBER_AND_INSERT = """
WITH c AS (UPDATE invoicecounter SET last = last + 1 WHERE year = :year RETURNING last)
INSERT INTO invoice (public_id, number, year, sequence, payment_id, driver_id, issued_on, service_date, designation,
                     lines, total_ht_cents, total_vat_cents, total_ttc_cents, render_attempts, render_error, created_at)
SELECT :public_id, :prefix || lpad(c.last::text, greatest(6, length(c.last::text)), '0'), :year, c.last,
       :payment_id, :driver_id, :issued_on, :service_date, :designation, CAST(:lines AS JSON), :total_ht_cents,
       :total_vat_cents, :total_ttc_cents, 0, '', :created_at
FROM c RETURNING id, sequence, number
"""


def _ensure_counter(db: Session, year: int) -> None:
    if db.get(InvoiceCounter, year) is None:  # SQLite and PostgreSQL both know ON CONFLICT
        db.exec(
            text("INSERT INTO invoicecounter (year, last) VALUES (:y, 0) ON CONFLICT (year) DO NOTHING").bindparams(
                y=year
            )
        )


def invoice_data(db: Session, invoice: Invoice) -> pdf.InvoiceData:
    """What the invoice's PDFs print, from its row, its payment and its request."""
    from hubpro.models import CardRequest

    payment = db.get(Payment, invoice.payment_id)
    req = db.get(CardRequest, payment.request_id)
    lines = tuple(
        pdf.InvoiceLine(x["designation"], x["quantity"], x["unit_price_ht_cents"], money.VAT_RATE_PERCENT)
        for x in invoice.lines
    )
    return pdf.InvoiceData(
        number=invoice.number,
        issued_on=invoice.issued_on,
        service_date=invoice.service_date,
        client_name=payment.billing_name,
        billing_address=payment.billing_address,
        lines=lines,
        total_ht_cents=invoice.total_ht_cents,
        total_vat_cents=invoice.total_vat_cents,
        total_ttc_cents=invoice.total_ttc_cents,
        payment_method="Carte bancaire",
        paid_on=invoice.issued_on,
        request_reference=req.reference if req else "",
    )


def store_pdfs(db: Session, invoice: Invoice, data: pdf.InvoiceData, written: list[str]) -> tuple[StoredFile, ...]:
    """Render and store the original and the « DUPLICATA » (rows flushed; the caller commits)."""
    stored = []
    for duplicate in (False, True):
        name = f"facture-{invoice.number}" + ("-duplicata" if duplicate else "") + ".pdf"
        body = pdf.render_invoice(data, SELLER, duplicate=duplicate)
        stored.append(files.add(db, kind="invoice", data=body, filename=name, driver_id=invoice.driver_id,
                                written=written))  # fmt: skip
    return tuple(stored)


def announce(db: Session, invoice: Invoice, original: StoredFile) -> None:
    """Enqueue the original (attached) and the « duplicata disponible » emails."""
    driver = db.get(Driver, invoice.driver_id)
    enqueue_email(
        db,
        driver.email,
        templates.invoice_original(driver.display_name, invoice.number, money.euros(invoice.total_ttc_cents)),
        attachments=[{"file_id": original.id, "filename": original.filename, "content_type": "application/pdf"}],
    )
    enqueue_email(db, driver.email, templates.invoice_duplicate_ready(driver.display_name, invoice.number))


def for_driver(db: Session, *, driver_id: int) -> list[dict]:
    """« Mes factures »: the driver's invoices, newest first, with the duplicate ('' while in preparation)."""
    rows = db.exec(
        select(Invoice, StoredFile.public_id)
        .outerjoin(StoredFile, StoredFile.id == Invoice.duplicate_file_id)
        .where(Invoice.driver_id == driver_id)
        .order_by(Invoice.id.desc())
    ).all()
    return [
        {
            "number": inv.number,
            "date": fr_date(inv.issued_on),
            "amount": money.euros(inv.total_ttc_cents),
            "motif": inv.designation,
            "file": f or "",
        }
        for inv, f in rows
    ]
