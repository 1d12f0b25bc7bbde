"""``python -m hubpro.cli seed-personas``: migrate, refuse real data, build, print the sign-ins."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

from hubpro import migrate
from hubpro.db import session_scope
from hubpro.personas import PERSONAS


def print_sign_ins(out=sys.stdout, centre_key: str = "") -> None:
    """The table of sign-ins, in French."""
    from hubpro.personas.build import sign_ins

    print("Personas (connexion : /connexion, agent : /agent, centre : /centre)", file=out)
    for email, password, state in sign_ins():
        if centre_key and password.startswith("clé"):
            password = centre_key
        print(f"  {email:<44} {password:<24} {state}", file=out)


def seed(json_path: str = "") -> int:
    """Build the personas on the configured database; exit code 2 when it holds real accounts."""
    from hubpro.personas.build import AlreadySeeded, RealAccounts, build
    from hubpro.personas.sandbox import sandbox_running

    migrate.upgrade()
    try:
        with sandbox_running(), session_scope() as db:
            seeded = build(db)
    except RealAccounts as exc:
        print(f"Refusé : {exc}. seed-personas ne s'utilise que sur une base jetable.", file=sys.stderr)
        return 2
    except AlreadySeeded as exc:
        print(f"Rien à faire : {exc}.", file=sys.stderr)
        print_sign_ins()
        return 0
    if json_path:
        data = {"personas": [{"slug": p.slug, "email": p.email, "role": p.role, "state": p.state} for p in PERSONAS],
                **asdict(seeded)}  # fmt: skip
        Path(json_path).write_text(json.dumps(data, ensure_ascii=False, indent=1))
    print_sign_ins(centre_key=seeded.centre_key)
    return 0
