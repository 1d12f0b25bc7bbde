"""The driver's deadlines: what each date means, how many days are left, and which one comes first (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from hubpro.domain.dates import fr_date
from hubpro.domain.trainings import SECTOR_LABELS

CARD_EXPIRY_WARNING_DAYS = 90  # a card ending within this many days is shown as a warning


class DeadlineKind(StrEnum):
    """What a date on « Accueil » is the end of."""

    CERTIFICATE = "certificate"  # the card must be requested before the certificate ends
    QUALIFICATION = "qualification"  # the FCO must be done before the qualification ends
    CARD = "card"  # end of validity printed on the card


ACT_NOW = 0  # the driver has something to do (answer, pay, request the card, do the FCO)
SOON = 1  # a date is getting close
INFO = 2  # nothing to do but to know


def days_left(end: date, today: date) -> int:
    """Days from today to the last valid day (0 on that day, negative after it)."""
    return (end - today).days


def days_phrase(end: date, today: date) -> str:
    """« encore 12 jours », « dernier jour », « expiré depuis 3 jours »."""
    n = days_left(end, today)
    if n > 1:
        return f"encore {n} jours"
    if n == 1:
        return "encore 1 jour"
    if n == 0:
        return "dernier jour"
    return "expiré depuis 1 jour" if n == -1 else f"expiré depuis {-n} jours"


@dataclass(frozen=True)
class QualificationDeadline:
    """One sector's qualification: until when, and when the early-FCO window opens."""

    sector: str
    valid_until: date
    early_fco_from: date

    def title(self) -> str:
        """« Qualification Marchandises »."""
        return f"Qualification {SECTOR_LABELS.get(self.sector, self.sector)}"

    def rank(self, today: date) -> int:
        """ACT_NOW from the opening of the early-FCO window (and once expired), INFO before."""
        return ACT_NOW if today >= self.early_fco_from else INFO

    def tone(self, today: date) -> str:
        """error once expired, warning in the early-FCO window, success before."""
        if today > self.valid_until:
            return "error"
        return "warning" if today >= self.early_fco_from else "success"

    def fco_advice(self, today: date) -> str:
        """When to take the FCO (R.3314-12: in the year before the end, the 5 years then run from that end)."""
        if today > self.valid_until:
            return "Votre qualification a expiré : inscrivez-vous à une FCO pour pouvoir conduire à nouveau."
        if today >= self.early_fco_from:
            return (
                f"Inscrivez-vous à une FCO avant le {fr_date(self.valid_until)} : "
                "vos 5 nouvelles années partiront de cette date."
            )
        return (
            f"Vous pourrez suivre votre FCO à partir du {fr_date(self.early_fco_from)} "
            "sans perdre de jours de validité."
        )


@dataclass(frozen=True)
class CertificateDeadline:
    """A certificate of qualification with no card request yet."""

    reference: str
    issued_on: date
    valid_until: date

    def rank(self, today: date) -> int:
        """Always something to do: request the card."""
        return ACT_NOW

    def phrase(self, today: date) -> str:
        """« valable jusqu'au JJ/MM/AAAA – encore N jours pour faire votre demande de carte »."""
        n = days_left(self.valid_until, today)
        if n < 0:
            return f"expiré le {fr_date(self.valid_until)} – vous ne pouvez plus conduire avec ce certificat"
        if n == 0:
            return f"valable jusqu'au {fr_date(self.valid_until)} – dernier jour pour faire votre demande de carte"
        unit = "jour" if n == 1 else "jours"
        return f"valable jusqu'au {fr_date(self.valid_until)} – encore {n} {unit} pour faire votre demande de carte"


def card_rank(expires_on: date, today: date, alert: bool) -> int:
    """ACT_NOW for a returned card or one already expired, SOON near its end, INFO otherwise."""
    if alert or today > expires_on:
        return ACT_NOW
    return SOON if days_left(expires_on, today) <= CARD_EXPIRY_WARNING_DAYS else INFO


def sort_key(rank: int, due: date | None, tie: str = "") -> tuple[int, date, str]:
    """Most urgent first: by rank, then the nearest date, then a stable tie-breaker."""
    return (rank, due or date.max, tie)
