"""Small steps shared by the journeys."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import AGENT_EMAIL, AGENT_PASSWORD

STRONG = "Routier-2026!Sûr"


def goto(page: Page, path: str) -> None:
    """Open a path and wait until the page is hydrated (events reach the server)."""
    page.goto(path)
    page.wait_for_selector('main[data-ready="1"]')


def fill_signup(page: Page, email: str, **overrides: str) -> None:
    """Fill the « Particulier » form with valid data (overrides by field key)."""
    values = {
        "birth_name": "Martin",
        "first_names": "Jean",
        "birth_date": "1985-06-15",
        "birth_city": "Lyon",
        "birth_country": "France",
        "email": email,
        "email_confirmation": email,
        "phone": "06 12 34 56 78",
        "address": "12 rue des Lilas",
        "postal_code": "69003",
        "city": "Lyon",
        "licence_number": "13AB12345",
    }
    values.update(overrides)
    page.select_option("#f-civility", overrides.get("civility", "m"))
    page.select_option("#f-licence_type", overrides.get("licence_type", "eu_card"))
    for key, value in values.items():
        if key in ("civility", "licence_type"):
            continue
        if key == "birth_date":  # « Jour », « Mois », « Année »
            year, month, day = value.split("-") if value else ("", "", "")
            for part, typed in (("day", day), ("month", month), ("year", year)):
                page.fill(f"#f-birth_date-{part}", typed)
            continue
        page.fill(f"#f-{key}", value)


def tick_consents(page: Page, count: int = 4) -> None:
    """Tick the first `count` consent boxes."""
    for key in ["consent_privacy", "consent_terms", "consent_accuracy", "consent_processing"][:count]:
        page.check(f"#f-{key}")


def mail_link(page: Page, to: str, label: str) -> str:
    """The URL of the newest link called `label` in the dev mailbox for `to`."""
    for _ in range(20):
        goto(page, "/dev/mail")
        link = page.locator(f'article.dev-message[data-to="{to}"] a.mail-link', has_text=label)
        if link.count():
            return link.first.get_attribute("href")
        page.wait_for_timeout(500)
    raise AssertionError(f"no « {label} » email for {to}")


def agent_login(page: Page) -> None:
    """Sign in to /agent."""
    goto(page, "/agent")
    page.fill("#agent-email", AGENT_EMAIL)
    page.fill("#agent-password", AGENT_PASSWORD)
    page.click("#agent-login")
    expect(page.locator("h1")).to_have_text("Comptes à analyser")


def open_account_in_queue(page: Page, name: str) -> None:
    """Open an account from « Comptes à analyser »."""
    page.locator("#queue a", has_text=name).first.click()
    page.wait_for_url(re.compile(r"/agent/comptes/[0-9a-f]{32}"))
    expect(page.locator("#account-status")).to_be_visible()


def driver_login(page: Page, email: str, password: str = STRONG) -> None:
    """Sign in as a driver and land in the space."""
    goto(page, "/connexion")
    page.fill("#f-email", email)
    page.fill("#f-password", password)
    page.click("#login")
    page.wait_for_url(re.compile(r"/espace/?$"))
    expect(page.locator("h1")).to_contain_text("Bonjour")


def download(page: Page, link: Locator) -> tuple[str, bytes]:
    """Click a « Télécharger » link as a driver does; returns the browser's file name and the file."""
    with page.expect_download() as info:
        link.click()
    return info.value.suggested_filename, Path(info.value.path()).read_bytes()
