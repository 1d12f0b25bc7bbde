"""« Accueil »: one card per deadline, request and card, most urgent first, with the one button to press."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from hubpro import routes
from hubpro.domain import card_requests as rules
from hubpro.domain import deadlines as dl
from hubpro.domain import labels
from hubpro.domain.cards import CardStatus, display_status
from hubpro.domain.dates import fr_date
from hubpro.models import Card, CardRequest
from hubpro.services.deadlines import ACTIVE_CARDS, DriverFacts, load_facts

S = rules.RequestStatus
CQC_REQUEST = routes.REQUESTS + "/carte-cqc"
AGENDA = routes.API_AGENDA


@dataclass(frozen=True)
class DashCard:
    """One card of « Accueil »."""

    id: str = ""  # DOM id, and the agenda key of its deadline
    title: str = ""
    label: str = ""  # status badge
    tone: str = ""
    lines: tuple[str, ...] = ()
    action: str = ""  # « Faire ma demande », « Répondre », « Payer », « Reprendre »
    action_href: str = ""
    alert: bool = False  # shown as an alert (pli non distribué)
    agenda_href: str = ""  # « Ajouter à mon agenda » (backend path of the .ics file)


@dataclass(frozen=True)
class AgendaEvent:
    """An all-day event of a deadline, for its .ics file."""

    uid: str
    day: date
    summary: str
    description: str
    url: str


@dataclass(frozen=True)
class Dashboard:
    """What « Accueil » shows."""

    cards: tuple[DashCard, ...] = ()


def agenda_path(key: str) -> str:
    """Backend path of a deadline's .ics file."""
    return f"{AGENDA}/{key}.ics"


def _qualification(q: dl.QualificationDeadline, today: date) -> tuple[tuple, DashCard]:
    expired = today > q.valid_until
    label = "Expirée" if expired else ("FCO à prévoir" if today >= q.early_fco_from else "Valide")
    key = f"qualification-{q.sector}"
    card = DashCard(
        id=key,
        title=q.title(),
        label=label,
        tone=q.tone(today),
        lines=(
            ("expirée depuis le " if expired else "valide jusqu'au ") + fr_date(q.valid_until),
            *(() if expired else (dl.days_phrase(q.valid_until, today),)),
            q.fco_advice(today),
        ),
        action="Voir mes formations" if expired else "",
        action_href=routes.TRAININGS if expired else "",
        agenda_href="" if expired else agenda_path(key),
    )
    return dl.sort_key(q.rank(today), q.valid_until, key), card


def _certificate(c, today: date) -> tuple[tuple, DashCard]:
    d = dl.CertificateDeadline(c.reference, c.issued_on, c.valid_until)
    key = f"certificat-{c.public_id}"
    card = DashCard(
        id=key,
        title="Certificat de qualification",
        label="Carte à demander",
        tone="warning",
        lines=(f"N° {c.reference}, délivré le {fr_date(c.issued_on)}", d.phrase(today)),
        action="Faire ma demande",
        action_href=CQC_REQUEST,
        agenda_href=agenda_path(key),
    )
    return dl.sort_key(d.rank(today), c.valid_until, key), card


_ACTIONS = {S.DRAFT: "Reprendre", S.INFO_REQUESTED: "Répondre", S.AWAITING_PAYMENT: "Payer"}


def _request(r: CardRequest, facts: DriverFacts) -> tuple[tuple, DashCard]:
    info = rules.status_info(r.status)
    action = _ACTIONS.get(r.status, "")
    href = f"{routes.REQUESTS}/{r.public_id}"
    if r.status == S.AWAITING_PAYMENT and (payment := facts.payments.get(r.id)):
        href = f"{routes.PAYMENT}/{payment.public_id}"
    lines = [f"{info.label} depuis le {fr_date(r.updated_at)}", f"Prochaine étape : {info.next_step}"]
    if info.delay:
        lines.append(f"Délai : {info.delay}")
    card = DashCard(
        id=f"demande-{r.public_id}",
        title=f"{labels.request_title(r.kind, r.motif)} {r.reference}",
        label=info.label,
        tone=info.tone,
        lines=tuple(lines),
        action=action or "Afficher",
        action_href=href,
    )
    return dl.sort_key(dl.ACT_NOW if action else dl.INFO, None, f"r{r.id:012d}"), card


