"""Events, till to head office: a batch of a till's outbox, head office's answer, and why
it refuses one."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, Field

from .fields import AS_JSON_INTEGER, NO_NUL
from .snapshot import Snapshot
from .tills import TillIdentity

MAX_BATCH = 500
"""The most events head office takes in one request."""


class EventKind(StrEnum):
    """What happened to a case, as its till queues it for head office."""

    CASE_OPENED = "case_opened"
    INSPECTION_RECORDED = "inspection_recorded"
    CASE_SUBMITTED = "case_submitted"
    APPROVAL_REQUESTED = "approval_requested"
    CASE_APPROVED = "case_approved"
    CASE_REJECTED = "case_rejected"
    CASE_COMPLETED = "case_completed"
    CASE_CANCELLED = "case_cancelled"
    CASE_REVISED = "case_revised"


class EventIn(BaseModel):
    """One outbox event as a till sends it."""

    event_id: str = Field(
        min_length=36, max_length=36, pattern=NO_NUL, description="fixed when the till wrote it"
    )
    case_no: str = Field(min_length=1, max_length=32, pattern=NO_NUL)
    seq: Annotated[int, Field(ge=1), AS_JSON_INTEGER] = Field(
        description="the case's event number, from 1 with no gaps"
    )
    kind: EventKind
    payload: Snapshot


class EventBatchIn(BaseModel):
    events: list[EventIn] = Field(min_length=1, max_length=MAX_BATCH)
    # Optional so that tills older than install ids keep sending: head office takes their
    # batches as before. A till that says who it is has its till number checked: the
    # number must be its install's, and the case numbers of that till.
    sender: TillIdentity | None = Field(
        default=None, description="the install and till number that send the batch"
    )


class EventResult(BaseModel):
    event_id: str
    result: Literal["applied", "duplicate"]


class EventBatchPublic(BaseModel):
    results: list[EventResult]


ProblemCode = Literal[
    "event_id_reused",
    "sequence_gap",
    "case_no_malformed",
    "case_of_other_store",
    "receipt_of_other_store",
    "qty_above_sold",
    "amount_above_paid",
    "status_unknown",
    "status_not_allowed",
    "till_in_use",
]
"""Why head office refuses an event:

- ``event_id_reused``: the event id came before with another content;
- ``sequence_gap``: the case's earlier events have not arrived (409, ``expected_seq``);
- ``case_no_malformed``: not a case number (``{store}-{yymmdd}-{till}-{seq}``), or the
  snapshot names another case than the event;
- ``case_of_other_store``: the case number is another store's;
- ``receipt_of_other_store``: the sale the case is about is another store's;
- ``qty_above_sold``: more of a receipt line than the sale holds (or a line it has not);
- ``amount_above_paid``: a refund or compensation above what was paid for those items;
- ``status_unknown``: a status the case state machine does not have;
- ``status_not_allowed``: a status that cannot follow the case's previous one (a case
  opened, then completed at once);
- ``till_in_use`` (409): the sender's till number is held by another install, or the
  event's case number is another till's, or another computer has already used that case
  number (a copy of the till): ``till_no`` is the sender's number, and the till must be
  enrolled again (another number, or IT releases this one).
"""

PROBLEM_CODES: tuple[str, ...] = get_args(ProblemCode)


class Problem(BaseModel):
    """Why a batch was refused (nothing of it was stored): the first event at fault."""

    code: ProblemCode
    event_id: str
    case_no: str
    expected_seq: int | None = None
    till_no: int | None = None
    reason: str = Field(
        default="", description="the same in words, for people (IT, the till's detail)"
    )


class BatchRefused(BaseModel):
    """A batch refused (409, 422): the problem, under ``detail``."""

    detail: Problem
