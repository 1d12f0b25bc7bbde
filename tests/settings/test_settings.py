"""Production refuses unsafe settings with a clear message; development stays on localhost."""

from __future__ import annotations

import pytest

from hubpro.settings import SettingsError, load_settings

PRODUCTION = {
    "HUBPRO_ENV": "production",
    "HUBPRO_SECRET_KEY": "s" * 48,
    "HUBPRO_BASE_URL": "https://hubpro.example.fr",
    "HUBPRO_SMTP_HOST": "smtp.example.fr",
    "HUBPRO_STRIPE_SECRET_KEY": "sk_live_example",
    "HUBPRO_STRIPE_WEBHOOK_SECRET": "whsec_example_production",
}


@pytest.fixture
def env(monkeypatch, tmp_path):
    """A clean HUBPRO_* environment; returns a setter."""
    import os

    for key in list(os.environ):
        if key.startswith("HUBPRO_"):
            monkeypatch.delenv(key)
    monkeypatch.delenv("PORT", raising=False)
    monkeypatch.setenv("HUBPRO_DATA_DIR", str(tmp_path))

    def set_env(values: dict[str, str]) -> None:
        for key, value in values.items():
            if value is None:
                monkeypatch.delenv(key, raising=False)
            else:
                monkeypatch.setenv(key, value)

    return set_env


def test_a_safe_production_configuration_loads(env):
    env(PRODUCTION)
    settings = load_settings()
    assert settings.is_production and settings.secure_cookies
    assert settings.cors_origins == ("https://hubpro.example.fr",)
    assert settings.dev_mailbox is False


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"HUBPRO_CORS_ORIGINS": "*"}, "'*' is refused"),
        ({"HUBPRO_CORS_ORIGINS": "https://hubpro.example.fr, *"}, "'*' is refused"),
        ({"HUBPRO_BASE_URL": "http://hubpro.example.fr"}, "must start with https://"),
        ({"HUBPRO_SMTP_HOST": None}, "HUBPRO_SMTP_HOST is required in production"),
        ({"HUBPRO_SMTP_HOST": "  "}, "HUBPRO_SMTP_HOST is required in production"),
    ],
)
def test_production_refuses_unsafe_settings(env, override, message):
    env({**PRODUCTION, **override})
    with pytest.raises(SettingsError, match=message):
        load_settings()


def test_development_allows_only_localhost_origins(env):
    env({"PORT": "3999"})
    settings = load_settings()
    assert "*" not in settings.cors_origins
    assert settings.cors_origins == ("http://localhost:3999", "http://127.0.0.1:3999", "http://[::1]:3999")
    assert settings.dev_mailbox is True

    env({"HUBPRO_CORS_ORIGINS": "http://localhost:3000,http://127.0.0.1:8000"})
    assert load_settings().cors_origins == ("http://localhost:3000", "http://127.0.0.1:8000")

    env({"HUBPRO_CORS_ORIGINS": "http://localhost:3000,https://evil.example"})
    with pytest.raises(SettingsError, match="only localhost origins in development"):
        load_settings()
    env({"HUBPRO_CORS_ORIGINS": "*"})
    with pytest.raises(SettingsError, match="'\\*' is refused"):
        load_settings()


def test_development_ignores_a_public_base_url_for_origins(env):
    env({"HUBPRO_BASE_URL": "http://hubpro.test", "PORT": "3001"})
    assert "http://hubpro.test" not in load_settings().cors_origins


def test_logs_are_json_in_production_and_text_in_development(env):
    env(PRODUCTION)
    assert load_settings().log_format == "json"
    env({"HUBPRO_LOG_FORMAT": "text"})
    assert load_settings().log_format == "text"
    env({**{k: None for k in PRODUCTION}, "HUBPRO_LOG_FORMAT": None})
    assert load_settings().log_format == "text"
    env({"HUBPRO_LOG_FORMAT": "xml"})
    with pytest.raises(SettingsError, match="HUBPRO_LOG_FORMAT"):
        load_settings()


