"""CQC card requests: how statuses are shown, steps, documents and the « Commencer » rule.

Statuses, actions and the transition tables live in ``request_flow`` (re-exported here).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from hubpro.domain.kinds import RequestKind
from hubpro.domain.request_flow import (
    DRIVER_ACTIONS,
    FREES_CERTIFICATE,
    OPEN,
    RETURNABLE,
    TO_INSTRUCT,
    TRANSITIONS,
    TRANSITIONS_BY_KIND,
    IllegalTransition,
    RequestAction,
    RequestStatus,
    allowed_actions,
    can,
    driver_can_edit,
    instructable,
    next_status,
)

__all__ = [
    "DRIVER_ACTIONS",
    "FREES_CERTIFICATE",
    "OPEN",
    "RETURNABLE",
    "TO_INSTRUCT",
    "TRANSITIONS",
    "TRANSITIONS_BY_KIND",
    "IllegalTransition",
    "RequestAction",
    "RequestKind",
    "RequestStatus",
    "allowed_actions",
    "can",
    "driver_can_edit",
    "instructable",
    "next_status",
]
S = RequestStatus


@dataclass(frozen=True)
class StatusInfo:
    """How a status is shown: label, tone, next step and expected delay."""

    label: str
    tone: str
    next_step: str
    delay: str


STATUS_INFO = {
    S.DRAFT: StatusInfo("Brouillon", "new", "Terminez votre demande puis envoyez-la.", "Enregistrée à chaque étape."),
    S.SENT: StatusInfo(
        "Envoyée", "info", "Un opérateur va vérifier vos pièces et informations.", "Instruction sous 5 jours ouvrés."
    ),
    S.IN_REVIEW: StatusInfo(
        "En cours d'instruction",
        "info",
        "Vos pièces et informations sont vérifiées une à une.",
        "Décision sous 5 jours ouvrés.",
    ),
    S.INFO_REQUESTED: StatusInfo(
        "En attente d'information complémentaire",
        "warning",
        "Répondez à la demande : seuls les éléments signalés sont à corriger.",
        "Votre demande attend votre réponse.",
    ),
    S.INFO_SENT: StatusInfo(
        "Complément envoyé", "info", "Votre réponse va être vérifiée.", "Vérification sous 3 jours ouvrés."
    ),
    S.VALIDATED: StatusInfo("Validée", "success", "Votre carte va partir en fabrication.", "Sous 2 jours ouvrés."),
    S.IN_PRODUCTION: StatusInfo(
        "En fabrication", "info", "Votre carte est imprimée puis envoyée par La Poste.", "Environ 5 jours ouvrés."
    ),
    S.SHIPPED: StatusInfo(
        "Expédiée",
        "success",
        "Votre carte est en route vers l'adresse de livraison.",
        "Réception sous 2 à 5 jours ouvrés.",
    ),
    S.REJECTED: StatusInfo("Rejetée", "error", "Lisez le motif ; vous pouvez faire une nouvelle demande.", ""),
    S.AWAITING_PAYMENT: StatusInfo(
        "En attente de paiement",
        "warning",
        "Réglez les frais par carte bancaire pour lancer la fabrication.",
        "La fabrication démarre dès le paiement.",
    ),
    S.PAID: StatusInfo("Payée", "success", "Votre nouvelle carte part en fabrication.", "Sous 2 jours ouvrés."),
    S.AWAITING_CARD: StatusInfo(
        "En attente de réception de la carte",
        "info",
        "Envoyez votre carte par La Poste avec le coupon retour imprimé.",
        "Analyse sous 5 jours ouvrés après réception.",
    ),
    S.ANALYSIS: StatusInfo(
        "Analyse en cours",
        "info",
        "Votre carte est examinée pour trouver l'origine du défaut.",
        "Résultat sous 5 jours ouvrés.",
    ),
    S.CANCELLED: StatusInfo("Annulée", "error", "Aucune action : les informations et documents ont été supprimés.", ""),
}


def status_info(status: str) -> StatusInfo:
    """Display information of a status."""
    return STATUS_INFO[RequestStatus(status)]


class DocKind(StrEnum):
    """Expected documents of a card request."""

    PHOTO = "photo"
    SIGNATURE = "signature"
    IDENTITY = "identity"
    LICENCE_FRONT = "licence_front"
    LICENCE_BACK = "licence_back"


@dataclass(frozen=True)
class DocSpec:
    """An expected document, its formats and its hint."""

    kind: DocKind
    label: str
    hint: str
    images_only: bool


DOCUMENTS: tuple[DocSpec, ...] = (
    DocSpec(
        DocKind.PHOTO, "Photo d'identité", "Récente, de face, sur fond clair uni. JPEG ou PNG, 10 Mo maximum.", True
    ),
    DocSpec(
        DocKind.SIGNATURE,
        "Signature",
        "Signez à l'encre noire sur une feuille blanche et prenez-la en photo. JPEG ou PNG, 10 Mo maximum.",
        True,
    ),
    DocSpec(
        DocKind.IDENTITY,
        "Pièce d'identité en cours de validité",
        "Carte nationale d'identité, passeport ou titre de séjour, lisible en entier. JPEG, PNG ou PDF, 10 Mo maximum.",
        False,
    ),
    DocSpec(
        DocKind.LICENCE_FRONT,
        "Permis de conduire – recto",
        "La face avec votre photo. JPEG, PNG ou PDF, 10 Mo maximum.",
        False,
    ),
    DocSpec(
        DocKind.LICENCE_BACK,
        "Permis de conduire – verso",
        "La face avec les catégories. JPEG, PNG ou PDF, 10 Mo maximum.",
        False,
    ),
)
DOC_SPECS = {d.kind.value: d for d in DOCUMENTS}
FIELD_ITEMS = {"identity": "Identité", "delivery_address": "Adresse de livraison"}
ITEM_LABELS = {
    **{f"doc:{k}": d.label for k, d in DOC_SPECS.items()},
    **{f"field:{k}": v for k, v in FIELD_ITEMS.items()},
}

STEPS = ("identity", "documents", "delivery", "summary")
STEP_LABELS = {
    "identity": "Vérification de votre identité",
    "documents": "Pièces justificatives",
    "delivery": "Adresse de livraison",
    "summary": "Récapitulatif et envoi",
}


def step_number(step: str) -> int:
    """1-based position of a step (1 when unknown)."""
    return STEPS.index(step) + 1 if step in STEPS else 1


def next_step_label(step: str) -> str:
    """« Étape suivante : … » text, empty on the last step."""
    n = step_number(step)
    return f"Étape suivante : {STEP_LABELS[STEPS[n]]}" if n < len(STEPS) else ""


def missing_documents(kinds: set[str]) -> list[str]:
    """Labels of expected documents not uploaded yet."""
    return [d.label for d in DOCUMENTS if d.kind.value not in kinds]


def start_refusal(certificates: int, free_certificates: int) -> str:
    """Why « Commencer » is disabled, or "" when the driver may start.

    Args:
        certificates: how many certificates the driver holds.
        free_certificates: how many of them have no card request yet (cancelled ones excepted).
    """
    if certificates == 0:
        return (
            "Vous ne pouvez pas encore faire de demande : il faut un certificat de qualification, délivré "
            "après une formation (FIMO, FCO, passerelle…). Il apparaîtra dans « Mes certificats » dès que "
            "votre centre de formation l'aura enregistrée."
        )
    if free_certificates == 0:
        return (
            "Une demande de carte existe déjà pour votre dernier certificat : suivez-la dans « Mes demandes en "
            "cours ». Une nouvelle demande sera possible après votre prochaine formation."
        )
    return ""


PND_REASONS = {
    "absent": "N'habite pas à l'adresse indiquée",
    "insuffisante": "Adresse insuffisante",
    "refuse": "Refusé",
    "boite": "Boîte inaccessible",
    "inconnu": "Destinataire inconnu",
}
