"""Bulk data for `bench/data_scale.py`: hubpro's tables filled with `generate_series` in PostgreSQL.

For N drivers (``:n``): driver d has 5 trainings (one FIMO, four FCO, each with its summary file), one
certificate (newest training), one CQC request whose status follows ``d % 1000`` (below), one card when the
request was produced, two account events, and every 20th driver a paid replacement payment with its invoice
(two files); every 100th an open notice on « Accueil ». 20 agents, 500 centres, N/10 old sessions.

Request statuses by ``d % 1000``: 0-1 sent, 2 in_review, 3 info_requested, 4 info_sent, 5-9 in_production,
10 awaiting_payment, 11-20 draft (documents attached to buckets 0-20), 21-40 cancelled, 41-45 rejected,
47 shipped with the card returned by La Poste (« pli non distribué »), the rest shipped. Accounts by
``d % 500``: 0 in_review, 1 validated, 2 to_correct, else active. So at 1 M drivers « Comptes à analyser »
holds 2 000 accounts and « Demandes à instruire » (sent, in_review, info_requested, info_sent) 5 000 requests.
"""

from __future__ import annotations

REQUEST_STATUS = """CASE WHEN d % 1000 <= 1 THEN 'sent' WHEN d % 1000 = 2 THEN 'in_review'
 WHEN d % 1000 = 3 THEN 'info_requested' WHEN d % 1000 = 4 THEN 'info_sent' WHEN d % 1000 <= 9 THEN 'in_production'
 WHEN d % 1000 = 10 THEN 'awaiting_payment' WHEN d % 1000 <= 20 THEN 'draft' WHEN d % 1000 <= 40 THEN 'cancelled'
 WHEN d % 1000 <= 45 THEN 'rejected' ELSE 'shipped' END"""

