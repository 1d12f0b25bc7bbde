"""Typed settings read from HUBPRO_* environment variables."""

from __future__ import annotations

import functools
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEVELOPMENT = "development"
PRODUCTION = "production"
MIN_BCRYPT_ROUNDS = 12
SANDBOX_WEBHOOK_SECRET = "whsec_hubpro_sandbox"  # public: only ever accepted by the local sandbox
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
S3_URL = re.compile(r"s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:/([A-Za-z0-9._/-]*))?")
STORAGE_VARS = ("ENDPOINT_URL", "REGION", "ACCESS_KEY", "SECRET_KEY")


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
    log_format: str = "text"
    metrics_allow: tuple[str, ...] = ("127.0.0.1", "::1")
    metrics_trusted_proxies: tuple[str, ...] = ()
    storage_url: str = ""  # "" = the local folder <data_dir>/private; s3://bucket/prefix = object storage
    storage_endpoint_url: str = ""
    storage_region: str = ""
    storage_access_key: str = ""
    storage_secret_key: str = ""

    @property
    def storage_backend(self) -> str:
        """Where private files go: ``local`` or ``s3``."""
        return "s3" if self.storage_url else "local"

    @property
    def storage_bucket_prefix(self) -> tuple[str, str]:
        """The bucket and the prefix (no slash at either end) of ``storage_url``."""
        m = S3_URL.fullmatch(self.storage_url)
        return (m.group(1), (m.group(2) or "").strip("/")) if m else ("", "")

    @property
    def is_production(self) -> bool:
        """Whether the app runs with production rules."""
        return self.env == PRODUCTION

    @property
    def dev_mailbox(self) -> bool:
        """Whether /dev/mail exists at all: development only (it still answers loopback clients only)."""
        return not self.is_production

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


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _is_loopback_origin(origin: str) -> bool:
    parts = urlsplit(origin)
    return parts.scheme in ("http", "https") and (parts.hostname or "") in LOOPBACK_HOSTS


def _cors_origins(env: str, base_url: str) -> tuple[str, ...]:
    """Origins allowed on the websocket and the API: never '*'; localhost only in development."""
    listed = [o.strip().rstrip("/") for o in _env("CORS_ORIGINS").split(",") if o.strip()]
    if "*" in listed:
        raise SettingsError("HUBPRO_CORS_ORIGINS must list origins (https://exemple.fr,…), '*' is refused")
    if env == PRODUCTION:
        return tuple(listed) or (_origin(base_url),)
    if foreign := [o for o in listed if not _is_loopback_origin(o)]:
        raise SettingsError(f"HUBPRO_CORS_ORIGINS accepts only localhost origins in development, not {foreign}")
    port = os.environ.get("PORT", "3000")
    defaults = [f"http://{host}:{port}" for host in ("localhost", "127.0.0.1", "[::1]")]
    if _is_loopback_origin(base_url):
        defaults.insert(0, _origin(base_url))
    return tuple(dict.fromkeys(listed or defaults))


def _addresses(name: str, default: str) -> tuple[str, ...]:
    """A comma-separated list of IP addresses or networks (``10.0.0.0/8``), each checked."""
    import ipaddress

    listed = tuple(a.strip() for a in _env(name, default).split(",") if a.strip())
    for address in listed:
        try:
            ipaddress.ip_network(address, strict=False)
        except ValueError:
            raise SettingsError(f"HUBPRO_{name}: {address!r} is not an IP address or network") from None
    return listed


def _log_format(env: str) -> str:
    value = _env("LOG_FORMAT", "json" if env == PRODUCTION else "text").lower()
    if value not in ("json", "text"):
        raise SettingsError(f"HUBPRO_LOG_FORMAT must be json or text, not {value!r}")
    return value


def _check_production(base_url: str, smtp_host: str) -> None:
    if not base_url.startswith("https://"):
        raise SettingsError("HUBPRO_BASE_URL must start with https:// in production (cookies need the Secure flag)")
    if not smtp_host:
        raise SettingsError("HUBPRO_SMTP_HOST is required in production (the development mailbox does not exist there)")


def _storage(env: str) -> dict[str, str]:
    """The file-storage settings: empty (the local folder) or a whole S3 configuration."""
    values = {"storage_url": _env("STORAGE_URL")} | {f"storage_{n.lower()}": _env(f"STORAGE_{n}") for n in STORAGE_VARS}
    url = values["storage_url"]
    if not url:
        if env == PRODUCTION and (given := [f"HUBPRO_STORAGE_{n}" for n in STORAGE_VARS if _env(f"STORAGE_{n}")]):
            raise SettingsError(f"HUBPRO_STORAGE_URL is missing while {', '.join(given)} is set")
        return {}
    if not S3_URL.fullmatch(url) or "//" in url[5:]:
        raise SettingsError(f"HUBPRO_STORAGE_URL must read s3://bucket/prefix (bucket in lower case), not {url!r}")
    if bool(values["storage_access_key"]) != bool(values["storage_secret_key"]):
        raise SettingsError("HUBPRO_STORAGE_ACCESS_KEY and HUBPRO_STORAGE_SECRET_KEY go together")
    if env == PRODUCTION:
        if not values["storage_region"]:
            raise SettingsError("HUBPRO_STORAGE_REGION is required in production with HUBPRO_STORAGE_URL")
        if not values["storage_access_key"]:
            raise SettingsError("HUBPRO_STORAGE_ACCESS_KEY and HUBPRO_STORAGE_SECRET_KEY are required in production")
        endpoint = values["storage_endpoint_url"]
        if endpoint and not endpoint.startswith("https://") and not _is_loopback_origin(endpoint):
            raise SettingsError("HUBPRO_STORAGE_ENDPOINT_URL must start with https:// in production (or be localhost)")
    return values


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
    if env == PRODUCTION:
        _check_production(base_url, _env("SMTP_HOST"))
    rounds = int(_env("BCRYPT_ROUNDS", str(MIN_BCRYPT_ROUNDS)))
    if env == PRODUCTION and rounds < MIN_BCRYPT_ROUNDS:
        raise SettingsError(f"HUBPRO_BCRYPT_ROUNDS must be at least {MIN_BCRYPT_ROUNDS}")
    origins = _cors_origins(env, base_url)
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
        cors_origins=origins,
        stripe_secret_key=stripe_key or "sk_test_hubpro_sandbox",
        stripe_publishable_key=_env("STRIPE_PUBLISHABLE_KEY") or "pk_test_hubpro_sandbox",
        stripe_webhook_secret=_webhook_secret(env, _is_sandbox(stripe_key, api_base)),
        stripe_api_base=api_base.rstrip("/"),
        stripe_webhook_url=_env("STRIPE_WEBHOOK_URL") or f"{base_url.rstrip('/')}/api/stripe/webhook",
        log_format=_log_format(env),
        metrics_allow=_addresses("METRICS_ALLOW", "127.0.0.1,::1"),
        metrics_trusted_proxies=_addresses("METRICS_TRUSTED_PROXIES", ""),
        **_storage(env),
        rate_limit_storage=_env("RATE_LIMIT_STORAGE") or os.environ.get("REFLEX_REDIS_URL", "").strip() or "memory://",
        stripe_js_url=_env("STRIPE_JS_URL")
        or (f"{api_base.rstrip('/')}/js.stripe.com/v3/" if "localhost" in api_base else "https://js.stripe.com/v3/"),
    )


@functools.cache
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return load_settings()
