"""Requests refused, as FastAPI words them: the reason under ``detail``."""

from __future__ import annotations

from pydantic import BaseModel


class Refusal(BaseModel):
    """A request refused (no or an unknown token, nothing found): why, in words."""

    detail: str


class FieldError(BaseModel):
    """One thing wrong with a request, as FastAPI's validation reports it."""

    loc: list[str | int]
    msg: str
    type: str


class RequestInvalid(BaseModel):
    """A request that does not fit this schema (422): each thing wrong with it."""

    detail: list[FieldError]
