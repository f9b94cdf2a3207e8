"""Which computer is which till: an install's identity, its claim on a till number of its
store, and head office's refusal when another install holds that number."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from .fields import AS_JSON_INTEGER

INSTALL_ID = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
"""An install id as a till makes it: a UUID in lower-case hex with hyphens."""

TillNo = Annotated[int, Field(ge=1, le=99), AS_JSON_INTEGER]
"""A till number within its store: two digits of every case number it makes."""


class TillIdentity(BaseModel):
    """Who a till is: this computer's install (made when it enrolled, kept in its database)
    and the till number of the store it enrolled as."""

    install_id: str = Field(pattern=INSTALL_ID, description="made once by the till, a uuid4")
    till_no: TillNo


class TillPublic(BaseModel):
    """A till number of the store and the install that holds it."""

    till_no: int
    install_id: str
    claimed_at: datetime
    last_seen_at: datetime


class TillInUse(BaseModel):
    """Another install holds the till number: a second computer enrolled as it, or a copy."""

    code: Literal["till_in_use"]
    till_no: int


class TillRefused(BaseModel):
    """A claim refused (409): why, under ``detail``."""

    detail: TillInUse
