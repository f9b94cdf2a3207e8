"""What goes over the wire, one model per direction."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


class EventIn(BaseModel):
    """One outbox event as a till sends it."""

    event_id: str = Field(min_length=36, max_length=36, description="fixed when the till wrote it")
    case_no: str = Field(min_length=1, max_length=32)
    seq: int = Field(ge=1, description="the case's event number, from 1 with no gaps")
    kind: str = Field(min_length=1, max_length=32)
    payload: dict[str, Any]


class EventBatchIn(BaseModel):
    events: list[EventIn] = Field(min_length=1, max_length=500)


class EventResult(BaseModel):
    event_id: str
    result: Literal["applied", "duplicate"]


class EventBatchPublic(BaseModel):
    results: list[EventResult]


class Problem(BaseModel):
    """Why a batch was refused (nothing of it was stored)."""

    code: Literal["event_id_reused", "sequence_gap"]
    event_id: str
    case_no: str
    expected_seq: int | None = None


class StorePublic(BaseModel):
    code: str
    name: str


class CasePublic(BaseModel):
    case_no: str
    status: str
    last_seq: int
    snapshot: dict[str, Any]
