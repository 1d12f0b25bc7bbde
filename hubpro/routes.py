"""Every path of the app (pages, API, static files) and small URL builders: no literal path elsewhere.

A test checks that every registered page's route is one of these constants (tests/services/test_routes.py).
"""

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

NOT_FOUND = "404"  # Reflex's custom 404 page

AGENT_LOGIN = "/agent"
AGENT_ACCOUNTS = "/agent/comptes"
AGENT_ACCOUNT = "/agent/comptes/[account_id]"

DEV_MAIL = "/dev/mail"

API_PREFIX = "/api/"  # every HTTP route of hubpro (access log lines)
API_SESSION = "/api/session"
API_LOGOUT = "/api/deconnexion"
API_HEALTH = "/api/health"  # liveness: the process answers
API_READY = "/api/ready"  # readiness: database, Redis, storage, SMTP
API_METRICS = "/api/metrics"  # Prometheus, allow-listed addresses only
API_TRAININGS = "/api/v1/trainings"
API_OPENAPI = "/api/v1/openapi.json"
FAVICON = "/favicon.ico"
API_FILES = "/api/fichiers"
API_AGENDA = "/api/agenda"
API_AGENDA_FILE = API_AGENDA + "/{key}.ics"
API_STRIPE_WEBHOOK = "/api/stripe/webhook"
PAYMENT = "/espace/paiement"
PAYMENT_PAGE = PAYMENT + "/[payment_id]"
REPLACEMENT = "/espace/demandes/remplacement"
CQC_REQUEST = REQUESTS + "/carte-cqc"
REQUEST = REQUESTS + "/[request_id]"
RETURNED_MAIL_SUFFIX = "/pli-non-distribue"
RETURNED_MAIL = CARDS + "/[card_id]" + RETURNED_MAIL_SUFFIX
API_TRAINING = API_TRAININGS + "/{training_id}"  # Starlette path parameters
API_FILE = API_FILES + "/{file_id}"
FILE_PREFIX = API_FILES + "/"  # + a stored file's public id (also a Var in pages)
DOWNLOAD_QUERY = "?telecharger=1"

REFLEX_UPLOAD = "/_upload"  # Reflex's own upload endpoint (guarded by hubpro/api/upload_guard.py)
STYLESHEET = "/hubpro.css"
DASHBOARD_STYLESHEET = "/dashboard.css"
PAYMENT_SCRIPT = "/payment.js"

CENTRE = "/centre"
AGENT_CENTRES = "/agent/centres"
AGENT_REQUESTS = "/agent/demandes"
AGENT_REQUEST = AGENT_REQUESTS + "/[request_id]"

VERIFY = "/verifier"  # « Vérifier la qualification d'un conducteur » (employers, share code)
VERIFY_TITLE = VERIFY + "/[token]"  # « Vérification d'un titre » (the QR codes)
API_CARD_PDFS = "/api/cartes"
API_CARD_PDF = API_CARD_PDFS + "/{card_id}.pdf"


def file_url(file_public_id: str, download: bool = False) -> str:
    """Download route of a stored file (inline, or as an attachment)."""
    return FILE_PREFIX + file_public_id + (DOWNLOAD_QUERY if download else "")


def verify_title(token: str) -> str:
    """Public page a document's QR code opens."""
    return f"{VERIFY}/{token}"


def card_pdf(card_public_id: str) -> str:
    """Printable PDF of one of the signed-in driver's cards."""
    return f"{API_CARD_PDFS}/{card_public_id}.pdf"


def agent_account(public_id: str) -> str:
    """Agent page of one account."""
    return f"{AGENT_ACCOUNTS}/{public_id}"


def request(public_id: str) -> str:
    """Driver page of one request."""
    return f"{REQUESTS}/{public_id}"


def payment(public_id: str) -> str:
    """Payment page of one payment."""
    return f"{PAYMENT}/{public_id}"


def agent_request(public_id: str) -> str:
    """Agent page of one request."""
    return f"{AGENT_REQUESTS}/{public_id}"


def returned_mail(card_public_id: str) -> str:
    """« Pli non distribué » page of one card."""
    return f"{CARDS}/{card_public_id}{RETURNED_MAIL_SUFFIX}"


def licence_image(licence_type):
    """Static picture of a licence type (``licence_type`` may be a Var)."""
    return f"/permis-{licence_type}.svg"


def queue_url(path: str, **params: str) -> str:
    """A queue page with its filter and cursor in the query string (empty values left out)."""
    from urllib.parse import urlencode

    query = urlencode({k: v for k, v in params.items() if v})
    return f"{path}?{query}" if query else path
