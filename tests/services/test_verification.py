"""QR verification tokens of certificates and cards, the public check, share codes (SQLite / PostgreSQL)."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from pypdf import PdfReader
from sqlmodel import select

from hubpro import storage
from hubpro.domain.dates import now
from hubpro.models import Card, Certificate, Driver, ShareCode, StoredFile, VerificationCheck, VerificationToken
from hubpro.services import auth, card_pdfs, ratelimit, sharing, verification
from hubpro.services.errors import NotFound, Refused
from tests import seed

TOKEN_URL = re.compile(r"http://hubpro\.test/verifier/([A-Za-z0-9_-]{32})")


def _driver(db, email="verif@example.fr", name="Dupré"):
    seed.validated_driver(db, email, name=name, password="Routier-2026!Sûr")
    return db.exec(select(Driver).where(Driver.email == email)).one()


def _pdf_text(data: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).replace("\n", "")


def _certificate_token(db, driver) -> str:
    cert = db.exec(select(Certificate).where(Certificate.driver_id == driver.id)).one()
    row = db.get(StoredFile, cert.file_id)
    found = TOKEN_URL.search(_pdf_text(storage.read(row.storage_key, row.sha256)))
    assert found, "the certificate PDF prints its verification URL under the QR code"
    return found.group(1)


def test_certificate_pdf_carries_a_token_stored_hashed_only(db):
    driver = _driver(db)
    seed.certificate(db, driver)
    token = _certificate_token(db, driver)
    rows = db.exec(select(VerificationToken)).all()
    assert len(rows) == 1 and rows[0].kind == "certificate"
    assert token not in (rows[0].token_hash, rows[0].salt)
    assert verification.token_of(rows[0]) == token


def test_check_of_a_valid_certificate_shows_only_what_a_check_needs(db):
    driver = _driver(db)
    seed.certificate(db, driver)
    result = verification.check(db, token=_certificate_token(db, driver), address="10.0.0.1")
    assert result.found and result.state == "Valide" and result.ok
    assert result.kind == "Certificat de qualification"
    assert result.holder == "Lucie DUPRÉ" and result.born == "28/02/1990" and result.sectors == "Marchandises"
    assert re.fullmatch(r"le \d\d/\d\d/\d{4} à \d\d:\d\d", result.checked_at)
    assert "licence" not in str(result).lower() and "900544123456" not in str(result)
    log = db.exec(select(VerificationCheck)).one()
    assert log.outcome == "found" and log.state == "VALID" and log.token_id is not None


def test_card_declared_lost_reads_declared_lost_at_once(db):
    driver = _driver(db)
    seed.shipped_card(db, driver.email)
    card = db.exec(select(Card).where(Card.driver_id == driver.id)).one()
    token = verification.card_tokens(db, driver_id=driver.id)[card.id]
    assert verification.check(db, token=token, address="a").state == "Valide"
    card.status = "declared_lost"
    db.add(card)
    db.commit()
    assert verification.check(db, token=token, address="a").state == "Déclaré perdu"
    assert verification.card_tokens(db, driver_id=driver.id)[card.id] == token  # same QR code every time
    counts = verification.check_counts(db, driver_id=driver.id)
    assert counts[("card", card.id)] == 2


def test_certificate_reads_replaced_once_its_card_is_shipped(db):
    driver = _driver(db)
    seed.shipped_card(db, driver.email)
    result = verification.check(db, token=_certificate_token(db, driver), address="a")
    assert result.state == "Remplacé"


@pytest.mark.parametrize("token", ["", "nope", "x" * 300, "../../etc/passwd", "A" * 32])
def test_unknown_token_reads_not_found_and_is_logged(db, token):
    result = verification.check(db, token=token, address="a")
    assert not result.found and result.state == "" and result.checked_at
    assert db.exec(select(VerificationCheck.outcome)).all() == ["not_found"]


def test_revoked_token_reads_not_found(db):
    driver = _driver(db)
    seed.certificate(db, driver)
    token = _certificate_token(db, driver)
    assert verification.revoke(db, token=token)
    assert not verification.check(db, token=token, address="a").found


def test_checks_are_rate_limited_per_address(db):
    for _ in range(30):
        assert not verification.check(db, token="A" * 32, address="1.2.3.4").limited
    limited = verification.check(db, token="A" * 32, address="1.2.3.4")
    assert limited.limited.startswith("Trop de demandes") and not limited.found
    assert not verification.check(db, token="A" * 32, address="5.6.7.8").limited


def test_card_pdf_only_for_its_owner_and_carries_the_qr_url(db):
    driver = _driver(db)
    other = _driver(db, "other@example.fr", name="Autre")
    seed.shipped_card(db, driver.email)
    card = db.exec(select(Card).where(Card.driver_id == driver.id)).one()
    data, number = card_pdfs.card_pdf(db, driver_id=driver.id, card_public_id=card.public_id)
    assert number == card.number and data.startswith(b"%PDF")
    text = _pdf_text(data)
    token = TOKEN_URL.search(text).group(1)
    assert verification.check(db, token=token, address="a").kind == "Carte de qualification de conducteur"
    assert card_pdfs.card_pdf(db, driver_id=other.id, card_public_id=card.public_id) is None
    assert card_pdfs.card_pdf(db, driver_id=driver.id, card_public_id="nope") is None


def test_purged_certificate_token_reads_not_found(db):
    from hubpro.services import documents

    driver = _driver(db)
    seed.certificate(db, driver)
    token = _certificate_token(db, driver)
    documents.purge_continuing(db, today=now().date() + timedelta(days=366 * 7))
    assert not verification.check(db, token=token, address="a").found


# --- share codes ---------------------------------------------------------------------------------------


def test_share_code_opens_the_summary_with_the_birth_name_and_is_logged(db):
    driver = _driver(db)
    seed.shipped_card(db, driver.email)
    code = sharing.create_code(db, driver_id=driver.id)
    assert len(code) == 8
    assert db.exec(select(ShareCode.code_hash)).one() != code
    summary = sharing.open_summary(db, code=code.lower()[:4] + "-" + code[4:], birth_name=" dupre ", address="a")
    assert summary.holder == "Lucie DUPRÉ"
    assert summary.sectors[0].startswith("Marchandises : valide jusqu'au ")
    assert summary.card.startswith("FR") and summary.card.endswith("Valide")
    assert [t.type for t in summary.trainings] and summary.trainings[0].centre == "Centre E2E"
    assert summary.trainings[0].hours.endswith(" h")
    codes = sharing.codes_in_force(db, driver_id=driver.id)
    assert len(codes) == 1 and codes[0].hint == "…" + code[-4:]
    assert len(codes[0].views) == 1 and codes[0].views[0].startswith("Consulté le ")


def test_wrong_name_expired_and_revoked_codes_get_one_message(db):
    driver = _driver(db)
    code = sharing.create_code(db, driver_id=driver.id)
    with pytest.raises(sharing.WrongCode) as wrong:
        sharing.open_summary(db, code=code, birth_name="Martin", address="a")
    assert wrong.value.message == sharing.WRONG
    with pytest.raises(sharing.WrongCode):
        sharing.open_summary(db, code="ABCDEFGH", birth_name="Dupré", address="a")
    with pytest.raises(sharing.WrongCode):
        sharing.open_summary(db, code={"x": 1}, birth_name=None, address="a")  # type: ignore[arg-type]
    row = db.exec(select(ShareCode)).one()
    row.created_at = now() - timedelta(days=21, seconds=1)
    db.add(row)
    db.commit()
    with pytest.raises(sharing.WrongCode):
        sharing.open_summary(db, code=code, birth_name="Dupré", address="b")
    assert sharing.codes_in_force(db, driver_id=driver.id) == []
    code2 = sharing.create_code(db, driver_id=driver.id)
    listed = sharing.codes_in_force(db, driver_id=driver.id)
    sharing.revoke_code(db, driver_id=driver.id, public_id=listed[0].public_id)
    with pytest.raises(sharing.WrongCode):
        sharing.open_summary(db, code=code2, birth_name="Dupré", address="c")


def test_revoke_only_own_codes(db):
    driver = _driver(db)
    other = _driver(db, "other@example.fr", name="Autre")
    sharing.create_code(db, driver_id=driver.id)
    pid = sharing.codes_in_force(db, driver_id=driver.id)[0].public_id
    for bad in (pid, "x" * 500, None):
        with pytest.raises(NotFound):
            sharing.revoke_code(db, driver_id=other.id, public_id=bad)  # type: ignore[arg-type]
    assert len(sharing.codes_in_force(db, driver_id=driver.id)) == 1


def test_wrong_pairs_are_throttled_even_for_the_right_pair_then(db):
    driver = _driver(db)
    code = sharing.create_code(db, driver_id=driver.id)
    for _ in range(5):
        with pytest.raises(sharing.WrongCode):
            sharing.open_summary(db, code=code, birth_name="Nope", address="9.9.9.9")
    with pytest.raises(Refused) as limited:
        sharing.open_summary(db, code=code, birth_name="Dupré", address="9.9.9.9")
    assert not isinstance(limited.value, sharing.WrongCode)
    assert limited.value.message.startswith("Trop de demandes")


def test_successful_checks_do_not_spend_the_budget(db):
    driver = _driver(db)
    code = sharing.create_code(db, driver_id=driver.id)
    for _ in range(8):
        sharing.open_summary(db, code=code, birth_name="Dupre", address="7.7.7.7")


def test_at_most_five_codes_in_force(db):
    driver = _driver(db)
    for _ in range(sharing.MAX_IN_FORCE):
        sharing.create_code(db, driver_id=driver.id)
    with pytest.raises(sharing.TooMany):
        sharing.create_code(db, driver_id=driver.id)
    assert auth  # imported for parity with other service tests
    assert ratelimit.SHARE.name == "share"


def _client(db, email):
    from starlette.testclient import TestClient

    from hubpro.api import api

    result = auth.login(db, role="driver", email=email, password="Routier-2026!Sûr", ip="10.0.0.9")
    client = TestClient(api, follow_redirects=False)
    client.cookies.set("hubpro_sid", auth.exchange_ticket(db, result.ticket)[1])
    return client


def test_card_pdf_route_for_the_owner_only(db):
    from starlette.testclient import TestClient

    from hubpro import routes
    from hubpro.api import api

    driver = _driver(db)
    _driver(db, "intrus@example.fr", name="Intrus")
    seed.shipped_card(db, driver.email)
    card = db.exec(select(Card).where(Card.driver_id == driver.id)).one()
    path = routes.card_pdf(card.public_id)
    got = _client(db, driver.email).get(path + routes.DOWNLOAD_QUERY)
    assert got.status_code == 200 and got.headers["content-type"] == "application/pdf"
    assert got.headers["content-disposition"].startswith(f'attachment; filename="carte-{card.number}.pdf"')
    assert got.headers["cache-control"] == "private, no-store"
    assert _client(db, "intrus@example.fr").get(path).status_code == 404
    assert TestClient(api).get(path).status_code == 404
    assert _client(db, driver.email).get(routes.card_pdf("../../x")).status_code == 404


def test_cards_view_shows_the_qr_of_the_same_token(db):
    from hubpro.services.views.cards import driver_cards

    driver = _driver(db)
    seed.shipped_card(db, driver.email)
    [shown] = driver_cards(db, driver_id=driver.id)
    assert shown.qr.startswith("data:image/svg+xml")
    assert shown.pdf.startswith("/api/cartes/") and shown.pdf.endswith(".pdf")
    [again] = driver_cards(db, driver_id=driver.id)
    assert again.qr == shown.qr
    assert len(db.exec(select(VerificationToken)).all()) == 2  # the certificate's and the card's


def test_document_checks_lists_cards_and_certificates(db):
    driver = _driver(db)
    seed.shipped_card(db, driver.email)
    card = db.exec(select(Card).where(Card.driver_id == driver.id)).one()
    verification.check(db, token=verification.card_tokens(db, driver_id=driver.id)[card.id], address="a")
    lines = verification.document_checks(db, driver_id=driver.id)
    assert [(line.label.split()[0], line.count) for line in lines] == [
        ("Carte", "vérifié 1 fois"),
        ("Certificat", "jamais vérifié"),
    ]
