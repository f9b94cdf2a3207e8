"""Events, till to head office: a batch of a till's outbox, head office's answer, and why
it refuses one."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

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


class Problem(BaseModel):
    """Why a batch was refused (nothing of it was stored).

    ``till_in_use`` (409): the sender's till number is held by another install, or the
    event's case number is another till's, or another computer has already used that
    case number (a copy of the till): ``till_no`` is the sender's number, and the till
    must be enrolled again (another number, or IT releases this one)."""

    code: Literal["event_id_reused", "sequence_gap", "till_in_use"]
    event_id: str
    case_no: str
    expected_seq: int | None = None
    till_no: int | None = None


class BatchRefused(BaseModel):
    """A batch refused (409, 422): the problem, under ``detail``."""

    detail: Problem
