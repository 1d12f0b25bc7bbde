"""Every screen × persona state that ``make screens`` renders."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

SIZES = {"telephone": (390, 844), "ordinateur": (1280, 800)}


@dataclass(frozen=True)
class Screen:
    """A page and the personas whose state it shows; ``path`` may name {request}, {payment}, {card}, {account}."""

    key: str
    title: str
    path: str
    personas: tuple[str, ...]
    signed_in_as: str = ""  # "" = the persona itself, "agent" = the agent looking at the persona, "-" = nobody


SCREENS: tuple[Screen, ...] = (
    Screen("public", "Accueil public", "/", ("anonyme",), "-"),
    Screen("connexion", "Connexion", "/connexion", ("anonyme",), "-"),
    Screen("inscription", "Créer un compte Particulier", "/creer-un-compte/particulier", ("anonyme",), "-"),
    Screen("correction", "Corriger mes informations", "{link}", ("correction",), "-"),
    Screen("accueil", "Accueil de l'espace", "/espace", ("sans-formation", "complement", "pli-non-distribue")),
    Screen("formations", "Mes formations", "/espace/formations", ("sans-formation", "fco", "deux-secteurs")),
    Screen("certificats", "Mes certificats", "/espace/certificats", ("certificat", "deux-secteurs")),
    Screen(
        "requests",
        "Mes demandes",
        "/espace/demandes",
        ("sans-formation", "certificat", "envoyee", "complement", "validee", "qualite"),
    ),
    Screen(
        "request",
        "Une demande (étapes, suivi)",
        "/espace/demandes/{request}",
        (
            "brouillon-identite",
            "brouillon-documents",
            "brouillon-livraison",
            "brouillon-recapitulatif",
            "envoyee",
            "complement",
            "validee",
            "a-payer",
            "qualite",
        ),
    ),
    Screen(
        "cartes",
        "Mes cartes",
        "/espace/cartes",
        ("expediee", "carte-active", "carte-expiree", "perte-payee", "pli-non-distribue"),
    ),
    Screen("pli", "Pli non distribué", "/espace/cartes/{card}/pli-non-distribue", ("pli-non-distribue",)),
    Screen("remplacement", "Remplacement, Echange", "/espace/demandes/remplacement", ("expediee",)),
    Screen("paiement", "Paiement", "/espace/paiement/{payment}", ("a-payer", "paiement-refuse", "perte-payee")),
    Screen("factures", "Mes factures", "/espace/factures", ("perte-payee",)),
    Screen("compte", "Mon compte", "/espace/compte", ("sans-formation",)),
    Screen("agent-comptes", "Opérateur : comptes à analyser", "/agent/comptes", ("agent",)),
    Screen("agent-compte", "Opérateur : un compte", "/agent/comptes/{account}", ("analyse",), "agent"),
    Screen("agent-demandes", "Opérateur : demandes à instruire", "/agent/demandes", ("agent",)),
    Screen(
        "agent-demande",
        "Opérateur : une demande",
        "/agent/demandes/{request}",
        ("envoyee", "complement", "qualite"),
        "agent",
    ),
    Screen("agent-centres", "Opérateur : centres de formation", "/agent/centres", ("agent",)),
    Screen("centre", "Portail des centres", "/centre", ("anonyme",), "-"),
    Screen("verifier", "Vérifier la qualification d'un conducteur", "/verifier", ("anonyme",), "-"),
    Screen("verifier-titre", "Vérification d'un titre (titre introuvable)", "/verifier/" + "A" * 32, ("anonyme",), "-"),
)


@dataclass(frozen=True)
class Shot:
    """One PNG: a screen, a persona state, a size."""

    screen: Screen
    persona: str
    size: str

    @property
    def name(self) -> str:
        """File name of the PNG."""
        return f"{self.screen.key}--{self.persona}--{self.size}.png"

    @property
    def signer(self) -> str:
        """Whose session takes the shot ("-" for none)."""
        return self.screen.signed_in_as or self.persona


def shots(only: str = "") -> list[Shot]:
    """Every shot, or those of the screens whose key contains one of the comma-separated words of ``only``."""
    words = [w.strip() for w in only.split(",") if w.strip()]
    chosen = [s for s in SCREENS if not words or any(w in s.key for w in words)]
    return [Shot(s, p, size) for s in chosen for p in s.personas for size in SIZES]


def path_of(shot: Shot, seeded: dict) -> str:
    """The page's path for that persona (ids from the seed's JSON)."""
    p = shot.persona
    return shot.screen.path.format(
        request=seeded.get("requests", {}).get(p, ""), payment=seeded.get("payments", {}).get(p, ""),
        card=seeded.get("cards", {}).get(p, ""), account=seeded.get("accounts", {}).get(p, ""),
        link=_local(seeded.get("links", {}).get(p, "")),
    )  # fmt: skip


def _local(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")
