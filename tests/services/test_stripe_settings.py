"""Stripe settings: the public sandbox webhook secret never serves outside the sandbox."""

from __future__ import annotations

import pytest

from hubpro.settings import SANDBOX_WEBHOOK_SECRET, SettingsError, load_settings

PRODUCTION = {
    "HUBPRO_ENV": "production",
    "HUBPRO_SECRET_KEY": "x" * 40,
    "HUBPRO_BASE_URL": "https://hubpro.example.fr",
    "HUBPRO_STRIPE_SECRET_KEY": "sk_live_abcdef",
    "HUBPRO_STRIPE_API_BASE": "",
    "HUBPRO_BCRYPT_ROUNDS": "12",
}


def _env(monkeypatch, **values: str) -> None:
    for key, value in values.items():
        monkeypatch.setenv(key, value)


def test_the_sandbox_keeps_its_public_webhook_secret(monkeypatch):
    s = load_settings()
    assert s.payment_sandbox and s.stripe_webhook_secret == SANDBOX_WEBHOOK_SECRET


def test_production_refuses_to_start_without_a_webhook_secret(monkeypatch):
    _env(monkeypatch, **PRODUCTION)
    monkeypatch.delenv("HUBPRO_STRIPE_WEBHOOK_SECRET", raising=False)
    with pytest.raises(SettingsError, match="HUBPRO_STRIPE_WEBHOOK_SECRET"):
        load_settings()


def test_production_refuses_the_public_sandbox_secret(monkeypatch):
    _env(monkeypatch, **PRODUCTION, HUBPRO_STRIPE_WEBHOOK_SECRET=SANDBOX_WEBHOOK_SECRET)
    with pytest.raises(SettingsError, match="HUBPRO_STRIPE_WEBHOOK_SECRET"):
        load_settings()


def test_production_in_the_sandbox_still_needs_its_own_secret(monkeypatch):
    sandbox = {"HUBPRO_STRIPE_SECRET_KEY": "sk_test_x", "HUBPRO_STRIPE_API_BASE": "http://localhost:8420"}
    _env(monkeypatch, **{**PRODUCTION, **sandbox})
    monkeypatch.delenv("HUBPRO_STRIPE_WEBHOOK_SECRET", raising=False)
    with pytest.raises(SettingsError, match="HUBPRO_STRIPE_WEBHOOK_SECRET"):
        load_settings()


def test_development_against_real_stripe_needs_a_webhook_secret(monkeypatch):
    _env(monkeypatch, HUBPRO_STRIPE_SECRET_KEY="sk_test_real_account", HUBPRO_STRIPE_API_BASE="")
    monkeypatch.delenv("HUBPRO_STRIPE_WEBHOOK_SECRET", raising=False)
    with pytest.raises(SettingsError, match="HUBPRO_STRIPE_WEBHOOK_SECRET"):
        load_settings()
    monkeypatch.setenv("HUBPRO_STRIPE_WEBHOOK_SECRET", "whsec_from_the_dashboard")
    s = load_settings()
    assert not s.payment_sandbox and s.stripe_webhook_secret == "whsec_from_the_dashboard"


def test_production_with_its_secret_starts(monkeypatch):
    _env(monkeypatch, **PRODUCTION, HUBPRO_STRIPE_WEBHOOK_SECRET="whsec_from_the_dashboard")
    s = load_settings()
    assert s.is_production and s.stripe_webhook_secret == "whsec_from_the_dashboard"
