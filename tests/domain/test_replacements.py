"""Replacement motifs and declarations (pure)."""

from __future__ import annotations

from hubpro.domain import replacements as motifs


def test_the_four_motifs_of_the_guide():
    assert [m.label for m in motifs.MOTIFS] == ["Perte", "Vol", "Qualité", "Echange"]
    assert motifs.MOTIF_BY_KEY["theft"].document == "theft_declaration"
    assert motifs.MOTIF_BY_KEY["exchange"].document == "exchange_proof"
    assert motifs.MOTIF_BY_KEY["loss"].document == ""


def test_loss_and_theft_need_the_commitment():
    for motif in ("loss", "theft"):
        clean, errors = motifs.validate_declaration(motif, {"detail": "  au dépôt  "})
        assert "commitment" in errors
        clean, errors = motifs.validate_declaration(motif, {"commitment": "on", "detail": "  au dépôt  "})
        assert errors == {} and clean == {"commitment": True, "detail": "au dépôt"}


def test_quality_needs_a_defect_and_a_detail_for_data_errors():
    assert "defects" in motifs.validate_declaration("quality", {})[1]
    clean, errors = motifs.validate_declaration("quality", {"defect_puce": "on", "defect_photo": "true"})
    assert errors == {} and clean["defects"] == ["puce", "photo"]
    assert "detail" in motifs.validate_declaration("quality", {"defect_donnees": "on"})[1]
    assert motifs.validate_declaration("quality", {"defect_donnees": "on", "detail": "Date de naissance"})[1] == {}


def test_exchange_needs_what_changed_and_unknown_motif_is_refused():
    assert "detail" in motifs.validate_declaration("exchange", {"detail": "nom"})[1]
    assert motifs.validate_declaration("exchange", {"detail": "Nouveau nom d'usage"})[1] == {}
    assert "motif" in motifs.validate_declaration("cadeau", {})[1]


def test_designation_names_the_motif_and_the_card():
    assert motifs.designation("theft", "FR0123456789") == "Remplacement de carte CQC (vol) – carte n° FR0123456789"
