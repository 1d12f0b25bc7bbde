"""Path constants and small URL builders."""

HOME = "/"
SIGNUP = "/creer-un-compte"
SIGNUP_FORM = "/creer-un-compte/particulier"
SIGNUP_DONE = "/creer-un-compte/envoye"
LOGIN = "/connexion"
FORGOT = "/mot-de-passe-oublie"
SET_PASSWORD = "/mot-de-passe"
RESET_PASSWORD = "/reinitialiser"
PASSWORD_DONE = "/mot-de-passe/enregistre"
CORRECTION = "/correction"

SPACE = "/espace"
TRAININGS = "/espace/formations"
CERTIFICATES = "/espace/certificats"
REQUESTS = "/espace/demandes"
CARDS = "/espace/cartes"
INVOICES = "/espace/factures"
ACCOUNT = "/espace/compte"

AGENT_LOGIN = "/agent"
AGENT_ACCOUNTS = "/agent/comptes"
AGENT_ACCOUNT = "/agent/comptes/[account_id]"

DEV_MAIL = "/dev/mail"

API_SESSION = "/api/session"
API_LOGOUT = "/api/deconnexion"
API_HEALTH = "/api/health"
API_TRAININGS = "/api/v1/trainings"
API_OPENAPI = "/api/v1/openapi.json"
API_FILES = "/api/fichiers"
API_AGENDA = "/api/agenda"
API_STRIPE_WEBHOOK = "/api/stripe/webhook"
PAYMENT = "/espace/paiement"
REPLACEMENT = "/espace/demandes/remplacement"

CENTRE = "/centre"
AGENT_CENTRES = "/agent/centres"
AGENT_REQUESTS = "/agent/demandes"


def file_url(file_public_id: str, download: bool = False) -> str:
    """Download route of a stored file (inline, or as an attachment)."""
    return f"{API_FILES}/{file_public_id}" + ("?telecharger=1" if download else "")


def agent_account(public_id: str) -> str:
    """Agent page of one account."""
    return f"{AGENT_ACCOUNTS}/{public_id}"


def queue_url(path: str, **params: str) -> str:
    """A queue page with its filter and cursor in the query string (empty values left out)."""
    from urllib.parse import urlencode

    query = urlencode({k: v for k, v in params.items() if v})
    return f"{path}?{query}" if query else path
