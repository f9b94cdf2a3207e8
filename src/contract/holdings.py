"""Reconciliation, head office to till: what head office holds of one till's cases, so
the till can find what head office confirmed and no longer has (a restore from backup, a
lost disk) and send it again from its kept outbox."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

MAX_HELD_PAGE = 5000
"""The most cases one page of :class:`CasesHeld` lists."""


class TillHoldings(BaseModel):
    """The cheap check, asked every few minutes: how much head office holds of a till.

    Attributes:
        till_no: the till asked about.
        cases: the till's cases head office holds.
        events: the events of those cases it holds (the sum of each case's last
            sequence number: a case's events are applied in order, with no gaps).
    """

    till_no: int
    cases: int = Field(ge=0)
    events: int = Field(ge=0)


class CaseHeld(BaseModel):
    case_no: str
    last_seq: int = Field(ge=1)


class CasesHeld(BaseModel):
    """One page of a till's cases as head office holds them, by case number."""

    items: list[CaseHeld]
    more: bool = Field(description="ask again with after= the last case number listed")


class ResendReport(BaseModel):
    """What a till sends again after comparing, and why: for head office's log."""

    reason: Literal["events_missing", "scheduled"]
    cases: int = Field(ge=0)
    events: int = Field(ge=0)
    held_events: int = Field(ge=0, description="what head office said it held of the till")
    sent_events: int = Field(ge=0, description="what the till had marked as taken")
