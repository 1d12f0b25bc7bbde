"""French texts of the deadline reminders: an email and its SMS twin, each with its link to the right screen."""

from __future__ import annotations

from dataclasses import dataclass

from hubpro.domain.reminders import ReminderKind as K
from hubpro.notify.templates import Email, _render, hello, url

SMS_PREFIX = "Hub Pro Transport : "


@dataclass(frozen=True)
class ReminderText:
    """What a reminder says about its object."""

    kind: K
    name: str  # the driver's first name
    what: str  # certificate or request reference, sector label, card number
    date: str  # JJ/MM/AAAA: end of validity, or the day the wait started
    days: int  # days left (certificate, qualification)
    link: str  # path of the screen to act on


def _days(n: int) -> str:
    return "1 jour" if n == 1 else f"{n} jours"


def email(t: ReminderText) -> Email:
    """The reminder's email."""
    who = hello(t.name)
    if t.kind == K.CERTIFICATE:
        return _render(
            f"Plus que {_days(t.days)} pour demander votre carte CQC",
            who,
            [
                f"Votre certificat de qualification n° {t.what} est valable jusqu'au {t.date} : il vous reste "
                f"{_days(t.days)} pour faire votre demande de carte de qualification de conducteur.",
                "Après cette date, vous ne pourrez plus conduire avec ce certificat : un contrôle routier "
                "sans carte est sanctionné d'une amende.",
            ],
            ("Faire ma demande", url(t.link)),
        )
    if t.kind == K.QUALIFICATION:
        return _render(
            f"Votre qualification {t.what} se termine le {t.date} : inscrivez-vous à une FCO",
            who,
            [
                f"Votre qualification {t.what} est valable jusqu'au {t.date} (encore {_days(t.days)}).",
                "Inscrivez-vous à une FCO (formation continue obligatoire, 35 heures) auprès d'un centre agréé. "
                "Suivie dans l'année avant cette date, elle ne vous fait perdre aucun jour : vos 5 nouvelles "
                "années partent de la fin de la qualification actuelle.",
            ],
            ("Voir mes formations", url(t.link)),
        )
    if t.kind == K.INFO_REQUESTED:
        return _render(
            f"Rappel : votre demande {t.what} attend votre réponse",
            who,
            [
                f"Depuis le {t.date}, votre demande {t.what} attend une information complémentaire.",
                "Elle ne pourra pas avancer tant que vous n'aurez pas répondu : seuls les éléments signalés "
                "sont à corriger.",
            ],
            ("Répondre", url(t.link)),
        )
    if t.kind == K.PAYMENT:
        return _render(
            f"Rappel : le paiement de votre demande {t.what} n'est pas terminé",
            who,
            [
                f"Votre demande {t.what} attend son paiement depuis le {t.date}.",
                "La fabrication de votre carte démarre dès le paiement par carte bancaire.",
            ],
            ("Payer", url(t.link)),
        )
    return _render(
        f"Rappel : votre carte CQC n° {t.what} attend votre adresse",
        who,
        [
            f"Votre carte n° {t.what} nous a été retournée par La Poste le {t.date}.",
            "Confirmez votre adresse (réexpédition gratuite) ou indiquez-en une nouvelle (8,00 €) pour la recevoir.",
        ],
        ("Choisir une solution", url(t.link)),
    )


def sms(t: ReminderText) -> str:
    """The reminder's SMS (short, with the link)."""
    texts = {
        K.CERTIFICATE: f"plus que {_days(t.days)} pour demander votre carte CQC (certificat valable jusqu'au "
        f"{t.date}).",
        K.QUALIFICATION: f"votre qualification {t.what} se termine le {t.date}. Inscrivez-vous à une FCO.",
        K.INFO_REQUESTED: f"votre demande {t.what} attend votre réponse depuis le {t.date}.",
        K.PAYMENT: f"le paiement de votre demande {t.what} n'est pas terminé.",
        K.RETURNED_MAIL: f"votre carte CQC n° {t.what} retournée par La Poste attend votre adresse.",
    }
    return f"{SMS_PREFIX}{texts[t.kind]} {url(t.link)}"
