"""Invoices: gapless yearly numbering, original and DUPLICATA PDFs stored once, emails, listing."""

from __future__ import annotations

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
    if db.get(InvoiceCounter, year) is None:  # SQLite and PostgreSQL both know ON CONFLICT
        db.exec(
            text("INSERT INTO invoicecounter (year, last) VALUES (:y, 0) ON CONFLICT (year) DO NOTHING").bindparams(
                y=year
            )
        )
    row = db.exec(
        text("UPDATE invoicecounter SET last = last + 1 WHERE year = :y RETURNING last").bindparams(y=year)
    ).one()
    return int(row[0])


def issue(db: Session, payment: Payment, written: list[str]) -> Invoice:
    """Issue the invoice of a succeeded payment (in the caller's transaction; files listed in written)."""
    day = today()
    seq = next_sequence(db, day.year)
    number = money.invoice_number(day.year, seq)
    amounts = money.split_ttc(payment.amount_cents)
    line = pdf.InvoiceLine(payment.designation, 1, amounts.ht, money.VAT_RATE_PERCENT)
    data = pdf.InvoiceData(
        number=number,
        issued_on=day,
        service_date=day,
        client_name=payment.billing_name,
        billing_address=payment.billing_address,
        lines=(line,),
        total_ht_cents=amounts.ht,
        total_vat_cents=amounts.vat,
        total_ttc_cents=amounts.ttc,
        payment_method="Carte bancaire",
        paid_on=day,
        request_reference=_reference(db, payment),
    )
    stored = []
    for duplicate in (False, True):
        name = f"facture-{number}" + ("-duplicata" if duplicate else "") + ".pdf"
        body = pdf.render_invoice(data, SELLER, duplicate=duplicate)
        stored.append(files.add(db, kind="invoice", data=body, filename=name, driver_id=payment.driver_id,
                                written=written))  # fmt: skip
    invoice = Invoice(
        number=number,
        year=day.year,
        sequence=seq,
        payment_id=payment.id,
        driver_id=payment.driver_id,
        issued_on=day,
        service_date=day,
        designation=payment.designation,
        lines=[{"designation": line.designation, "quantity": 1, "unit_price_ht_cents": amounts.ht, "vat": 20}],
        total_ht_cents=amounts.ht,
        total_vat_cents=amounts.vat,
        total_ttc_cents=amounts.ttc,
        original_file_id=stored[0].id,
        duplicate_file_id=stored[1].id,
    )
    db.add(invoice)
    driver = db.get(Driver, payment.driver_id)
    original = stored[0]
    enqueue_email(
        db,
        driver.email,
        templates.invoice_original(driver.display_name, number, money.euros(amounts.ttc)),
        attachments=[{"file_id": original.id, "filename": original.filename, "content_type": "application/pdf"}],
    )
    enqueue_email(db, driver.email, templates.invoice_duplicate_ready(driver.display_name, number))
    return invoice


def _reference(db: Session, payment: Payment) -> str:
    from hubpro.models import CardRequest

    req = db.get(CardRequest, payment.request_id)
    return req.reference if req else ""


def for_driver(db: Session, *, driver_id: int) -> list[dict]:
    """« Mes factures »: the driver's invoices, newest first, with the duplicate to download."""
    rows = db.exec(
        select(Invoice, StoredFile)
        .join(StoredFile, StoredFile.id == Invoice.duplicate_file_id)
        .where(Invoice.driver_id == driver_id)
        .order_by(Invoice.id.desc())
    ).all()
    return [
        {
            "number": inv.number,
            "date": fr_date(inv.issued_on),
            "amount": money.euros(inv.total_ttc_cents),
            "motif": inv.designation,
            "file": f.public_id,
        }
        for inv, f in rows
    ]
