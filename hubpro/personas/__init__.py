"""Named personas for the product team: a throw-away database with every screen state.

``build(db)`` creates them through the services (sign-up, validation, deposits, requests,
instruction, payments against the localstripe sandbox…). Each one signs in with its email and
``PASSWORD``; see the README « Personas » table. ``python -m hubpro.cli seed-personas`` runs it.
"""

from __future__ import annotations

from dataclasses import dataclass

DOMAIN = "personas.example.fr"
PASSWORD = "Persona-2026!Hub"


@dataclass(frozen=True)
class Persona:
    """Who signs in, as what, and which state the screens should show."""

    slug: str
    role: str  # "driver", "agent", "pending" (no password yet), "centre"
    name: str
    state: str  # French: what the persona shows

    @property
    def email(self) -> str:
        """The sign-in email."""
        return f"{self.slug}@{DOMAIN}"


_P = Persona
PERSONAS: tuple[Persona, ...] = (
    _P("agent", "agent", "Agent Démo", "Agent avec toutes les files d'attente remplies"),
    _P("analyse", "pending", "Nouveau Compte", "Compte créé, en cours d'analyse"),
    _P("correction", "pending", "Correction Demandée", "Compte à corriger (lien de correction envoyé)"),
    _P("sans-formation", "driver", "Sans Formation", "Compte actif, aucune formation"),
    _P("fco", "driver", "Fco Marchandises", "FCO Marchandises, certificat sans demande"),
    _P("deux-secteurs", "driver", "Deux Secteurs", "FIMO Marchandises et FIMO Voyageurs"),
    _P("certificat", "driver", "Certificat Seul", "Certificat valide, aucune demande"),
    _P("brouillon-identite", "driver", "Brouillon Identite", "Brouillon à l'étape « Vérification de votre identité »"),
    _P("brouillon-documents", "driver", "Brouillon Documents", "Brouillon à l'étape « Pièces justificatives »"),
    _P("brouillon-livraison", "driver", "Brouillon Livraison", "Brouillon à l'étape « Adresse de livraison »"),
    _P("brouillon-recapitulatif", "driver", "Brouillon Recap", "Brouillon à l'étape « Récapitulatif et envoi »"),
    _P("envoyee", "driver", "Demande Envoyee", "Demande de carte envoyée"),
    _P("complement", "driver", "Complement Attendu", "En attente d'information complémentaire"),
    _P("validee", "driver", "Demande Validee", "Demande validée, carte en fabrication"),
    _P("expediee", "driver", "Carte Expediee", "Carte expédiée aujourd'hui"),
    _P("carte-active", "driver", "Carte Active", "Carte active (expédiée il y a 10 jours)"),
    _P("carte-expiree", "driver", "Carte Expiree", "Carte expirée"),
    _P("perte-payee", "driver", "Perte Payee", "Carte déclarée perdue, remplacement payé, facture"),
    _P("pli-non-distribue", "driver", "Pli Retourne", "Carte en « pli non distribué »"),
    _P("a-payer", "driver", "Paiement Attendu", "Remplacement (perte) en attente de paiement"),
    _P("paiement-refuse", "driver", "Paiement Refuse", "Remplacement : paiement refusé"),
    _P("qualite", "driver", "Retour Qualite", "Retour Qualité : carte reçue, analyse en cours"),
    _P("centre", "centre", "Centre Démo", "Centre de formation (portail /centre avec sa clé)"),
)
BY_SLUG = {p.slug: p for p in PERSONAS}


def persona(slug: str) -> Persona:
    """One persona by slug (KeyError when unknown)."""
    return BY_SLUG[slug]
