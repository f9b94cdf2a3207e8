"""Data functions with keyword arguments; they never commit (the route does, once)."""

from __future__ import annotations

import hashlib
import json
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import reference
from .core.security import new_token, token_hash
from .models import HOCase, HOEvent, HOStore
from .schemas import EventIn


class EventIdReused(Exception):
    """The same event id arrived before with a different content."""


class SequenceGap(Exception):
    """An event arrived before the ones it follows; ``expected`` is the next one wanted."""

    def __init__(self, expected: int) -> None:
        super().__init__(expected)
        self.expected = expected


def content_hash(event: EventIn) -> str:
    body = {
        "case_no": event.case_no,
        "seq": event.seq,
        "kind": event.kind,
        "payload": event.payload,
    }
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def create_store(session: Session, *, code: str, name: str) -> tuple[HOStore, str]:
    """Enrol a store; returns it and its token, which is never stored or shown again."""
    token = new_token()
    store = HOStore(code=code, name=name, token_hash=token_hash(token))
    session.add(store)
    session.flush()
    return store, token


def new_store_token(session: Session, *, code: str) -> str | None:
    """Replace a store's token (lost, or a till stolen); the old one stops working at once.
    None if there is no such store."""
    store = session.scalar(select(HOStore).where(HOStore.code == code))
    if store is None:
        return None
    token = new_token()
    store.token_hash = token_hash(token)
    session.flush()
    return token


def store_by_token(session: Session, *, token: str) -> HOStore | None:
    return session.scalar(select(HOStore).where(HOStore.token_hash == token_hash(token)))


def apply_event(
    session: Session, *, store: HOStore, event: EventIn
) -> Literal["applied", "duplicate"]:
    """Apply one event once, forever; a resend gets the same answer."""
    digest = content_hash(event)
    earlier = session.scalar(
        select(HOEvent).where(HOEvent.store_id == store.id, HOEvent.event_id == event.event_id)
    )
    if earlier is not None:
        if earlier.payload_hash != digest:
            raise EventIdReused()
        return "duplicate"
    case = session.scalar(
        select(HOCase).where(HOCase.store_id == store.id, HOCase.case_no == event.case_no)
    )
    expected = 1 if case is None else case.last_seq + 1
    if event.seq != expected:
        raise SequenceGap(expected)
    session.add(
        HOEvent(
            store_id=store.id,
            event_id=event.event_id,
            case_no=event.case_no,
            seq=event.seq,
            kind=event.kind,
            payload=event.payload,
            payload_hash=digest,
        )
    )
    status = str(event.payload.get("status", ""))
    if case is None:
        case = HOCase(
            store_id=store.id,
            case_no=event.case_no,
            status=status,
            last_seq=event.seq,
            snapshot=event.payload,
            conflict=False,
        )
        session.add(case)
    else:
        case.status, case.last_seq, case.snapshot = status, event.seq, event.payload
    session.flush()
    reference.record_case_returns(session, store=store, case=case)
    return "applied"


def case_of_store(session: Session, *, store: HOStore, case_no: str) -> HOCase | None:
    return session.scalar(
        select(HOCase).where(HOCase.store_id == store.id, HOCase.case_no == case_no)
    )
