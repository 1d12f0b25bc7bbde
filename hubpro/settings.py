"""Typed settings read from HUBPRO_* environment variables."""

from __future__ import annotations

import functools
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEVELOPMENT = "development"
PRODUCTION = "production"
MIN_BCRYPT_ROUNDS = 12
SANDBOX_WEBHOOK_SECRET = "whsec_hubpro_sandbox"  # public: only ever accepted by the local sandbox


class SettingsError(RuntimeError):
    """Raised when a required setting is missing or invalid."""


@dataclass(frozen=True)
class Settings:
    """Every setting of the application.

    Attributes mirror the ``HUBPRO_*`` variables documented in the README.
    """

    env: str
    data_dir: Path
    database_url: str
    secret_key: str
    base_url: str
    smtp_host: str
    smtp_port: int
    smtp_user: str
    smtp_password: str
    smtp_from: str
    smtp_starttls: bool
    sms_url: str
    bcrypt_rounds: int
    cors_origins: tuple[str, ...]
    stripe_secret_key: str
    stripe_publishable_key: str
    stripe_webhook_secret: str
    stripe_api_base: str
    stripe_js_url: str
    stripe_webhook_url: str
    rate_limit_storage: str = "memory://"

    @property
    def is_production(self) -> bool:
        """Whether the app runs with production rules."""
        return self.env == PRODUCTION

    @property
    def dev_mailbox(self) -> bool:
        """Whether /dev/mail shows the outgoing messages (never in production with SMTP)."""
        return not self.smtp_host or not self.is_production

    @property
    def payment_sandbox(self) -> bool:
        """Whether payments go to the embedded localstripe sandbox (« mode test »)."""
        return _is_sandbox(self.stripe_secret_key, self.stripe_api_base)

    @property
    def secure_cookies(self) -> bool:
        """Whether cookies carry the Secure flag."""
        return self.base_url.startswith("https://")


def _env(name: str, default: str = "") -> str:
    return os.environ.get(f"HUBPRO_{name}", default).strip()


def _is_sandbox(stripe_key: str, api_base: str) -> bool:
    return not stripe_key.startswith(("sk_live_", "rk_live_")) and "localhost" in api_base


def _webhook_secret(env: str, sandbox: bool) -> str:
    secret = _env("STRIPE_WEBHOOK_SECRET")
    if env == PRODUCTION or not sandbox:
        if not secret or secret == SANDBOX_WEBHOOK_SECRET:
            raise SettingsError("HUBPRO_STRIPE_WEBHOOK_SECRET is required in production and outside the sandbox")
        return secret
    return secret or SANDBOX_WEBHOOK_SECRET


def _dev_secret(data_dir: Path) -> str:
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key


def load_settings() -> Settings:
    """Read the environment and build the settings.

    Raises:
        SettingsError: when production lacks a secret or a setting is invalid.
    """
    env = _env("ENV", DEVELOPMENT).lower()
    if env not in (DEVELOPMENT, PRODUCTION):
        raise SettingsError(f"HUBPRO_ENV must be {DEVELOPMENT} or {PRODUCTION}, not {env!r}")
    data_dir = Path(_env("DATA_DIR", str(ROOT / "data"))).resolve()
    database_url = _env("DATABASE_URL") or f"sqlite:///{data_dir / 'hubpro.db'}"
    secret = _env("SECRET_KEY")
    if not secret:
        if env == PRODUCTION:
            raise SettingsError("HUBPRO_SECRET_KEY is required in production")
        secret = _dev_secret(data_dir)
    if len(secret) < 32:
        raise SettingsError("HUBPRO_SECRET_KEY must hold at least 32 characters")
    base_url = _env("BASE_URL") or f"http://localhost:{os.environ.get('PORT', '3000')}"
    if env == PRODUCTION and not _env("BASE_URL"):
        raise SettingsError("HUBPRO_BASE_URL is required in production")
    rounds = int(_env("BCRYPT_ROUNDS", str(MIN_BCRYPT_ROUNDS)))
    if env == PRODUCTION and rounds < MIN_BCRYPT_ROUNDS:
        raise SettingsError(f"HUBPRO_BCRYPT_ROUNDS must be at least {MIN_BCRYPT_ROUNDS}")
    origins = tuple(o.strip() for o in _env("CORS_ORIGINS").split(",") if o.strip())
    stripe_key = _env("STRIPE_SECRET_KEY")
    if env == PRODUCTION and not stripe_key:
        raise SettingsError("HUBPRO_STRIPE_SECRET_KEY is required in production")
    sandbox_base = f"http://localhost:{_env('STRIPE_SANDBOX_PORT', '8420')}"
    api_base = _env("STRIPE_API_BASE") or ("https://api.stripe.com" if stripe_key.startswith("sk_live_") else "")
    api_base = api_base or (sandbox_base if not stripe_key else "https://api.stripe.com")
    return Settings(
        env=env,
        data_dir=data_dir,
        database_url=database_url,
        secret_key=secret,
        base_url=base_url.rstrip("/"),
        smtp_host=_env("SMTP_HOST"),
        smtp_port=int(_env("SMTP_PORT", "587")),
        smtp_user=_env("SMTP_USER"),
        smtp_password=_env("SMTP_PASSWORD"),
        smtp_from=_env("SMTP_FROM", "Hub Pro Transport <ne-pas-repondre@hubpro.localhost>"),
        smtp_starttls=_env("SMTP_STARTTLS", "auto").lower() != "no",
        sms_url=_env("SMS_URL"),
        bcrypt_rounds=rounds,
        cors_origins=origins or ((base_url.rstrip("/"),) if env == PRODUCTION else ("*",)),
        stripe_secret_key=stripe_key or "sk_test_hubpro_sandbox",
        stripe_publishable_key=_env("STRIPE_PUBLISHABLE_KEY") or "pk_test_hubpro_sandbox",
        stripe_webhook_secret=_webhook_secret(env, _is_sandbox(stripe_key, api_base)),
        stripe_api_base=api_base.rstrip("/"),
        stripe_webhook_url=_env("STRIPE_WEBHOOK_URL") or f"{base_url.rstrip('/')}/api/stripe/webhook",
        rate_limit_storage=_env("RATE_LIMIT_STORAGE") or os.environ.get("REFLEX_REDIS_URL", "").strip() or "memory://",
        stripe_js_url=_env("STRIPE_JS_URL")
        or (f"{api_base.rstrip('/')}/js.stripe.com/v3/" if "localhost" in api_base else "https://js.stripe.com/v3/"),
    )


@functools.cache
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return load_settings()