# (table, statement); files: 1..5N summaries, 5N+1..6N certificates, 6N+5(d-1)+k documents, 11N+2j invoices.
LOAD: list[tuple[str, str]] = [
    (
        "agent",
        """INSERT INTO agent (id, email, name, password_hash, active, created_at)
        SELECT a, 'scale-agent-' || a || '@hubpro.test', 'Agent ' || a, 'x', true, now()
        FROM generate_series(1, 20) a""",
    ),
    (
        "trainingcentre",
        """INSERT INTO trainingcentre (id, public_id, name, siret, agrement, region, active, created_at)
        SELECT c, md5('centre' || c), 'Centre de formation ' || c, lpad(c::text, 14, '0'), 'AGR-' || c,
               'Bretagne', true, now()
        FROM generate_series(1, 500) c""",
    ),
    (
        "driver",
        """INSERT INTO driver (id, public_id, status, civility, birth_name, usage_name, first_names, birth_date,
            birth_city, birth_country, email, phone, address, postal_code, city, licence_type, licence_number,
            consent_privacy_at, consent_terms_at, consent_accuracy_at, consent_processing_at, corrections,
            password_hash, created_at, submitted_at, updated_at)
        SELECT d, md5('driver' || d),
               CASE d % 500 WHEN 0 THEN 'in_review' WHEN 1 THEN 'validated' WHEN 2 THEN 'to_correct' ELSE 'active' END,
               'm', 'MARTIN', '', 'Jean', date '1960-01-01' + d % 14000, 'Lyon', 'France',
               'd' || d || '@scale.hubpro.test', '0612345678', (d % 200 + 1) || ' rue des Lilas', '69003', 'Lyon',
               'eu_card', '13AB' || lpad(d::text, 7, '0'), ts, ts, ts, ts, '{}'::json, NULL, ts, ts, ts
        FROM generate_series(1, :n) d, LATERAL (SELECT now() - make_interval(secs => (:n - d) * 30) AS ts) t""",
    ),
    (
        "accountevent",
        """INSERT INTO accountevent (driver_id, at, actor_kind, actor_id, action, from_status, to_status,
            detail)
        SELECT d, now(), 'driver', d, 'created', '', 'in_review', '{}'::json FROM generate_series(1, :n) d
        UNION ALL
        SELECT d, now(), 'agent', 1, 'validated', 'in_review', 'validated', '{}'::json
        FROM generate_series(1, :n) d WHERE d % 500 <> 0""",
    ),
    (
        "storedfile",
        """INSERT INTO storedfile (id, public_id, kind, driver_id, storage_key, sha256, size, content_type,
            filename, created_at)
        SELECT f, md5('file' || f), CASE WHEN f <= 5 * :n THEN 'training_summary' ELSE 'certificate' END,
               (f - 1) % :n + 1, 'scale/' || f, md5(f::text) || md5(f::text), 2048, 'application/pdf',
               'document-' || f || '.pdf', now()
        FROM generate_series(1, 6 * :n) f""",
    ),
    (
        "training",
        """INSERT INTO training (id, public_id, centre_id, driver_id, type, sector, start_date, end_date,
            hours, session_reference, birth_name, first_names, birth_date, licence_number, issued_on, summary_file_id,
            created_at)
        SELECT t, md5('training' || t), t % 500 + 1, d, CASE WHEN k = 0 THEN 'fimo' ELSE 'fco' END,
               CASE WHEN d % 10 = 0 THEN 'voyageurs' ELSE 'marchandises' END,
               e - CASE WHEN k = 0 THEN 30 ELSE 4 END, e, CASE WHEN k = 0 THEN 140 ELSE 35 END, 'S' || t, 'MARTIN',
               'Jean', date '1960-01-01' + d % 14000, '13AB' || lpad(d::text, 7, '0'), e, t, now()
        FROM generate_series(1, 5 * :n) t,
             LATERAL (SELECT (t - 1) % :n + 1 AS d, (t - 1) / :n AS k) x,
             LATERAL (SELECT current_date - (4 - k) * 1700 - (d % 300) - 2 AS e) y""",
    ),
    (
        "certificate",
        """INSERT INTO certificate (id, public_id, training_id, driver_id, reference, issued_on,
            valid_until, file_id, emailed_at, created_at)
        SELECT d, md5('certificate' || d), 4 * :n + d, d, 'CERT-S-' || d, e, e + 120, 5 * :n + d, now(), now()
        FROM generate_series(1, :n) d, LATERAL (SELECT current_date - (d % 300) - 2 AS e) y""",
    ),
    (
        "cardrequest",
        f"""INSERT INTO cardrequest (id, public_id, reference, driver_id, certificate_id, kind, motif,
            old_card_id, declaration, billing_name, billing_address, billing_same, status, step, identity_confirmed,
            identity_report, delivery_address, delivery_postal_code, delivery_city, review, info_items,
            reject_reason, created_at, updated_at, submitted_at)
        SELECT d, md5('request' || d), 'DEM-S-' || lpad(d::text, 8, '0'), d, d, 'cqc', '', NULL, '{{}}'::json, '', '',
               true, s, CASE WHEN s = 'draft' THEN 'identity' ELSE 'summary' END, s <> 'draft', '',
               (d % 200 + 1) || ' rue des Lilas', '69003', 'Lyon', '{{}}'::json,
               CASE WHEN s = 'info_requested' THEN '{{"doc:photo": "Photo floue"}}' ELSE '{{}}' END::json, '',
               ts, ts, CASE WHEN s = 'draft' THEN NULL ELSE ts END
        FROM generate_series(1, :n) d,
             LATERAL (SELECT {REQUEST_STATUS} AS s, now() - make_interval(secs => (:n - d) * 20) AS ts) x""",  # noqa: S608  (constants only)
    ),
    (
        "storedfile",
        """INSERT INTO storedfile (id, public_id, kind, driver_id, storage_key, sha256, size, content_type,
            filename, created_at)
        SELECT f, md5('file' || f), 'document', d, 'scale/' || f, md5(f::text) || md5(f::text), 50000, 'image/jpeg',
               'piece-' || f || '.jpg', now()
        FROM generate_series(1, :n) d, generate_series(0, 4) k, LATERAL (SELECT 6 * :n + 5 * (d - 1) + k + 1 AS f) x
        WHERE d % 1000 <= 20""",
    ),
    (
        "requestdocument",
        """INSERT INTO requestdocument (request_id, kind, file_id, thumb_file_id, display_name,
            created_at)
        SELECT d, (ARRAY['photo', 'signature', 'identity', 'licence_front', 'licence_back'])[k + 1],
               6 * :n + 5 * (d - 1) + k + 1, NULL, 'piece.jpg', now()
        FROM generate_series(1, :n) d, generate_series(0, 4) k WHERE d % 1000 <= 20""",
    ),
    (
        "requestevent",
        f"""INSERT INTO requestevent (request_id, at, actor_kind, actor_id, action, from_status, to_status,
            reason)
        SELECT d, now(), 'driver', d, 'submit', 'draft', 'sent', '' FROM generate_series(1, :n) d
        WHERE d % 1000 NOT BETWEEN 10 AND 20
        UNION ALL
        SELECT d, now(), 'agent', 1, 'update', 'sent', s, ''
        FROM generate_series(1, :n) d, LATERAL (SELECT {REQUEST_STATUS} AS s) x
        WHERE s NOT IN ('sent', 'draft', 'awaiting_payment')""",  # noqa: S608  (constants only)
    ),
    (
        "card",
        """INSERT INTO card (id, public_id, number, driver_id, request_id, sector, categories, birth_name,
            usage_name, first_names, birth_date, birth_place, licence_number, issued_on, expires_on, status,
            shipped_on, returned_reason, returned_at, photo_file_id, created_at)
        SELECT d, md5('card' || d), 'S' || lpad(d::text, 11, '0'), d, d,
               CASE WHEN d % 10 = 0 THEN 'voyageurs' ELSE 'marchandises' END,
               CASE WHEN d % 10 = 0 THEN 'D1, D1E, D, DE' ELSE 'C1, C1E, C, CE' END, 'MARTIN', '', 'Jean',
               date '1960-01-01' + d % 14000, 'Lyon (France)', '13AB' || lpad(d::text, 7, '0'), i, i + 1826,
               CASE WHEN d % 1000 BETWEEN 5 AND 9 THEN 'in_production' WHEN d % 1000 = 47 THEN 'returned'
                    ELSE 'shipped' END,
               CASE WHEN d % 1000 BETWEEN 5 AND 9 THEN NULL ELSE i + 3 END,
               CASE WHEN d % 1000 = 47 THEN 'unknown' ELSE '' END, CASE WHEN d % 1000 = 47 THEN now() END,
               NULL, now()
        FROM generate_series(1, :n) d, LATERAL (SELECT current_date - (d % 1500) AS i) x
        WHERE d % 1000 BETWEEN 5 AND 9 OR d % 1000 >= 46""",
    ),
    (
        "payment",
        """INSERT INTO payment (id, public_id, driver_id, request_id, purpose, designation, amount_cents,
            currency, status, stripe_intent_id, attempts, processing_since, last_error, billing_name, billing_address,
            created_at, paid_at)
        SELECT d / 20, md5('payment' || d), d, d, 'replacement_loss', 'Remplacement de carte CQC (perte)', 3600, 'eur',
               'succeeded', 'pi_scale_' || d, 1, NULL, '', 'Jean MARTIN', '12 rue des Lilas, 69003 Lyon', now(), now()
        FROM generate_series(20, :n, 20) d""",
    ),
    (
        "storedfile",
        """INSERT INTO storedfile (id, public_id, kind, driver_id, storage_key, sha256, size, content_type,
            filename, created_at)
        SELECT f, md5('file' || f), 'invoice', j * 20, 'scale/' || f, md5(f::text) || md5(f::text), 3000,
               'application/pdf', 'facture-' || f || '.pdf', now()
        FROM generate_series(1, :n / 20) j, generate_series(0, 1) k,
             LATERAL (SELECT 11 * :n + 2 * j - 1 + k AS f) x""",
    ),
    (
        "invoice",
        """INSERT INTO invoice (id, public_id, number, year, sequence, payment_id, driver_id, issued_on,
            service_date, designation, lines, total_ht_cents, total_vat_cents, total_ttc_cents, original_file_id,
            duplicate_file_id, created_at)
        SELECT j, md5('invoice' || j), 'HPT-2025-' || lpad(j::text, 7, '0'), 2025, j, j, j * 20, current_date,
               current_date, 'Remplacement de carte CQC (perte)', '[]'::json, 3000, 600, 3600, 11 * :n + 2 * j - 1,
               11 * :n + 2 * j, now()
        FROM generate_series(1, :n / 20) j""",
    ),
    (
        "notice",
        """INSERT INTO notice (driver_id, text, link, tone, created_at, closed_at)
        SELECT d, 'Un complément est demandé pour votre demande.', '/espace/demandes', 'warning', now(), NULL
        FROM generate_series(100, :n, 100) d""",
    ),
    (
        "authsession",
        """INSERT INTO authsession (role, user_id, token_hash, ticket_hash, ticket_expires_at, created_at,
            last_seen_at, revoked_at, ip)
        SELECT 'driver', (s * 7) % :n + 1, md5('s' || s) || md5('t' || s), NULL, NULL, now() - interval '2 days',
               now() - interval '2 days', now() - interval '1 day', '10.0.0.1'
        FROM generate_series(1, :n / 10) s""",
    ),
]


def reset_sequences(tables: list[str]) -> list[str]:
    """Statements that move each table's id sequence past the loaded ids."""
    return [
        f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT coalesce(max(id), 1) FROM {t}))"  # noqa: S608
        for t in dict.fromkeys(tables)
    ]
