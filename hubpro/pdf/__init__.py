"""PDF documents: training summary and certificate of qualification."""

from hubpro.pdf.documents import Centre, Holder, TrainingFacts, render_certificate, render_training_summary

__all__ = ["Centre", "Holder", "TrainingFacts", "render_certificate", "render_training_summary"]
