"""« Remplacement, Echange »: motifs, declarations, documents and fees (pure)."""

from __future__ import annotations

from dataclasses import dataclass

from hubpro.domain.accounts import clean_text
from hubpro.domain.kinds import Fee, ReplacementMotif
from hubpro.domain.labels import MOTIF_LABELS


@dataclass(frozen=True)
class Motif:
    """A replacement motif and what it asks."""

    key: ReplacementMotif
    label: str
    summary: str
    document: str  # request document kind to upload, or ""
    fee: Fee
    commitment: bool = False  # « Je m'engage à restituer ma carte si je la retrouve. »
    defects: bool = False  # the defective elements are declared
    returned: bool = False  # the card is posted back and analysed before anything is paid
    old_card_action: str = "replace"  # CardAction applied to the old card when the new one is produced


M = ReplacementMotif
MOTIFS: tuple[Motif, ...] = (
    Motif(M.LOSS, MOTIF_LABELS[M.LOSS], "Vous avez perdu votre carte.", "", Fee.LOSS, commitment=True,
          old_card_action="declare_lost"),
    Motif(M.THEFT, MOTIF_LABELS[M.THEFT], "Votre carte a été volée : la déclaration de vol est demandée.",
          "theft_declaration", Fee.THEFT, commitment=True, old_card_action="declare_stolen"),
    Motif(M.QUALITY, MOTIF_LABELS[M.QUALITY],
          "Votre carte est défectueuse (puce, impression, photo, erreur de données).", "", Fee.QUALITY_OPERATOR,
          defects=True, returned=True, old_card_action="return_defective"),
    Motif(M.EXCHANGE, MOTIF_LABELS[M.EXCHANGE],
          "Vos informations ont changé (nom, numéro de permis) : un justificatif est demandé.", "exchange_proof",
          Fee.EXCHANGE),
)  # fmt: skip
MOTIF_BY_KEY: dict[str, Motif] = {m.key.value: m for m in MOTIFS}
DEFECTS = {
    "puce": "La puce ne fonctionne pas",
    "impression": "Défaut d'impression",
    "photo": "Photo abîmée ou illisible",
    "donnees": "Erreur dans les données imprimées",
}
EXTRA_DOCS = {
    "theft_declaration": (
        "Déclaration de vol",
        "Récépissé de la police ou de la gendarmerie. JPEG, PNG ou PDF, 10 Mo maximum.",
    ),
    "exchange_proof": (
        "Justificatif du changement",
        "Par exemple acte de mariage, jugement, nouveau permis. JPEG, PNG ou PDF, 10 Mo maximum.",
    ),
}
COMMITMENT = "Je m'engage à restituer ma carte si je la retrouve."
DETAIL_MAX = 500


def validate_declaration(motif: str, data: dict) -> tuple[dict, dict[str, str]]:
    """Check the declaration step of a motif.

    Returns:
        (clean declaration to store, French errors by field).
    """
    clean: dict = {}
    errors: dict[str, str] = {}
    detail = clean_text(str(data.get("detail", "")))[:DETAIL_MAX]
    spec = MOTIF_BY_KEY.get(str(motif))
    if spec is not None and spec.commitment:
        if str(data.get("commitment", "")).lower() not in ("on", "true", "1"):
            errors["commitment"] = "Cochez l'engagement à restituer la carte si vous la retrouvez."
        clean = {"commitment": True, "detail": detail}
    elif spec is not None and spec.defects:
        defects = [k for k in DEFECTS if str(data.get(f"defect_{k}", "")).lower() in ("on", "true", "1")]
        if not defects:
            errors["defects"] = "Cochez au moins un élément défectueux."
        if "donnees" in defects and not detail:
            errors["detail"] = "Précisez quelle donnée est erronée."
        clean = {"defects": defects, "detail": detail}
    elif spec is not None:
        if len(detail) < 5:
            errors["detail"] = "Indiquez ce qui a changé (par exemple : nouveau nom d'usage)."
        clean = {"detail": detail}
    else:
        errors["motif"] = "Motif inconnu."
    return clean, errors


def designation(motif: str, card_number: str) -> str:
    """Invoice line of a replacement."""
    return f"Remplacement de carte CQC ({MOTIF_BY_KEY[motif].label.lower()}) – carte n° {card_number}"
