"""Password policy (guide: 12 characters, upper, lower, special; CNIL 2022-100)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

MIN_LENGTH = 12
MAX_LENGTH = 256

# Base words that make a password guessable however it is decorated with digits and symbols.
COMMON_BASES = frozenset(
    {
        "motdepasse",
        "password",
        "passw0rd",
        "azerty",
        "azertyuiop",
        "qwerty",
        "qwertyuiop",
        "soleil",
        "bonjour",
        "doudou",
        "chouchou",
        "marseille",
        "loulou",
        "nicolas",
        "julien",
        "camion",
        "routier",
        "transport",
        "hubpro",
        "hubprotransport",
        "chauffeur",
        "conducteur",
        "welcome",
        "bienvenue",
        "administrateur",
        "admin",
        "iloveyou",
        "jetaime",
        "football",
        "azerty123",
        "password123",
        "motdepasse123",
        "abcdefghijkl",
        "aaaaaaaaaaaa",
    }
)


@dataclass(frozen=True)
class Rule:
    """One line of the live checklist."""

    key: str
    label: str
    ok: bool


_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})


def _base_word(password: str) -> str:
    folded = unicodedata.normalize("NFKD", password.casefold())
    letters = "".join(c for c in folded if c.isalpha())
    # « P@ssw0rd-2024! » is « password » in disguise.
    unleet = "".join(c for c in folded.rstrip("0123456789!?*#.-_ ").translate(_LEET) if c.isalpha())
    return unleet if unleet in COMMON_BASES else letters


def is_common(password: str) -> bool:
    """Whether the password is a known common one, ignoring case, digits and symbols."""
    base = _base_word(password)
    return base in COMMON_BASES or password.casefold() in COMMON_BASES


def checklist(password: str, confirmation: str | None = None) -> list[Rule]:
    """The rules shown under the password field, each with its state.

    Args:
        password: what the user typed.
        confirmation: the confirmation field, or None to leave that rule out.
    """
    rules = [
        Rule("length", f"Au moins {MIN_LENGTH} caractères", len(password) >= MIN_LENGTH),
        Rule("upper", "Au moins 1 majuscule", any(c.isupper() for c in password)),
        Rule("lower", "Au moins 1 minuscule", any(c.islower() for c in password)),
        Rule(
            "special",
            "Au moins 1 caractère spécial (par exemple : ? ! * # . –)",
            any(not c.isalnum() and not c.isspace() for c in password),
        ),
        Rule("common", "Pas un mot de passe trop courant", bool(password) and not is_common(password)),
    ]
    if confirmation is not None:
        rules.append(Rule("match", "Les deux saisies sont identiques", bool(password) and password == confirmation))
    return rules


def password_error(password: str, confirmation: str) -> dict[str, str]:
    """Field errors for a password and its confirmation (empty when accepted)."""
    errors: dict[str, str] = {}
    if len(password) > MAX_LENGTH:
        errors["password"] = f"Le mot de passe ne peut pas dépasser {MAX_LENGTH} caractères."
        return errors
    failed = [r for r in checklist(password) if not r.ok]
    if failed:
        errors["password"] = (
            "Le mot de passe ne respecte pas : " + ", ".join(r.label[0].lower() + r.label[1:] for r in failed) + "."
        )
    if password != confirmation:
        errors["confirmation"] = "La confirmation ne correspond pas au mot de passe."
    return errors
