"""The case's state machine: every (status, action) pair."""

from __future__ import annotations

import itertools

import pytest

from aftersales.domain.states import (
    OPEN_STATUSES,
    TERMINAL_STATUSES,
    Action,
    CaseStatus,
    IllegalTransition,
    allowed_actions,
    can,
    can_follow,
    ensure,
)

S, A = CaseStatus, Action

# Written out by hand from the process (not copied from the code's table): what each
# legal action leads to. ``None`` for needs_approval means "either way".
LEGAL: dict[tuple[CaseStatus, Action, bool | None], CaseStatus] = {
    (S.DRAFT, A.SUBMIT, None): S.SUBMITTED,
    (S.DRAFT, A.CANCEL, None): S.CANCELLED,
    (S.SUBMITTED, A.COMPLETE, False): S.COMPLETED,
    (S.SUBMITTED, A.REQUEST_APPROVAL, True): S.AWAITING_APPROVAL,
    (S.SUBMITTED, A.CANCEL, None): S.CANCELLED,
    (S.AWAITING_APPROVAL, A.APPROVE, None): S.APPROVED,
    (S.AWAITING_APPROVAL, A.REJECT, None): S.REJECTED,
    (S.AWAITING_APPROVAL, A.CANCEL, None): S.CANCELLED,
    (S.APPROVED, A.COMPLETE, None): S.COMPLETED,
    (S.REJECTED, A.REVISE, None): S.DRAFT,
    (S.REJECTED, A.COMPLETE, None): S.COMPLETED,
    (S.REJECTED, A.CANCEL, None): S.CANCELLED,
}


def expected(status: CaseStatus, action: Action, needs_approval: bool) -> CaseStatus | None:
    return LEGAL.get((status, action, None), LEGAL.get((status, action, needs_approval)))


ALL_PAIRS = [
    pytest.param(st, ac, na, id=f"{st.value}-{ac.value}-{'approval' if na else 'plain'}")
    for st, ac, na in itertools.product(CaseStatus, Action, (False, True))
]


@pytest.mark.parametrize(("status", "action", "needs_approval"), ALL_PAIRS)
def test_every_pair(status: CaseStatus, action: Action, needs_approval: bool) -> None:
    after = expected(status, action, needs_approval)
    assert can(status, action, needs_approval=needs_approval) is (after is not None)
    assert (action in allowed_actions(status, needs_approval=needs_approval)) is (after is not None)
    if after is None:
        with pytest.raises(IllegalTransition) as info:
            ensure(status, action, needs_approval=needs_approval)
        assert info.value.status is status and info.value.action is action
        assert str(info.value) == f"cannot {action.value} a case that is {status.value}"
    else:
        assert ensure(status, action, needs_approval=needs_approval) is after


def test_submitted_completes_only_without_approval() -> None:
    assert ensure(S.SUBMITTED, A.COMPLETE, needs_approval=False) is S.COMPLETED
    with pytest.raises(IllegalTransition):
        ensure(S.SUBMITTED, A.COMPLETE, needs_approval=True)
    with pytest.raises(IllegalTransition):
        ensure(S.SUBMITTED, A.REQUEST_APPROVAL, needs_approval=False)


def test_terminal_statuses_allow_nothing() -> None:
    for status in TERMINAL_STATUSES:
        for na in (False, True):
            assert allowed_actions(status, needs_approval=na) == frozenset()


def test_open_and_terminal_cover_every_status() -> None:
    assert OPEN_STATUSES | TERMINAL_STATUSES == set(CaseStatus)
    assert not OPEN_STATUSES & TERMINAL_STATUSES
    # Every open case can still be moved on by someone.
    for status in OPEN_STATUSES:
        assert allowed_actions(status) or allowed_actions(status, needs_approval=True)


@pytest.mark.parametrize("needs_approval", [False, True, None])
@pytest.mark.parametrize("after", list(CaseStatus))
@pytest.mark.parametrize("before", [None, *CaseStatus])
def test_what_may_follow_a_saved_status(
    before: CaseStatus | None, after: CaseStatus, needs_approval: bool | None
) -> None:
    """What head office lets a case's next event say: opened as a draft; then the same
    open status again (an inspection), or one legal action on (from the hand-written
    table above); nothing after the end."""
    if before is None:
        wanted = after is S.DRAFT
    elif before is after:
        wanted = before in OPEN_STATUSES
    else:
        ways = (False, True) if needs_approval is None else (needs_approval,)
        wanted = any(expected(before, a, na) is after for a in Action for na in ways)
    assert can_follow(before, after, needs_approval=needs_approval) is wanted


def test_a_draft_cannot_be_completed_in_one_step() -> None:
    assert not can_follow(S.DRAFT, S.COMPLETED)
    assert not can_follow(None, S.COMPLETED)
    assert not can_follow(S.SUBMITTED, S.COMPLETED, needs_approval=True)
    assert can_follow(S.SUBMITTED, S.COMPLETED, needs_approval=False)
