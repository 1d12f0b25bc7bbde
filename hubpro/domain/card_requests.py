"""CQC card requests: statuses, transition table, steps, documents and the « Commencer » rule."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class RequestStatus(StrEnum):
    """Lifecycle of a card request."""

    DRAFT = "draft"
    SENT = "sent"
    IN_REVIEW = "in_review"
    INFO_REQUESTED = "info_requested"
    INFO_SENT = "info_sent"
    VALIDATED = "validated"
    IN_PRODUCTION = "in_production"
    SHIPPED = "shipped"
    REJECTED = "rejected"
    CANCELLED = "cancelled"
    AWAITING_PAYMENT = "awaiting_payment"
    PAID = "paid"
    AWAITING_CARD = "awaiting_card"
    ANALYSIS = "analysis"


class RequestAction(StrEnum):
    """What moves a request (driver or agent)."""

    SUBMIT = "submit"
    CANCEL = "cancel"
    TAKE = "take"
    REQUEST_INFO = "request_info"
    REPLY = "reply"
    VALIDATE = "validate"
    PRODUCE = "produce"
    SHIP = "ship"
    REJECT = "reject"
    SUBMIT_PAYABLE = "submit_payable"
    PAY = "pay"
    SUBMIT_RETURN = "submit_return"
    RECEIVE = "receive"
    OPERATOR_FAULT = "operator_fault"
    DRIVER_FAULT = "driver_fault"
    CONFIRM_ADDRESS = "confirm_address"


S, A = RequestStatus, RequestAction
TRANSITIONS: dict[tuple[RequestStatus, RequestAction], RequestStatus] = {
    (S.DRAFT, A.SUBMIT): S.SENT,
    (S.DRAFT, A.CANCEL): S.CANCELLED,
    (S.SENT, A.TAKE): S.IN_REVIEW,
    (S.INFO_SENT, A.TAKE): S.IN_REVIEW,
    (S.SENT, A.REQUEST_INFO): S.INFO_REQUESTED,
    (S.IN_REVIEW, A.REQUEST_INFO): S.INFO_REQUESTED,
    (S.INFO_SENT, A.REQUEST_INFO): S.INFO_REQUESTED,
    (S.INFO_REQUESTED, A.REPLY): S.INFO_SENT,
    (S.SENT, A.VALIDATE): S.VALIDATED,
    (S.IN_REVIEW, A.VALIDATE): S.VALIDATED,
    (S.INFO_SENT, A.VALIDATE): S.VALIDATED,
    (S.VALIDATED, A.PRODUCE): S.IN_PRODUCTION,
    (S.IN_PRODUCTION, A.SHIP): S.SHIPPED,
    (S.SENT, A.REJECT): S.REJECTED,
    (S.IN_REVIEW, A.REJECT): S.REJECTED,
    (S.INFO_SENT, A.REJECT): S.REJECTED,
    # Replacements: Perte, Vol, Echange are paid before production; Qualité goes through a return.
    (S.DRAFT, A.SUBMIT_PAYABLE): S.AWAITING_PAYMENT,
    (S.AWAITING_PAYMENT, A.PAY): S.PAID,
    (S.PAID, A.PRODUCE): S.IN_PRODUCTION,
    (S.DRAFT, A.SUBMIT_RETURN): S.AWAITING_CARD,
    (S.AWAITING_CARD, A.RECEIVE): S.ANALYSIS,
    (S.ANALYSIS, A.OPERATOR_FAULT): S.VALIDATED,
    (S.ANALYSIS, A.DRIVER_FAULT): S.AWAITING_PAYMENT,
    # Pli non distribué: same address confirmed (free) or a new one (paid re-shipping).
    (S.DRAFT, A.CONFIRM_ADDRESS): S.VALIDATED,
}
DRIVER_ACTIONS = frozenset({A.SUBMIT, A.CANCEL, A.REPLY, A.SUBMIT_PAYABLE, A.SUBMIT_RETURN, A.CONFIRM_ADDRESS})
OPEN = frozenset({
    S.SENT, S.IN_REVIEW, S.INFO_REQUESTED, S.INFO_SENT, S.VALIDATED, S.IN_PRODUCTION,
    S.AWAITING_PAYMENT, S.PAID, S.AWAITING_CARD, S.ANALYSIS,
})  # fmt: skip
FREES_CERTIFICATE = frozenset({S.CANCELLED, S.REJECTED})
TO_INSTRUCT = (S.SENT, S.INFO_SENT, S.IN_REVIEW, S.INFO_REQUESTED, S.AWAITING_CARD, S.ANALYSIS)


class IllegalTransition(ValueError):
    """An action the current status does not allow."""


def next_status(current: str, action: str) -> RequestStatus:
    """The status after an action.

    Raises:
        IllegalTransition: when the pair is not in the table.
    """
    try:
        return TRANSITIONS[(RequestStatus(current), RequestAction(action))]
    except (KeyError, ValueError) as exc:
        raise IllegalTransition(f"{action} not allowed from {current}") from exc


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
