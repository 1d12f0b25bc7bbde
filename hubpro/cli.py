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
    args = parser.parse_args(argv)

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
    elif args.cmd == "dispatch-outbox":
        from hubpro.notify.dispatcher import drain

        print(f"{drain(limit=10_000)} message(s) handled")
    return 0


if __name__ == "__main__":
    sys.exit(main())
