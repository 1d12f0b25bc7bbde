"""« Vérification d'un titre » (roadside QR) and « Partager ma qualification » (share codes): pure rules."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from datetime import date, datetime, timedelta
from enum import Enum

from hubpro.domain.trainings import names_match


class TitleState(Enum):
    """What a roadside check reads for a document (value: the French label)."""

    VALID = "Valide"
    EXPIRED = "Expiré"
    REPLACED = "Remplacé"
    LOST = "Déclaré perdu"
    STOLEN = "Déclaré volé"

    @property
    def label(self) -> str:
        """The French word shown on the page."""
        return self.value

    @property
    def ok(self) -> bool:
        """Whether the document can be relied on."""
        return self is TitleState.VALID


KIND_LABELS = {"certificate": "Certificat de qualification", "card": "Carte de qualification de conducteur"}

_CARD_DECLARED = {
    "declared_lost": TitleState.LOST,
    "declared_stolen": TitleState.STOLEN,
    "replaced": TitleState.REPLACED,
    "returned_defective": TitleState.REPLACED,  # Qualité: sent back, a new card follows
}
_CARD_LIVE = {"in_production", "shipped", "returned"}


def card_state(status: str, expires_on: date, today: date) -> TitleState:
    """The state of a card: a declaration (loss, theft, replacement) wins over the dates."""
    if status in _CARD_DECLARED:
        return _CARD_DECLARED[status]
    if status not in _CARD_LIVE or today > expires_on:
        return TitleState.EXPIRED
    return TitleState.VALID


def certificate_state(valid_until: date, today: date, *, replaced: bool) -> TitleState:
    """The state of a certificate: replaced once its card is shipped, else by its end date."""
    if replaced:
        return TitleState.REPLACED
    return TitleState.EXPIRED if today > valid_until else TitleState.VALID


# --- verification tokens -------------------------------------------------------------------------------
TOKEN_SALT_BYTES = 16  # 128 random bits per document
_TOKEN_BYTES = 24  # 192 bits in the URL
_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{20,64}")


def derive_token(key: bytes, salt: bytes) -> str:
    """The URL token of a document: HMAC of its random salt under the server key (the database holds
    the salt and the token's SHA-256, never the token)."""
    mac = hmac.new(key, b"hubpro-verify:" + salt, hashlib.sha256).digest()[:_TOKEN_BYTES]
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")


def token_digest(token: str) -> str:
    """SHA-256 (hex) under which a token or a code is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def well_formed_token(token: object) -> bool:
    """Whether a path segment can be a token at all (anything else is « Titre introuvable » at once)."""
    return isinstance(token, str) and _TOKEN_RE.fullmatch(token) is not None


# --- share codes ---------------------------------------------------------------------------------------
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L
CODE_LENGTH = 8
SHARE_LIFETIME = timedelta(days=21)


def new_share_code() -> str:
    """8 random characters of the alphabet (≈ 39.6 bits; guessing is throttled and needs the birth name)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(text: str) -> str | None:
    """The code as typed, upper case without spaces or dashes; None when it cannot be a code."""
    if not isinstance(text, str) or len(text) > 40:
        return None
    code = re.sub(r"[\s-]", "", text).upper()
    if len(code) != CODE_LENGTH or not set(code) <= set(CODE_ALPHABET):
        return None
    return code


def format_code(code: str) -> str:
    """« ABCD-EF23 »: easier to read out on the phone."""
    return f"{code[:4]}-{code[4:]}"


def share_expires_at(created_at: datetime) -> datetime:
    """End of a code's 21 days."""
    return created_at + SHARE_LIFETIME


def share_code_in_force(at: datetime, created_at: datetime, revoked_at: datetime | None) -> bool:
    """Whether a code opens the summary at ``at``."""
    return revoked_at is None and at < share_expires_at(created_at)


def birth_name_matches(typed: str, birth_name: str) -> bool:
    """The employer's typed birth name against the driver's (case, accents, spaces and dashes ignored)."""
    if not isinstance(typed, str) or len(typed) > 200:
        return False
    return names_match(typed, birth_name)
