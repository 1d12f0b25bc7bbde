"""PDF documents: training summary, certificate of qualification, invoice and return coupon."""

from hubpro.pdf.card import CardFacts, render_card
from hubpro.pdf.coupon import render_return_coupon
from hubpro.pdf.documents import Centre, Holder, TrainingFacts, render_certificate, render_training_summary
from hubpro.pdf.invoice import InvoiceData, InvoiceLine, Seller, format_eur, render_invoice

__all__ = [
    "CardFacts",
    "Centre",
    "Holder",
    "InvoiceData",
    "InvoiceLine",
    "Seller",
    "TrainingFacts",
    "format_eur",
    "render_card",
    "render_certificate",
    "render_invoice",
    "render_return_coupon",
    "render_training_summary",
]
