"""French labels and tones of statuses (tones: success, warning, error, info, new)."""

from __future__ import annotations

from hubpro.domain.accounts import AccountStatus
from hubpro.domain.kinds import ReplacementMotif, RequestKind, ReturnedMailChoice

ACCOUNT_STATUS = {
    AccountStatus.IN_REVIEW: ("En analyse", "info"),
    AccountStatus.TO_CORRECT: ("À corriger", "warning"),
    AccountStatus.VALIDATED: ("Validé, mot de passe à créer", "success"),
    AccountStatus.ACTIVE: ("Actif", "success"),
    AccountStatus.DISABLED: ("Désactivé", "error"),
}

ACCOUNT_ACTION = {
    "created": "Compte créé, envoyé pour analyse",
    "correction_requested": "Correction demandée",
    "corrected": "Informations corrigées, renvoyées pour analyse",
    "validated": "Compte validé",
    "password_link_sent": "Lien « Créer mon mot de passe » envoyé",
    "password_set": "Mot de passe créé",
    "password_reset": "Mot de passe réinitialisé",
    "disabled": "Compte désactivé",
}


def account_status(status: str) -> tuple[str, str]:
    """(label, tone) of an account status."""
    return ACCOUNT_STATUS.get(AccountStatus(status), (status, "info"))


MOTIF_LABELS = {
    ReplacementMotif.LOSS: "Perte",
    ReplacementMotif.THEFT: "Vol",
    ReplacementMotif.QUALITY: "Qualité",
    ReplacementMotif.EXCHANGE: "Echange",
}
# French words in the screens' element ids and radio ids (« motif-perte »), stable for users and tests.
MOTIF_SLUGS = {
    ReplacementMotif.LOSS: "perte",
    ReplacementMotif.THEFT: "vol",
    ReplacementMotif.QUALITY: "qualite",
    ReplacementMotif.EXCHANGE: "echange",
}
RETURNED_MAIL_LABELS = {
    ReturnedMailChoice.SAME_ADDRESS: "Pli non distribué – même adresse",
    ReturnedMailChoice.NEW_ADDRESS: "Pli non distribué – nouvelle adresse",
}
# Title of a request in « Mes demandes » and heading of its page.
KIND_TITLES = {
    RequestKind.CQC: "Demande de carte CQC",
    RequestKind.REPLACEMENT: "Remplacement de carte",
    RequestKind.RETURNED_MAIL: "Réexpédition",
}
RETURNED_MAIL_TITLE = "Réexpédition après pli non distribué"
# What the declaration step says, by motif (the card number follows).
DECLARATION_TEXTS = {
    ReplacementMotif.LOSS: ("Je déclare la perte de ma carte n° ", "."),
    ReplacementMotif.THEFT: ("Je déclare le vol de ma carte n° ", "."),
    ReplacementMotif.QUALITY: ("", ""),
    ReplacementMotif.EXCHANGE: ("Je demande l'échange de ma carte n° ", " suite à un changement."),
}
DETAIL_LABELS = {ReplacementMotif.EXCHANGE: "Ce qui a changé"}
DETAIL_LABEL = "Précisions"
SUBMIT_RETURN_LABEL = "Valider ma demande"
SUBMIT_PAYABLE_LABEL = "Valider et payer"
FREE = "gratuit"


def motif_label(motif: str) -> str:
    """« Perte », « Vol »… of a stored motif ('' when unknown)."""
    try:
        return MOTIF_LABELS[ReplacementMotif(motif)]
    except ValueError:
        return ""


def request_title(kind: str, motif: str) -> str:
    """The title of a request in « Mes demandes »."""
    if kind == RequestKind.REPLACEMENT:
        return f"Remplacement de carte ({motif_label(motif)})"
    if kind == RequestKind.RETURNED_MAIL:
        return RETURNED_MAIL_TITLE
    return KIND_TITLES[RequestKind.CQC]
