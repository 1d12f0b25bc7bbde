"""Trainings, certificates and qualification dates (R.3314 rules), pure."""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from hubpro.domain import licence
from hubpro.domain.accounts import clean_text
from hubpro.domain.dates import age_on


class TrainingType(StrEnum):
    """Kinds of training a centre deposits."""

    QIL = "qualification_initiale_longue"
    FIMO = "fimo"
    PASSERELLE = "passerelle"
    FCO = "fco"


class Sector(StrEnum):
    """Transport of goods or of passengers."""

    GOODS = "marchandises"
    PASSENGERS = "voyageurs"


TYPE_LABELS = {
    TrainingType.QIL: "Qualification initiale longue (CAP, Bac pro, titre professionnel)",
    TrainingType.FIMO: "Formation initiale minimale obligatoire (FIMO)",
    TrainingType.PASSERELLE: "Formation passerelle",
    TrainingType.FCO: "Formation continue obligatoire (FCO)",
}
SHORT_LABELS = {
    TrainingType.QIL: "Qualification initiale longue",
    TrainingType.FIMO: "FIMO",
    TrainingType.PASSERELLE: "Passerelle",
    TrainingType.FCO: "FCO",
}
SECTOR_LABELS = {Sector.GOODS: "Marchandises", Sector.PASSENGERS: "Voyageurs"}
CATEGORIES = {Sector.GOODS: "C1, C1E, C, CE", Sector.PASSENGERS: "D1, D1E, D, DE"}
MIN_HOURS = {TrainingType.QIL: 280, TrainingType.FIMO: 140, TrainingType.PASSERELLE: 35, TrainingType.FCO: 35}
MAX_HOURS = 2000
MAX_DURATION = timedelta(days=3 * 366)
DEPOSITS_FROM = date(2022, 2, 1)
CONTINUING = frozenset({TrainingType.FCO})
CERTIFICATE_MONTHS = 4
ADULT_AGE = 18
MIN_TRAINEE_AGE = 16
QUALIFICATION_YEARS = 5
EARLY_FCO_WINDOW_YEARS = 1
CONTINUING_RETENTION_YEARS = 6
SESSION_REF = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _./\-]{0,49}")
NAME = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿŒœŸ][A-Za-zÀ-ÖØ-öø-ÿŒœŸ '\-]{0,79}")
DATE_FIELDS = (("start_date", "Date de début"), ("end_date", "Date de fin"), ("birth_date", "Date de naissance"))
FIELDS = (
    "type", "sector", "start_date", "end_date", "hours", "session_reference",
    "birth_name", "first_names", "birth_date", "licence_number",
)  # fmt: skip


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end (31/10 + 4 → 28 or 29/02)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 28 February in common years."""
    return add_months(day, 12 * years)


def certificate_valid_until(issued_on: date, birth_date: date) -> date:
    """Last day of validity: issue + 4 months, or 18th birthday + 4 months for a minor."""
    start = issued_on
    if age_on(birth_date, issued_on) < ADULT_AGE:
        start = add_years(birth_date, ADULT_AGE)
    return add_months(start, CERTIFICATE_MONTHS)


def certificate_is_valid(valid_until: date, today: date) -> bool:
    """Valid through its « valable jusqu'au » date included."""
    return today <= valid_until


def is_shown(training_type: str, issued_on: date, today: date) -> bool:
    """Initial summaries are kept; continuing (FCO) ones for 6 years after issue."""
    if TrainingType(training_type) not in CONTINUING:
        return True
    return today < add_years(issued_on, CONTINUING_RETENTION_YEARS)


@dataclass(frozen=True)
class Fact:
    """What the qualification rules need of a training."""

    type: str
    sector: str
    end_date: date


@dataclass(frozen=True)
class Qualification:
    """Current qualification of one sector."""

    sector: str
    valid_until: date
    early_fco_from: date
    valid: bool


def qualifications(facts: list[Fact], today: date) -> dict[str, Qualification]:
    """Qualification per sector from the trainings, oldest first.

    An initial training or a passerelle opens 5 years from its end. An FCO taken in the year
    before the expiry extends from that expiry (R.3314-12); otherwise 5 years from its end.
    """
    until: dict[str, date] = {}
    for fact in sorted(facts, key=lambda f: f.end_date):
        previous = until.get(fact.sector)
        if (
            TrainingType(fact.type) == TrainingType.FCO
            and previous is not None
            and add_years(previous, -EARLY_FCO_WINDOW_YEARS) <= fact.end_date <= previous
        ):
            until[fact.sector] = add_years(previous, QUALIFICATION_YEARS)
        else:
            until[fact.sector] = add_years(fact.end_date, QUALIFICATION_YEARS)
    return {
        sector: Qualification(sector, end, add_years(end, -EARLY_FCO_WINDOW_YEARS), today <= end)
        for sector, end in until.items()
    }


_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o"})  # letters NFKD does not decompose


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LIGATURES))
    return re.sub(r"[^a-z]", "", "".join(c for c in decomposed if not unicodedata.combining(c)))


