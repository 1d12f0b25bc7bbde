"""Driver accounts: statuses, transitions and the sign-up form rules."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from hubpro.domain import contact, licence
from hubpro.domain.dates import age_on

MIN_AGE = 16
MAX_AGE = 100
NAME_MAX = 80


class AccountStatus(StrEnum):
    """Lifecycle of a driver account."""

    IN_REVIEW = "in_review"
    TO_CORRECT = "to_correct"
    VALIDATED = "validated"
    ACTIVE = "active"
    DISABLED = "disabled"


class AccountAction(StrEnum):
    """What can happen to an account (recorded in its history)."""

    CREATED = "created"
    CORRECTION_REQUESTED = "correction_requested"
    CORRECTED = "corrected"
    VALIDATED = "validated"
    PASSWORD_LINK_SENT = "password_link_sent"
    PASSWORD_SET = "password_set"
    PASSWORD_RESET = "password_reset"
    DISABLED = "disabled"


TRANSITIONS: dict[tuple[AccountStatus, AccountAction], AccountStatus] = {
    (AccountStatus.IN_REVIEW, AccountAction.CORRECTION_REQUESTED): AccountStatus.TO_CORRECT,
    (AccountStatus.IN_REVIEW, AccountAction.VALIDATED): AccountStatus.VALIDATED,
    (AccountStatus.TO_CORRECT, AccountAction.CORRECTED): AccountStatus.IN_REVIEW,
    (AccountStatus.VALIDATED, AccountAction.PASSWORD_LINK_SENT): AccountStatus.VALIDATED,
    (AccountStatus.VALIDATED, AccountAction.PASSWORD_SET): AccountStatus.ACTIVE,
    (AccountStatus.ACTIVE, AccountAction.PASSWORD_RESET): AccountStatus.ACTIVE,
    (AccountStatus.IN_REVIEW, AccountAction.DISABLED): AccountStatus.DISABLED,
    (AccountStatus.TO_CORRECT, AccountAction.DISABLED): AccountStatus.DISABLED,
    (AccountStatus.VALIDATED, AccountAction.DISABLED): AccountStatus.DISABLED,
    (AccountStatus.ACTIVE, AccountAction.DISABLED): AccountStatus.DISABLED,
}


class IllegalTransition(ValueError):
    """An action that the current status does not allow."""


def next_status(current: str, action: AccountAction) -> AccountStatus:
    """The status after an action.

    Raises:
        IllegalTransition: when the action is not allowed from the current status.
    """
    try:
        return TRANSITIONS[(AccountStatus(current), action)]
    except (KeyError, ValueError) as exc:
        raise IllegalTransition(f"{action} not allowed from {current}") from exc


CIVILITIES = {"mme": "Madame", "m": "Monsieur"}


@dataclass(frozen=True)
class Field:
    """A field of the account form."""

    key: str
    label: str
    required: bool = True


FIELDS: tuple[Field, ...] = (
    Field("civility", "Civilité"),
    Field("birth_name", "Nom de naissance"),
    Field("usage_name", "Nom d'usage", required=False),
    Field("first_names", "Prénom(s)"),
    Field("birth_date", "Date de naissance"),
    Field("birth_city", "Commune de naissance"),
    Field("birth_country", "Pays de naissance"),
    Field("email", "Adresse électronique"),
    Field("email_confirmation", "Confirmation de l'adresse électronique"),
    Field("phone", "Téléphone mobile"),
    Field("address", "Adresse"),
    Field("postal_code", "Code postal"),
    Field("city", "Commune"),
    Field("licence_type", "Type de permis"),
    Field("licence_number", "Numéro de permis de conduire"),
)
LABELS = {f.key: f.label for f in FIELDS}
CORRECTABLE = tuple(f.key for f in FIELDS if f.key != "email_confirmation")

CONSENTS: tuple[Field, ...] = (
    Field("consent_privacy", "J'ai lu et j'accepte la politique de confidentialité."),
    Field("consent_terms", "J'ai lu et j'accepte les conditions générales d'utilisation."),
    Field("consent_accuracy", "Je certifie l'exactitude des informations renseignées."),
    Field(
        "consent_processing",
        "J'accepte le traitement de mes données pour l'analyse de ma demande de création de compte.",
    ),
)
CONSENT_ERROR = "Cochez les 4 cases pour pouvoir créer votre compte."

_NAME = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿŒœŸ][A-Za-zÀ-ÖØ-öø-ÿŒœŸ '\-]*")
_TYPOGRAPHIC = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "‐": "-", "‑": "-", "–": "-", "\u00a0": " "})
_FR_MOBILE = re.compile(r"(?:\+33|0033|0)([67]\d{8})")
_INTL = re.compile(r"\+[1-9]\d{7,14}")


def normalize_email(value: str) -> str:
    """Trimmed, lower-cased email."""
    return (value or "").strip().lower()


def normalize_phone(value: str) -> str | None:
    """E.164 form of a mobile number, or None when it is not one."""
    raw = re.sub(r"[\s.\-()]", "", value or "")
    if m := _FR_MOBILE.fullmatch(raw):
        return "+33" + m.group(1)
    if _INTL.fullmatch(raw) and not raw.startswith("+33"):
        return raw
    return None


def clean_text(value: str) -> str:
    """Trimmed text in one canonical form (NFC, straight apostrophes, single spaces)."""
    # Phones type ’ for ' and may send decomposed accents: store one canonical form.
    value = unicodedata.normalize("NFC", value or "").translate(_TYPOGRAPHIC)
    return re.sub(r"\s+", " ", value.strip())


def _check_name(value: str, label: str) -> str | None:
    if len(value) > NAME_MAX:
        return f"{label} : {NAME_MAX} caractères au maximum."
    if not _NAME.fullmatch(value):
        return f"{label} : lettres, espaces, tirets et apostrophes uniquement."
    return None


DATE_PARTS = ("day", "month", "year")
_PART_NAMES = {"day": "le jour", "month": "le mois", "year": "l'année"}


def date_from_parts(day: str, month: str, year: str) -> tuple[str, str | None]:
    """The ISO date typed as « Jour », « Mois », « Année » (French order, whatever the browser's language).

    Returns:
        ("YYYY-MM-DD", None), or ("", the French message of what to fix).
    """
    parts = {"day": (day or "").strip(), "month": (month or "").strip(), "year": (year or "").strip()}
    if not any(parts.values()):
        return "", f"Le champ « {LABELS['birth_date']} » est obligatoire."
    for key in DATE_PARTS:
        if not parts[key]:
            return "", f"Indiquez {_PART_NAMES[key]} de naissance."
    if not (parts["day"].isdigit() and len(parts["day"]) <= 2):
        return "", "Saisissez le jour en chiffres, par exemple 15."
    if not (parts["month"].isdigit() and len(parts["month"]) <= 2 and 1 <= int(parts["month"]) <= 12):
        return "", "Le mois est un nombre de 1 à 12."
    if not (parts["year"].isdigit() and len(parts["year"]) == 4):
        return "", "L'année s'écrit avec 4 chiffres, par exemple 1985."
    try:
        born = date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
    except ValueError:
        return "", "Cette date n'existe pas : vérifiez le jour et le mois."
    return born.isoformat(), None


def with_date_parts(data: dict[str, str], key: str = "birth_date") -> tuple[dict[str, str], str | None]:
    """``data`` with ``key`` built from its ``key_day``/``_month``/``_year`` fields when the form sent them."""
    names = [f"{key}_{p}" for p in DATE_PARTS]
    if not any(n in data for n in names):
        return data, None
    raw = [data.get(n, "") for n in names]
    value, err = date_from_parts(*[r if isinstance(r, str) else "" for r in raw])
    return {**data, key: value}, err


def _check_birth_date(value: str, today: date) -> tuple[date | None, str | None]:
    try:
        born = date.fromisoformat(value)
    except ValueError:
        return None, "Saisissez une date de naissance valide (JJ/MM/AAAA)."
    age = age_on(born, today)
    if born > today or age > MAX_AGE:
        return None, "Saisissez une date de naissance valide."
    if age < MIN_AGE:
        return None, f"Vous devez avoir au moins {MIN_AGE} ans."
    return born, None


def validate_fields(data: dict[str, str], keys: tuple[str, ...], today: date) -> tuple[dict, dict]:
    """Check some fields of the account form.

    Args:
        data: raw values (strings) keyed by field key.
        keys: the field keys to check.
        today: the current date (for the age rule).

    Returns:
        (clean values, French errors by field key).
    """
    clean: dict = {}
    errors: dict[str, str] = {}
    data, date_error = with_date_parts(data)
    for key in keys:
        if key == "birth_date" and date_error:
            errors[key] = date_error
            continue
        raw = data.get(key, "")
        value = clean_text(raw if isinstance(raw, str) else "")
        if not value:
            if key in LABELS and next(f for f in FIELDS if f.key == key).required:
                errors[key] = f"Le champ « {LABELS[key]} » est obligatoire."
            else:
                clean[key] = ""
            continue
        if key == "civility":
            if value not in CIVILITIES:
                errors[key] = "Choisissez Madame ou Monsieur."
            else:
                clean[key] = value
        elif key in ("birth_name", "usage_name", "first_names", "birth_city", "birth_country", "city"):
            if err := _check_name(value, LABELS[key]):
                errors[key] = err
            else:
                clean[key] = value
        elif key == "birth_date":
            born, err = _check_birth_date(value, today)
            if err:
                errors[key] = err
            else:
                clean[key] = born
        elif key in ("email", "email_confirmation"):
            email = normalize_email(value)
            if not contact.email_ok(email):
                errors[key] = contact.EMAIL_MESSAGE
            else:
                clean[key] = email
        elif key == "phone":
            phone = normalize_phone(value)
            if phone is None:
                errors[key] = "Saisissez un numéro de téléphone mobile, par exemple 06 12 34 56 78."
            else:
                clean[key] = phone
        elif key == "address":
            if not contact.street_ok(value) or len(value) > 200:
                errors[key] = "Saisissez votre adresse (numéro et voie), 200 caractères au maximum."
            else:
                clean[key] = value
        elif key == "postal_code":
            if not contact.postal_code_ok(value):
                errors[key] = contact.POSTAL_CODE_MESSAGE
            else:
                clean[key] = value
        elif key == "licence_type":
            if licence.model(value) is None:
                errors[key] = "Choisissez le type de permis."
            else:
                clean[key] = value
    if "licence_number" in keys:
        number = licence.normalize(data.get("licence_number", "") or "")
        if "licence_type" in errors:
            if not number:
                errors["licence_number"] = f"Le champ « {LABELS['licence_number']} » est obligatoire."
        elif err := licence.licence_error(data.get("licence_type", ""), number):
            errors["licence_number"] = err
        else:
            clean["licence_number"] = number
    confirm = clean.get("email_confirmation")
    if "email_confirmation" in keys and "email" in clean and confirm and clean["email"] != confirm:
        errors["email_confirmation"] = "Les deux adresses électroniques ne sont pas identiques."
    return clean, errors


def validate_signup(data: dict[str, str], today: date) -> tuple[dict, dict[str, str]]:
    """Check the whole sign-up form, consents included.

    Returns:
        (clean values without the confirmation, French errors by field key; key
        ``consents`` for the consent boxes).
    """
    clean, errors = validate_fields(data, tuple(f.key for f in FIELDS), today)
    if not all(str(data.get(c.key, "")).lower() in ("on", "true", "1", "yes") for c in CONSENTS):
        errors["consents"] = CONSENT_ERROR
    clean.pop("email_confirmation", None)
    return clean, errors
