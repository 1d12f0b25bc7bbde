"""« Supervision » on the running app: liveness, readiness, and metrics that move when a real event is handled."""

from __future__ import annotations

import json
import urllib.request

from prometheus_client.parser import text_string_to_metric_families

from tests.e2e.sockets import event, exchange, handler


def _get_json(url: str) -> tuple[int, dict]:
    with urllib.request.urlopen(url, timeout=10) as resp:
        return resp.status, json.loads(resp.read())


def _metrics(server) -> dict[tuple[str, tuple], float]:
    with urllib.request.urlopen(server.base_url.replace("localhost", "127.0.0.1") + "/api/metrics", timeout=10) as resp:
        text = resp.read().decode()
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def test_health_ready_and_metrics_of_a_failed_sign_in(server):
    assert _get_json(server.base_url + "/api/health") == (200, {"status": "ok"})
    status, ready = _get_json(server.base_url + "/api/ready")
    assert status == 200 and ready["checks"]["database"]["ok"] and ready["checks"]["storage"]["ok"]

    failed = ("hubpro_logins_total", (("outcome", "failed"), ("role", "driver")))
    before = _metrics(server)
    form = {"form_data": {"email": "personne@example.fr", "password": "Pas-le-bon-2026!"}}
    exchange(server.base_url, [event(handler("login", "login_state", "login"), "/connexion", form)],
             until=lambda updates: "incorrect" in json.dumps(updates, ensure_ascii=False))  # fmt: skip
    after = _metrics(server)
    assert after[failed] == before[failed] + 1
    timed = ("hubpro_event_duration_seconds_count", (("handler", "LoginState.login"),))
    assert after[timed] >= before.get(timed, 0) + 1
    assert after[("hubpro_database_metrics_up", ())] == 1
    assert "Pas-le-bon-2026!" not in server.log.read_text()  # the typed password never reaches the log