def names_match(deposited: str, *account_names: str) -> bool:
    """Whether a deposited birth name matches one of the account's names (case and accents ignored)."""
    target = _fold(deposited)
    return bool(target) and any(target == _fold(n) for n in account_names if n)


def _date(value, label: str) -> tuple[date | None, str | None]:
    try:
        return date.fromisoformat(str(value)), None
    except (TypeError, ValueError):
        return None, f"{label} : date attendue au format AAAA-MM-JJ."


def validate_training(data: dict, today: date) -> tuple[dict, dict[str, str]]:
    """Check a deposited training (API JSON or portal form).

    Returns:
        (clean values, French errors by field).
    """
    clean: dict = {}
    errors: dict[str, str] = {}
    data = data if isinstance(data, dict) else {}
    kind = str(data.get("type", "")).strip().lower()
    if kind not in {t.value for t in TrainingType}:
        errors["type"] = "Type attendu : fimo, fco, passerelle ou qualification_initiale_longue."
    else:
        clean["type"] = kind
    sector = str(data.get("sector", "")).strip().lower()
    if sector not in {s.value for s in Sector}:
        errors["sector"] = "Secteur attendu : marchandises ou voyageurs."
    else:
        clean["sector"] = sector
    for key, label in DATE_FIELDS:
        value, err = _date(data.get(key), label)
        if err:
            errors[key] = err
        else:
            clean[key] = value
    _check_dates(clean, errors, today)
    _check_hours(data.get("hours"), clean, errors)
    ref = str(data.get("session_reference", "")).strip()
    if not SESSION_REF.fullmatch(ref):
        errors["session_reference"] = "Référence de session : 1 à 50 lettres, chiffres, espaces, . _ / -."
    else:
        clean["session_reference"] = ref
    for key, label in (("birth_name", "Nom de naissance"), ("first_names", "Prénom(s)")):
        value = clean_text(str(data.get(key, "")))
        if not NAME.fullmatch(value):
            errors[key] = f"{label} : lettres, espaces, tirets et apostrophes (80 au maximum)."
        else:
            clean[key] = value
    number = licence.normalize(str(data.get("licence_number", "")))
    if not any(licence.licence_error(m.type.value, number) is None for m in licence.MODELS):
        errors["licence_number"] = "Numéro de permis de conduire : format non reconnu."
    else:
        clean["licence_number"] = number
    return clean, errors


def _check_dates(clean: dict, errors: dict[str, str], today: date) -> None:
    start, end, born = clean.get("start_date"), clean.get("end_date"), clean.get("birth_date")
    if end and end > today:
        errors["end_date"] = "La formation doit être terminée : date de fin dans le futur."
    elif end and end < DEPOSITS_FROM:
        errors["end_date"] = "Les formations sont déposées à partir de celles terminées le 01/02/2022."
    if start and end and start > end:
        errors["start_date"] = "La date de début doit précéder la date de fin."
    elif start and end and end - start > MAX_DURATION:
        errors["start_date"] = "Durée de formation supérieure à 3 ans : vérifiez les dates."
    if born and end and (born >= end or age_on(born, end) < MIN_TRAINEE_AGE):
        errors["birth_date"] = f"Le stagiaire doit avoir au moins {MIN_TRAINEE_AGE} ans à la fin de la formation."


def _check_hours(raw, clean: dict, errors: dict[str, str]) -> None:
    try:
        hours = int(raw) if not isinstance(raw, bool) and str(raw).strip().isdigit() else None
    except (TypeError, ValueError):
        hours = None
    if hours is None:
        errors["hours"] = "Durée en heures : nombre entier attendu."
        return
    minimum = MIN_HOURS.get(TrainingType(clean["type"])) if "type" in clean else 1
    if hours < minimum or hours > MAX_HOURS:
        errors["hours"] = f"Durée en heures : entre {minimum} et {MAX_HOURS} pour ce type de formation."
        return
    clean["hours"] = hours
