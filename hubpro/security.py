"""Password hashing (HMAC pre-hash + bcrypt) and random tokens."""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import secrets

import bcrypt

from hubpro.settings import get_settings


def _pepper() -> bytes:
    return hashlib.sha256(b"hubpro-password-pepper:" + get_settings().secret_key.encode()).digest()


def _prehash(password: str) -> bytes:
    # bcrypt refuses more than 72 bytes: a 64-character accented password is ~128 bytes.
    digest = hmac.new(_pepper(), password.encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(digest)


def hash_password(password: str) -> str:
    """A bcrypt hash of the pre-hashed password."""
    salt = bcrypt.gensalt(rounds=get_settings().bcrypt_rounds)
    return bcrypt.hashpw(_prehash(password), salt).decode()


def verify_password(password: str, hashed: str | None) -> bool:
    """Check a password; hashes a dummy when there is no stored hash (constant timing)."""
    if not hashed:
        bcrypt.checkpw(_prehash(password), _dummy_hash().encode())
        return False
    try:
        return bcrypt.checkpw(_prehash(password), hashed.encode())
    except ValueError:
        return False


@functools.cache
def _dummy_hash() -> str:
    return hash_password(secrets.token_urlsafe(16))


def new_token() -> str:
    """A random URL-safe token of 256 bits."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """The SHA-256 hex digest under which a token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()
