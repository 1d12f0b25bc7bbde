"""French labels and tones of statuses (tones: success, warning, error, info, new)."""

from __future__ import annotations

from hubpro.domain.accounts import AccountStatus

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