def _card(c: Card, today: date) -> tuple[tuple, DashCard]:
    label, tone = display_status(c.status, c.shipped_on, c.expires_on, today)
    alert = c.status == CardStatus.RETURNED
    active = c.status in ACTIVE_CARDS and today <= c.expires_on
    lines = [("Expirée depuis le " if today > c.expires_on else "Valide jusqu'au ") + fr_date(c.expires_on)]
    if active:
        lines.append(dl.days_phrase(c.expires_on, today))
    if alert:
        lines.append("La Poste nous a retourné votre carte : confirmez ou changez votre adresse de livraison.")
    key = f"carte-{c.public_id}"
    near = active and dl.days_left(c.expires_on, today) <= dl.CARD_EXPIRY_WARNING_DAYS
    card = DashCard(
        id=key,
        title=f"Carte CQC n° {c.number}",
        label=label,
        tone="warning" if near and tone == "success" else tone,
        lines=tuple(lines),
        action="Pli non distribué" if alert else "Voir mes cartes",
        action_href=f"{routes.CARDS}/{c.public_id}/pli-non-distribue" if alert else routes.CARDS,
        alert=alert,
        agenda_href=agenda_path(key) if active else "",
    )
    rank = dl.card_rank(c.expires_on, today, alert) if c.status in ACTIVE_CARDS else dl.INFO
    return dl.sort_key(rank, c.expires_on, key), card


def build_dashboard(facts: DriverFacts, today: date) -> Dashboard:
    """Every card of « Accueil », most urgent first."""
    ranked = [_qualification(q, today) for q in facts.qualifications]
    ranked += [_certificate(c, today) for c in facts.free_certificates]
    ranked += [_request(r, facts) for r in facts.requests]
    ranked += [_card(c, today) for c in facts.cards]
    return Dashboard(tuple(card for _, card in sorted(ranked, key=lambda pair: pair[0])))


def dashboard(db: Session, *, driver_id: int, today: date) -> Dashboard:
    """« Accueil » of the signed-in driver, loaded in one session with a fixed number of queries."""
    return build_dashboard(load_facts(db, driver_id=driver_id, today=today), today)


def agenda_event(db: Session, *, driver_id: int, key: str, today: date) -> AgendaEvent | None:
    """The event of one of this driver's deadlines (None: no such deadline of theirs)."""
    facts = load_facts(db, driver_id=driver_id, today=today)
    events: dict[str, AgendaEvent] = {}
    for q in facts.qualifications:
        events[f"qualification-{q.sector}"] = AgendaEvent(
            f"qualification-{q.sector}-{q.valid_until.isoformat()}-{driver_id}@hubpro",
            q.valid_until,
            "Fin de votre q" + q.title()[1:],
            f"Dernier jour de validité. {q.fco_advice(today)}",
            routes.TRAININGS,
        )
    for c in facts.free_certificates:
        events[f"certificat-{c.public_id}"] = AgendaEvent(
            f"certificat-{c.public_id}@hubpro",
            c.valid_until,
            "Dernier jour pour demander votre carte CQC",
            f"Votre certificat de qualification n° {c.reference} est valable jusqu'au {fr_date(c.valid_until)}.",
            CQC_REQUEST,
        )
    for card in facts.cards:
        if card.status in ACTIVE_CARDS:
            events[f"carte-{card.public_id}"] = AgendaEvent(
                f"carte-{card.public_id}-{card.expires_on.isoformat()}@hubpro",
                card.expires_on,
                f"Fin de validité de votre carte CQC n° {card.number}",
                "Pensez à suivre votre FCO avant cette date.",
                routes.CARDS,
            )
    return events.get(key)
