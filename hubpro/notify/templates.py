"""French email texts, each with a plain and an HTML body."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from hubpro.settings import get_settings

SIGNATURE = "L'équipe Hub Pro Transport"


@dataclass(frozen=True)
class Email:
    """A rendered email."""

    subject: str
    text: str
    html: str
    links: list[tuple[str, str]] = field(default_factory=list)


def url(path: str) -> str:
    """An absolute link built on HUBPRO_BASE_URL."""
    return get_settings().base_url + path


def _render(subject: str, greeting: str, paragraphs: list[str], button: tuple[str, str] | None) -> Email:
    text_parts = [greeting, "", *paragraphs]
    html_parts = [f"<p>{html.escape(greeting)}</p>"] + [f"<p>{html.escape(p)}</p>" for p in paragraphs]
    links = []
    if button:
        label, href = button
        links.append(button)
        text_parts += ["", f"{label} : {href}"]
        html_parts.append(
            f'<p><a href="{html.escape(href)}" style="display:inline-block;padding:12px 20px;'
            f'background:#1d4ed8;color:#ffffff;text-decoration:none;border-radius:6px">'
            f"{html.escape(label)}</a></p>"
            f'<p style="font-size:13px">Si le bouton ne fonctionne pas, copiez ce lien : '
            f"{html.escape(href)}</p>"
        )
    text_parts += ["", SIGNATURE]
    html_parts.append(f"<p>{html.escape(SIGNATURE)}</p>")
    body = '<div style="font-family:Arial,sans-serif;font-size:16px;color:#1f2937">' + "".join(html_parts) + "</div>"
    return Email(subject, "\n".join(text_parts), body, links)


def hello(name: str) -> str:
    """The greeting line."""
    return f"Bonjour {name}," if name else "Bonjour,"


def account_received(name: str) -> Email:
    """Sent after « Créer »."""
    return _render(
        "Votre demande de création de compte est en cours d'analyse",
        hello(name),
        [
            "Nous avons bien reçu votre demande de création de compte Hub Pro Transport.",
            "Vos informations sont en cours d'analyse. Sous 24 h, vous recevrez un courrier "
            "électronique pour créer votre mot de passe, ou pour corriger vos informations si besoin.",
        ],
        None,
    )


def account_exists(name: str) -> Email:
    """Sent to the owner of an email used again on the sign-up form."""
    return _render(
        "Tentative de création de compte avec votre adresse",
        hello(name),
        [
            "Une demande de création de compte Hub Pro Transport vient d'être faite avec votre "
            "adresse électronique, qui a déjà un compte. Aucun nouveau compte n'a été créé.",
            "Si c'est vous, connectez-vous avec votre mot de passe ou utilisez « Mot de passe oublié ». "
            "Si ce n'est pas vous, vous pouvez ignorer ce message.",
        ],
        ("Connexion", url("/connexion")),
    )


def password_link(name: str, token: str) -> Email:
    """Account validated: link to create the password (72 h)."""
    return _render(
        "Votre compte Hub Pro Transport est validé",
        hello(name),
        [
            "L'analyse de vos informations est conforme : votre compte est validé.",
            "Créez votre mot de passe pour accéder à votre espace. Ce lien est valable 72 heures "
            "et ne fonctionne qu'une fois.",
        ],
        ("Créer mon mot de passe", url(f"/mot-de-passe?jeton={token}")),
    )


def correction_needed(name: str, token: str, items: list[tuple[str, str]]) -> Email:
    """Account analysis found errors: link to the correction page."""
    lines = [f"• {label} : {reason}" for label, reason in items]
    return _render(
        "Votre demande de création de compte est à corriger",
        hello(name),
        [
            "L'analyse de vos informations a relevé au moins une erreur :",
            *lines,
            "Mettez à jour vos informations pour une nouvelle analyse.",
        ],
        ("Corriger mes informations", url(f"/correction?jeton={token}")),
    )


def reset_link(name: str, token: str) -> Email:
    """« Mot de passe oublié »: reset link (60 min)."""
    return _render(
        "Réinitialisation de votre mot de passe",
        hello(name),
        [
            "Vous avez demandé à réinitialiser votre mot de passe Hub Pro Transport.",
            "Ce lien est valable 60 minutes et ne fonctionne qu'une fois. Si vous n'êtes pas "
            "à l'origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.",
        ],
        ("Choisir un nouveau mot de passe", url(f"/reinitialiser?jeton={token}")),
    )


def password_changed(name: str) -> Email:
    """After a password change: all sessions were closed."""
    return _render(
        "Votre mot de passe a été modifié",
        hello(name),
        [
            "Le mot de passe de votre compte Hub Pro Transport vient d'être modifié. "
            "Toutes vos sessions ouvertes ont été fermées.",
            "Si vous n'êtes pas à l'origine de ce changement, utilisez immédiatement "
            "« Mot de passe oublié » et contactez l'assistance.",
        ],
        ("Connexion", url("/connexion")),
    )


def certificate_ready(name: str, issued_on: str, valid_until: str) -> Email:
    """A new certificate of qualification, PDF attached."""
    return _render(
        "Votre certificat de qualification de conducteur",
        hello(name),
        [
            f"Votre centre de formation a enregistré votre formation. Votre certificat de qualification, "
            f"délivré le {issued_on}, est joint à ce message au format PDF.",
            f"Il est valable jusqu'au {valid_until}, en France uniquement, avec un titre d'identité. "
            "Pendant cette période, faites votre demande de carte CQC depuis votre espace : au-delà, "
            "vous pouvez être verbalisé lors d'un contrôle sur route.",
        ],
        ("Mes certificats", url("/espace/certificats")),
    )


def info_requested(name: str, reference: str, items: list[tuple[str, str]], link: str) -> Email:
    """More information needed on a card request."""
    return _render(
        f"Demande {reference} : information complémentaire attendue",
        hello(name),
        [
            f"Pour instruire votre demande de carte {reference}, nous avons besoin d'un complément :",
            *[f"• {label} : {reason}" for label, reason in items],
            "Connectez-vous à votre espace, onglet « Mes demandes », et cliquez sur « Répondre ». "
            "Seuls ces éléments sont à corriger.",
        ],
        ("Répondre", url(link)),
    )


def info_requested_sms(reference: str) -> str:
    """SMS twin of info_requested."""
    return (
        f"Hub Pro Transport : votre demande de carte {reference} attend une information complémentaire. "
        "Répondez depuis votre espace, onglet Mes demandes."
    )


def request_status(name: str, reference: str, label: str, next_step: str, reason: str, link: str) -> Email:
    """A card request changed status."""
    lines = [f"Votre demande de carte {reference} est maintenant : {label}."]
    if reason:
        lines.append(f"Motif : {reason}")
    lines.append(next_step)
    return _render(f"Demande {reference} : {label.lower()}", hello(name), lines, ("Suivre ma demande", url(link)))


def invoice_original(name: str, number: str, amount: str) -> Email:
    """The original invoice, PDF attached."""
    return _render(
        f"Votre facture {number}",
        hello(name),
        [f"Merci pour votre paiement de {amount}. Votre facture {number} est jointe à ce message (original)."],
        None,
    )


def invoice_duplicate_ready(name: str, number: str) -> Email:
    """The duplicate is available in « Mes factures »."""
    return _render(
        "Un nouveau duplicata de facture est disponible",
        hello(name),
        [
            f"Le duplicata de votre facture {number} est disponible dans l'onglet « Mes factures » de votre "
            "espace Hub Pro Transport, pendant 10 ans."
        ],
        ("Mes factures", url("/espace/factures")),
    )


def returned_mail(name: str, card_number: str, reason: str, link: str) -> Email:
    """A card came back from La Poste (« pli non distribué »)."""
    return _render(
        "Votre carte CQC nous a été retournée",
        hello(name),
        [
            f"La Poste n'a pas pu vous remettre votre carte n° {card_number} (motif : {reason}).",
            "Dans votre espace, onglet « Mes cartes », cliquez sur « pli non distribué » sous votre carte : "
            "confirmez votre adresse (réexpédition gratuite) ou indiquez une nouvelle adresse (frais de "
            "réexpédition de 8,00 €).",
        ],
        ("Choisir une solution", url(link)),
    )


def returned_mail_sms(card_number: str) -> str:
    """SMS twin of returned_mail."""
    return (
        f"Hub Pro Transport : votre carte CQC n° {card_number} nous a été retournée par La Poste. "
        "Indiquez votre adresse depuis votre espace, onglet Mes cartes."
    )
