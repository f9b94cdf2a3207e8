"""What a store reads of itself at head office, and head office's health check."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

DEMO_STORE_TOKEN = "demo-SH01-not-a-secret"
"""The demo store's token, the same on every demo till and in the README: not a secret, so
head office takes it only when started with ``serve --demo`` (and refuses it otherwise,
even from a demo store's row left in its database)."""


class Health(BaseModel):
    """The health check's answer: no token needed, cheap enough to ask every few seconds."""

    status: Literal["ok"]
    time: datetime = Field(
        description="head office's clock (UTC); a till compares its own with it, as cases "
        "are timestamped at the till"
    )


class StorePublic(BaseModel):
    code: str
    name: str
    phone: str = ""
    address: str = ""


class CasePublic(BaseModel):
    case_no: str
    status: str
    last_seq: int
    # As head office stored it: events it took before the snapshot was typed whole may
    # not fit CaseSnapshot, and an answer must not fail on them.
    snapshot: dict[str, Any]
