"""The case's life (售后单状态): one state enum, one transition table.

Each transition has a ``can_<action>`` predicate that both enables the button in the UI
and refuses the call in the service (:func:`ensure`).
"""

from __future__ import annotations

from enum import StrEnum


class CaseStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    AWAITING_APPROVAL = "awaiting_approval"
    APPROVED = "approved"
    REJECTED = "rejected"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class Action(StrEnum):
    SUBMIT = "submit"
    REQUEST_APPROVAL = "request_approval"
    APPROVE = "approve"
    REJECT = "reject"
    REVISE = "revise"
    COMPLETE = "complete"
    CANCEL = "cancel"


S = CaseStatus
TRANSITIONS: dict[tuple[CaseStatus, Action], CaseStatus] = {
    (S.DRAFT, Action.SUBMIT): S.SUBMITTED,
    (S.DRAFT, Action.CANCEL): S.CANCELLED,
    (S.SUBMITTED, Action.REQUEST_APPROVAL): S.AWAITING_APPROVAL,
    (S.SUBMITTED, Action.COMPLETE): S.COMPLETED,
    (S.SUBMITTED, Action.CANCEL): S.CANCELLED,
    (S.AWAITING_APPROVAL, Action.APPROVE): S.APPROVED,
    (S.AWAITING_APPROVAL, Action.REJECT): S.REJECTED,
    (S.AWAITING_APPROVAL, Action.CANCEL): S.CANCELLED,
    (S.APPROVED, Action.COMPLETE): S.COMPLETED,
    (S.REJECTED, Action.REVISE): S.DRAFT,
    (S.REJECTED, Action.COMPLETE): S.COMPLETED,
    (S.REJECTED, Action.CANCEL): S.CANCELLED,
}

OPENED = S.DRAFT
"""The status a case is opened in."""

OPEN_STATUSES = frozenset({S.DRAFT, S.SUBMITTED, S.AWAITING_APPROVAL, S.APPROVED, S.REJECTED})
TERMINAL_STATUSES = frozenset({S.COMPLETED, S.CANCELLED})


class IllegalTransition(Exception):
    """An action that the case's status does not allow (a bug in the caller)."""

    def __init__(self, status: CaseStatus, action: Action) -> None:
        super().__init__(f"cannot {action.value} a case that is {status.value}")
        self.status = status
        self.action = action


def can(status: CaseStatus, action: Action, *, needs_approval: bool = False) -> bool:
    """Whether ``action`` is allowed now.

    A submitted case that needs approval cannot be completed before a manager approves;
    one that needs none has nothing to request.
    """
    if (status, action) not in TRANSITIONS:
        return False
    if status is S.SUBMITTED and action is Action.COMPLETE:
        return not needs_approval
    if status is S.SUBMITTED and action is Action.REQUEST_APPROVAL:
        return needs_approval
    return True


def ensure(status: CaseStatus, action: Action, *, needs_approval: bool = False) -> CaseStatus:
    """The status after ``action``, or :class:`IllegalTransition`."""
    if not can(status, action, needs_approval=needs_approval):
        raise IllegalTransition(status, action)
    return TRANSITIONS[(status, action)]


def can_follow(
    before: CaseStatus | None, after: CaseStatus, *, needs_approval: bool | None = None
) -> bool:
    """Whether a case saved as ``before`` (None: not saved yet) may next be saved as
    ``after``: opened as :data:`OPENED`, then saved again as it is while it is open (an
    inspection), or moved by one action the machine allows. ``needs_approval`` is the
    case's as saved with ``after``; None when not known (then the table alone decides)."""
    if before is None:
        return after is OPENED
    if before is after:
        return before in OPEN_STATUSES
    return any(
        TRANSITIONS[(before, action)] is after
        and (needs_approval is None or can(before, action, needs_approval=needs_approval))
        for action in Action
        if (before, action) in TRANSITIONS
    )


def allowed_actions(status: CaseStatus, *, needs_approval: bool = False) -> frozenset[Action]:
    return frozenset(a for a in Action if can(status, a, needs_approval=needs_approval))
