"""Command line: migrations, first agent, outbox dispatch.

Usage:
    python -m hubpro.cli migrate
    python -m hubpro.cli makemigrations -m "message"
    python -m hubpro.cli check-db
    python -m hubpro.cli create-agent --email agent@example.fr --password '…' [--name …]
    python -m hubpro.cli dispatch-outbox
    python -m hubpro.cli create-centre --name … --siret … --agrement … --region …
    python -m hubpro.cli purge-trainings
    python -m hubpro.cli reconcile-payments [--older-than-minutes 5]
    python -m hubpro.cli send-reminders [--date AAAA-MM-JJ]
    python -m hubpro.cli run-jobs --once
    python -m hubpro.cli purge-sessions
    python -m hubpro.cli seed-personas [--json FILE]
    python -m hubpro.cli sweep-files [--older-than-hours 24]
    python -m hubpro.cli storage-migrate [--from DIR]
"""

from __future__ import annotations

import argparse
import logging
import sys

from hubpro import migrate
from hubpro.db import session_scope
from hubpro.domain.payments import STALE_AFTER


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the exit code."""
    parser = argparse.ArgumentParser(prog="python -m hubpro.cli")
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("migrate", help="apply pending database migrations")
    mk = sub.add_parser("makemigrations", help="autogenerate a migration from the models")
    mk.add_argument("-m", "--message", required=True)
    sub.add_parser("check-db", help="exit 1 when the database is not migrated")
    ag = sub.add_parser("create-agent", help="create or reset an operator agent")
    ag.add_argument("--email", required=True)
    ag.add_argument("--password", required=True)
    ag.add_argument("--name", default="")
    sub.add_parser("dispatch-outbox", help="send every due email and SMS once")
    ce = sub.add_parser("create-centre", help="register a training centre and print its first API key")
    for name in ("name", "siret", "agrement", "region"):
        ce.add_argument(f"--{name}", required=True)
    sub.add_parser("purge-trainings", help="delete FCO summaries past their 6-year retention")
    rp = sub.add_parser("reconcile-payments", help="settle payments left in progress with Stripe")
    rp.add_argument("--older-than-minutes", type=int, default=int(STALE_AFTER.total_seconds() // 60))
    sr = sub.add_parser("send-reminders", help="send the deadline reminders due today (each once)")
    sr.add_argument("--date", default="", help="the day to act as today (YYYY-MM-DD); default: today in Paris")
    rj = sub.add_parser("run-jobs", help="run the scheduled jobs that are due (once across workers)")
    rj.add_argument("--once", action="store_true", required=True, help="one tick, then exit")
    sub.add_parser("purge-sessions", help="delete dead sessions and sign-in attempts older than 24 h")
    sp = sub.add_parser("seed-personas", help="fill a throw-away database with the named personas")
    sp.add_argument("--json", default="", help="also write the sign-ins and seeded ids to this file")
    sw = sub.add_parser("sweep-files", help="delete stored files that no database row names (older than a day)")
    sw.add_argument("--older-than-hours", type=int, default=24)
    sm = sub.add_parser("storage-migrate", help="copy the local private files to the S3 bucket, hashes verified")
    sm.add_argument("--from", dest="source", default="", help="local folder to copy from (default: <data dir>/private)")
    args = parser.parse_args(argv)
    if args.cmd == "seed-personas":
        from hubpro.personas.cli import seed

        return seed(args.json)

    if args.cmd == "migrate":
        logging.basicConfig(level=logging.INFO, format="%(message)s")  # Alembic names each migration it runs
        migrate.upgrade()
        print(f"database is at {migrate.current_and_head()[0]}", file=sys.stderr, flush=True)
    elif args.cmd == "makemigrations":
        migrate.make_migration(args.message)
    elif args.cmd == "check-db":
        try:
            migrate.check()
        except migrate.DatabaseNotMigrated as exc:
            print(exc, file=sys.stderr)
            return 1
        print("database is up to date")
    elif args.cmd == "create-agent":
        from hubpro.services.auth import create_agent

        try:
            with session_scope() as db:
                agent = create_agent(db, email=args.email, password=args.password, name=args.name)
        except ValueError as exc:
            print(f"Refusé : {exc}", file=sys.stderr)
            return 2
        print(f"agent {agent.email} ready (id {agent.id})")
    elif args.cmd == "create-centre":
        from hubpro.services.centres import create_centre

        with session_scope() as db:
            centre, key, errors = create_centre(
                db, agent_id=None, name=args.name, siret=args.siret, agrement=args.agrement, region=args.region
            )
        if errors:
            print("Refusé : " + " ".join(errors.values()), file=sys.stderr)
            return 2
        print(f"centre {centre.name} ready; API key (shown once): {key}")
    elif args.cmd == "purge-trainings":
        from hubpro.services.documents import purge_continuing
        from hubpro.services.trainings import today

        with session_scope() as db:
            print(f"{purge_continuing(db, today=today())} training(s) purged")
    elif args.cmd == "reconcile-payments":
        from datetime import timedelta

        from hubpro.services.payments import reconcile_stale

        with session_scope() as db:
            settled = reconcile_stale(db, older_than=timedelta(minutes=max(0, args.older_than_minutes)))
        print(f"{settled} payment(s) reconciled")
    elif args.cmd == "send-reminders":
        from datetime import date

        from hubpro.services.reminders import send_due
        from hubpro.services.trainings import today

        try:
            day = date.fromisoformat(args.date) if args.date else today()
        except ValueError:
            print("Refusé : date attendue au format AAAA-MM-JJ", file=sys.stderr)
            return 2
        with session_scope() as db:
            print(f"{send_due(db, today=day)} reminder(s) sent")
    elif args.cmd == "run-jobs":
        from hubpro.services.jobs import tick

        print("jobs run: " + (", ".join(tick()) or "none due"))
    elif args.cmd == "purge-sessions":
        from hubpro.services.purge import purge_sessions

        with session_scope() as db:
            sessions, attempts = purge_sessions(db)
        print(f"{sessions} session(s) and {attempts} sign-in attempt(s) purged")
    elif args.cmd == "sweep-files":
        from datetime import timedelta

        from hubpro.services.files import sweep_orphans

        with session_scope() as db:
            removed = sweep_orphans(db, older_than=timedelta(hours=max(1, args.older_than_hours)))
        print(f"{removed} orphan file(s) deleted")
    elif args.cmd == "storage-migrate":
        return _storage_migrate(args.source)
    elif args.cmd == "dispatch-outbox":
        from hubpro.notify.dispatcher import drain
        from hubpro.services.invoice_pdfs import render_due

        print(f"{render_due(limit=10_000)} invoice(s) rendered")
        print(f"{drain(limit=10_000)} message(s) handled")
    return 0


def _storage_migrate(source_dir: str) -> int:
    """Copy every file that has a row from the local folder to the configured S3 bucket, verified."""
    from pathlib import Path

    from hubpro import storage
    from hubpro.services.files import migrate as copy_files
    from hubpro.settings import get_settings
    from hubpro.storage.local import LocalBackend

    settings = get_settings()
    if settings.storage_backend != "s3":
        print("Refusé : HUBPRO_STORAGE_URL doit désigner le compartiment S3 de destination (s3://bucket/prefix).",
              file=sys.stderr)  # fmt: skip
        return 2
    source = LocalBackend(Path(source_dir).resolve() if source_dir else settings.data_dir / "private")
    if not source.root.is_dir():
        print(f"Refusé : le dossier {source.root} n'existe pas.", file=sys.stderr)
        return 2
    target = storage.backend()
    with session_scope() as db:
        report = copy_files(db, source=source, target=target)
    print(f"{len(report.copied)} file(s) copied and verified, {len(report.already)} already there, "
          f"{len(report.missing)} missing locally, {len(report.corrupted)} not matching their SHA-256, "
          f"{len(report.failed)} not read back identical ({source.root} -> {target!r})")  # fmt: skip
    for label, keys in (("missing", report.missing), ("corrupted", report.corrupted), ("failed", report.failed)):
        for key in keys:
            print(f"{label}: {key}", file=sys.stderr)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
