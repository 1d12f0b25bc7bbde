"""One journey on 3 workers (PostgreSQL + Redis): sign-up, validation, password, sign-in, a card request
draft; then every outbox message was delivered exactly once although each worker runs a dispatcher."""

from __future__ import annotations

import re
import time
from email import message_from_bytes, policy

from playwright.sync_api import expect

from tests.e2e.helpers import (
    STRONG,
    agent_login,
    driver_login,
    fill_signup,
    goto,
    mail_link,
    open_account_in_queue,
    tick_consents,
)
from tests.e2e.test_trainings_journey import _key, _post, _training
from tests.e2e_multi.conftest import WORKERS

LAPTOP = {"width": 1280, "height": 800}
EMAIL = "plusieurs.workers@example.fr"


def _all_sent(server, timeout: float = 60) -> list[tuple]:
    """The outbox rows once none is waiting any more (the dispatchers run every second)."""
    deadline = time.monotonic() + timeout
    while server.sql("SELECT count(*) FROM outboxmessage WHERE sent_at IS NULL") != [(0,)]:
        assert time.monotonic() < deadline, server.sql("SELECT id, attempts, last_error FROM outboxmessage")
        time.sleep(0.5)
    return server.sql("SELECT id, channel, recipient FROM outboxmessage ORDER BY id")


def test_journey_on_three_workers_sends_each_message_once(server, smtp, new_page):
    log = (server.data / "server.log").read_text()
    assert len(set(re.findall(r"outbox dispatcher started in process (\d+)", log))) == WORKERS, log[-3000:]

    page = new_page()
    goto(page, "/")
    page.click("#go-signup")
    page.click("#profile-particulier")
    page.wait_for_selector('main[data-ready="1"] #f-birth_name')
    fill_signup(page, EMAIL)
    tick_consents(page)
    page.click("#create")
    page.wait_for_url("**/creer-un-compte/envoye")

    agent = new_page(LAPTOP)
    agent_login(agent)
    open_account_in_queue(agent, "MARTIN Jean")
    agent.click("#validate")
    expect(agent.locator("#account-status")).to_contain_text("Validé")

    goto(page, mail_link(page, EMAIL, "Créer mon mot de passe"))
    page.fill("#f-password", STRONG)
    page.fill("#f-confirmation", STRONG)
    page.click("#save-password")
    page.wait_for_url("**/mot-de-passe/enregistre")
    driver_login(page, EMAIL)

    key = _key(server, "55566677700022", "2024-BRE-0031")
    training = _training("MARTIN", first_names="Jean", birth_date="1985-06-15", licence_number="13AB12345")
    status, created = _post(server, key, training)
    assert status == 201 and created["matched_to_account"] is True

    page.get_by_role("link", name="Mes demandes").click()
    page.click("#tile-cqc")
    page.click("#start")
    page.wait_for_url(re.compile(r"/espace/demandes/[0-9a-f]{32}"))
    page.check("#f-identity_confirmed")
    page.click("#next-identity")
    expect(page.locator("#step-count")).to_have_text("Étape 2 sur 4")
    page.reload()  # whichever worker answers, the draft is where the driver left it
    page.wait_for_selector('main[data-ready="1"] #step-count')
    expect(page.locator("#step-count")).to_have_text("Étape 2 sur 4")
    assert server.sql("SELECT status FROM cardrequest") == [("draft",)]

    rows = _all_sent(server)
    emails = [r for r in rows if r[1] == "email"]
    assert len(emails) >= 3  # at least « en cours d'analyse », « validé » and the certificate
    ok = server.sql("SELECT message_id, count(*) FROM outboxattempt WHERE ok GROUP BY message_id ORDER BY 1")
    assert ok == [(r[0], 1) for r in rows]  # each message exactly one successful attempt
    assert server.sql("SELECT count(*) FROM outboxattempt") == [(len(rows),)]
    envelopes = smtp.handler.envelopes
    assert sorted(to for e in envelopes for to in e.rcpt_tos) == sorted(r[2] for r in emails)
    ids = [message_from_bytes(e.original_content, policy=policy.default)["Message-ID"] for e in envelopes]
    assert len(set(ids)) == len(emails)
