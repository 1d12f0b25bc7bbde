"""Card-request statuses as data: one transition table per request kind, and what each actor may do now."""

from __future__ import annotations

from enum import StrEnum

from hubpro.domain.kinds import RequestKind


class RequestStatus(StrEnum):
    """Lifecycle of a card request."""

    DRAFT = "draft"
    SENT = "sent"
    IN_REVIEW = "in_review"
    INFO_REQUESTED = "info_requested"
    INFO_SENT = "info_sent"
    VALIDATED = "validated"
    IN_PRODUCTION = "in_production"
    SHIPPED = "shipped"
    REJECTED = "rejected"
    CANCELLED = "cancelled"
    AWAITING_PAYMENT = "awaiting_payment"
    PAID = "paid"
    AWAITING_CARD = "awaiting_card"
    ANALYSIS = "analysis"


class RequestAction(StrEnum):
    """What moves a request (driver or agent)."""

    SUBMIT = "submit"
    CANCEL = "cancel"
    TAKE = "take"
    REQUEST_INFO = "request_info"
    REPLY = "reply"
    VALIDATE = "validate"
    PRODUCE = "produce"
    SHIP = "ship"
    REJECT = "reject"
    SUBMIT_PAYABLE = "submit_payable"
    PAY = "pay"
    SUBMIT_RETURN = "submit_return"
    RECEIVE = "receive"
    OPERATOR_FAULT = "operator_fault"
    DRIVER_FAULT = "driver_fault"
    CONFIRM_ADDRESS = "confirm_address"


S, A = RequestStatus, RequestAction
_INSTRUCTION = {
    (S.SENT, A.TAKE): S.IN_REVIEW,
    (S.INFO_SENT, A.TAKE): S.IN_REVIEW,
    (S.SENT, A.REQUEST_INFO): S.INFO_REQUESTED,
    (S.IN_REVIEW, A.REQUEST_INFO): S.INFO_REQUESTED,
    (S.INFO_SENT, A.REQUEST_INFO): S.INFO_REQUESTED,
    (S.INFO_REQUESTED, A.REPLY): S.INFO_SENT,
    (S.SENT, A.VALIDATE): S.VALIDATED,
    (S.IN_REVIEW, A.VALIDATE): S.VALIDATED,
    (S.INFO_SENT, A.VALIDATE): S.VALIDATED,
    (S.SENT, A.REJECT): S.REJECTED,
    (S.IN_REVIEW, A.REJECT): S.REJECTED,
    (S.INFO_SENT, A.REJECT): S.REJECTED,
}
_PAID = {(S.AWAITING_PAYMENT, A.PAY): S.PAID, (S.PAID, A.PRODUCE): S.IN_PRODUCTION}
_PRODUCED = {(S.VALIDATED, A.PRODUCE): S.IN_PRODUCTION, (S.IN_PRODUCTION, A.SHIP): S.SHIPPED}
TRANSITIONS_BY_KIND: dict[RequestKind, dict[tuple[RequestStatus, RequestAction], RequestStatus]] = {
    RequestKind.CQC: {
        (S.DRAFT, A.SUBMIT): S.SENT,
        (S.DRAFT, A.CANCEL): S.CANCELLED,
        **_INSTRUCTION,
        **_PRODUCED,
    },
    # Perte, Vol, Echange are paid before production; Qualité goes through the card's return and analysis.
    RequestKind.REPLACEMENT: {
        (S.DRAFT, A.CANCEL): S.CANCELLED,
        (S.DRAFT, A.SUBMIT_PAYABLE): S.AWAITING_PAYMENT,
        (S.DRAFT, A.SUBMIT_RETURN): S.AWAITING_CARD,
        (S.AWAITING_CARD, A.RECEIVE): S.ANALYSIS,
        (S.ANALYSIS, A.OPERATOR_FAULT): S.VALIDATED,
        (S.ANALYSIS, A.DRIVER_FAULT): S.AWAITING_PAYMENT,
        **_PAID,
        **_PRODUCED,
    },
    # Pli non distribué: same address confirmed (free) or a new one (paid re-shipping).
    RequestKind.RETURNED_MAIL: {
        (S.DRAFT, A.CONFIRM_ADDRESS): S.VALIDATED,
        (S.DRAFT, A.SUBMIT_PAYABLE): S.AWAITING_PAYMENT,
        **_PAID,
        **_PRODUCED,
    },
}
# Every move of any kind (the union of the tables above).
TRANSITIONS: dict[tuple[RequestStatus, RequestAction], RequestStatus] = {
    pair: after for table in TRANSITIONS_BY_KIND.values() for pair, after in table.items()
}
DRIVER_ACTIONS = frozenset({A.SUBMIT, A.CANCEL, A.REPLY, A.SUBMIT_PAYABLE, A.SUBMIT_RETURN, A.CONFIRM_ADDRESS})
SUBMISSIONS = frozenset({A.SUBMIT, A.SUBMIT_PAYABLE, A.SUBMIT_RETURN, A.CONFIRM_ADDRESS})
OPEN = frozenset({
    S.SENT, S.IN_REVIEW, S.INFO_REQUESTED, S.INFO_SENT, S.VALIDATED, S.IN_PRODUCTION,
    S.AWAITING_PAYMENT, S.PAID, S.AWAITING_CARD, S.ANALYSIS,
})  # fmt: skip
FREES_CERTIFICATE = frozenset({S.CANCELLED, S.REJECTED})
TO_INSTRUCT = (S.SENT, S.INFO_SENT, S.IN_REVIEW, S.INFO_REQUESTED, S.AWAITING_CARD, S.ANALYSIS)
# A shipped request's card can be recorded as returned by La Poste (« pli non distribué »).
RETURNABLE = frozenset({S.SHIPPED})


class IllegalTransition(ValueError):
    """An action the current status (or the request's kind) does not allow."""


def next_status(current: str, action: str, kind: str | None = None) -> RequestStatus:
    """The status after an action, by the table of the request's kind (``None``: any kind).

    Raises:
        IllegalTransition: when the pair is not in the table (an unknown kind has no table).
    """
    try:
        table = TRANSITIONS if kind is None else TRANSITIONS_BY_KIND[RequestKind(kind)]
        return table[(RequestStatus(current), RequestAction(action))]
    except (KeyError, ValueError) as exc:
        raise IllegalTransition(f"{action} not allowed from {current} for {kind or 'any kind'}") from exc


def can(kind: str, status: str, action: str) -> bool:
    """Whether a request of this kind and status allows the action."""
    try:
        next_status(status, action, kind)
    except IllegalTransition:
        return False
    return True


def allowed_actions(kind: str, status: str) -> tuple[str, ...]:
    """Every action the table allows now, in the table's order (for the screens' buttons)."""
    return tuple(a.value for a in RequestAction if can(kind, status, a))


def driver_can_edit(kind: str, status: str) -> bool:
    """A draft the driver can still complete and submit (« Reprendre »)."""
    return any(can(kind, status, a) for a in SUBMISSIONS)


def instructable(kind: str, status: str) -> bool:
    """An agent can still review the items, ask for more information or decide."""
    return can(kind, status, A.VALIDATE)