def test_metrics_addresses_default_to_loopback_and_are_checked(env):
    env({})
    settings = load_settings()
    assert settings.metrics_allow == ("127.0.0.1", "::1") and settings.metrics_trusted_proxies == ()
    env({"HUBPRO_METRICS_ALLOW": "10.0.0.0/8, 192.0.2.4", "HUBPRO_METRICS_TRUSTED_PROXIES": "192.0.2.1"})
    settings = load_settings()
    assert settings.metrics_allow == ("10.0.0.0/8", "192.0.2.4") and settings.metrics_trusted_proxies == ("192.0.2.1",)
    env({"HUBPRO_METRICS_ALLOW": "prometheus.local"})
    with pytest.raises(SettingsError, match="HUBPRO_METRICS_ALLOW"):
        load_settings()


# --- file storage -----------------------------------------------------------------------------

S3 = {
    "HUBPRO_STORAGE_URL": "s3://hubpro-fichiers/prod",
    "HUBPRO_STORAGE_ENDPOINT_URL": "https://s3.fr-par.scw.cloud",
    "HUBPRO_STORAGE_REGION": "fr-par",
    "HUBPRO_STORAGE_ACCESS_KEY": "SCWEXAMPLEKEY",
    "HUBPRO_STORAGE_SECRET_KEY": "example-secret-key",
}


def test_storage_defaults_to_the_local_folder(env):
    env({})
    settings = load_settings()
    assert settings.storage_url == ""
    assert settings.storage_backend == "local"


def test_a_complete_s3_configuration_loads_in_production(env):
    env({**PRODUCTION, **S3})
    settings = load_settings()
    assert settings.storage_backend == "s3"
    assert settings.storage_bucket_prefix == ("hubpro-fichiers", "prod")
    assert settings.storage_endpoint_url == "https://s3.fr-par.scw.cloud"
    assert (settings.storage_region, settings.storage_access_key) == ("fr-par", "SCWEXAMPLEKEY")


def test_production_accepts_a_plain_http_endpoint_on_this_machine_only(env):
    env({**PRODUCTION, **S3, "HUBPRO_STORAGE_ENDPOINT_URL": "http://127.0.0.1:9000"})
    assert load_settings().storage_endpoint_url == "http://127.0.0.1:9000"


def test_a_bucket_without_prefix_is_accepted(env):
    env({"HUBPRO_STORAGE_URL": "s3://hubpro-fichiers"})
    assert load_settings().storage_bucket_prefix == ("hubpro-fichiers", "")


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"HUBPRO_STORAGE_REGION": None}, "HUBPRO_STORAGE_REGION is required"),
        ({"HUBPRO_STORAGE_ACCESS_KEY": None}, "HUBPRO_STORAGE_ACCESS_KEY and HUBPRO_STORAGE_SECRET_KEY"),
        ({"HUBPRO_STORAGE_SECRET_KEY": " "}, "HUBPRO_STORAGE_ACCESS_KEY and HUBPRO_STORAGE_SECRET_KEY"),
        ({"HUBPRO_STORAGE_ENDPOINT_URL": "http://s3.example.fr"}, "must start with https://"),
        ({"HUBPRO_STORAGE_URL": None}, "HUBPRO_STORAGE_URL is missing"),
        ({"HUBPRO_STORAGE_URL": "https://hubpro-fichiers/prod"}, "s3://bucket/prefix"),
        ({"HUBPRO_STORAGE_URL": "s3:///prod"}, "s3://bucket/prefix"),
        ({"HUBPRO_STORAGE_URL": "s3://Hub_Pro/prod"}, "s3://bucket/prefix"),
    ],
)
def test_production_refuses_incomplete_s3_settings(env, override, message):
    env({**PRODUCTION, **S3, **override})
    with pytest.raises(SettingsError, match=message):
        load_settings()


def test_development_refuses_half_a_key_pair_and_a_malformed_url(env):
    env({"HUBPRO_STORAGE_URL": "s3://hubpro-dev", "HUBPRO_STORAGE_ACCESS_KEY": "key"})
    with pytest.raises(SettingsError, match="HUBPRO_STORAGE_ACCESS_KEY and HUBPRO_STORAGE_SECRET_KEY"):
        load_settings()
    env({"HUBPRO_STORAGE_URL": "/srv/fichiers", "HUBPRO_STORAGE_ACCESS_KEY": None})
    with pytest.raises(SettingsError, match="s3://bucket/prefix"):
        load_settings()
