"""What a store reads of itself at head office, head office's health check, and the time
head office puts on every reply (:data:`HEAD_OFFICE_TIME`)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

DEMO_STORE_TOKEN = "demo-SH01-not-a-secret"
"""The demo store's token, the same on every demo till and in the README: not a secret, so
head office takes it only when started with ``serve --demo`` (and refuses it otherwise,
even from a demo store's row left in its database)."""


HEAD_OFFICE_TIME = "X-Head-Office-Time"
"""The header on every reply of head office, whatever the route or status: its clock when
it answered, ISO 8601 in UTC with milliseconds (``2026-06-10T04:00:00.123Z``; the standard
``Date`` header has whole seconds only). A till measures its own clock against it on every
exchange (the middle of the round trip against this time): cases are timestamped, and
return windows counted, on the till's clock."""


def format_head_office_time(moment: datetime) -> str:
    """``moment`` (aware) as :data:`HEAD_OFFICE_TIME` carries it."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_head_office_time(text: str | None) -> datetime | None:
    """The time in a :data:`HEAD_OFFICE_TIME` header; None if absent or not an aware
    ISO 8601 time (an older head office, or a proxy's page)."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


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
