"""The services' one error convention: an exception carrying a French message and, for forms, a field map.

A service either returns its result or raises a ``ServiceError``; screens show ``message`` beside the
action and ``fields`` beside the fields (``hubpro/state/errors.py``). Each service module keeps its own
subclasses (``card_requests.Refused``…) so a caller catches exactly the module it called.
"""

from __future__ import annotations


class ServiceError(Exception):
    """A refusal the user can read: ``message`` (French) and ``fields`` (field name → French message)."""

    default_message = "Cette action n'est pas possible pour le moment."

    def __init__(self, message: str = "", fields: dict[str, str] | None = None) -> None:
        super().__init__(*((message,) if message else ()))
        self.message = message or self.default_message
        self.fields = dict(fields or {})


class Refused(ServiceError, ValueError):
    """Not allowed now (a rule of the domain says no)."""


class NotFound(ServiceError, LookupError):
    """No such object, or the actor may not see it (the same answer, on purpose)."""

    default_message = "Introuvable."


class Conflict(ServiceError, RuntimeError):
    """The row changed meanwhile (double click, two tabs, two agents): nothing was done."""

    default_message = "Cette demande vient d'être modifiée. Rechargez la page pour voir où elle en est."
