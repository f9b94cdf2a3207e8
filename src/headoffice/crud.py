"""Data functions with keyword arguments; they never commit (the route does, once)."""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Select, bindparam, select, update
from sqlalchemy.orm import Session

from ..contract import EventIn
from ..sqltypes import utcnow
from . import reference
from .core import jsontext
from .core.db import PLAN_EACH_TIME, dialect_of, insert_rows, one_of
from .core.security import new_token, token_hash
from .models import Base, HOCase, HOEvent, HOStore


class EventRefused(Exception):
    """An event of a batch that cannot be applied; nothing of the batch may be kept."""

    def __init__(self, event: EventIn) -> None:
        super().__init__(event.event_id)
        self.event_id, self.case_no = event.event_id, event.case_no


class EventIdReused(EventRefused):
    """The same event id arrived before with a different content."""


class SequenceGap(EventRefused):
    """An event arrived before the ones it follows; ``expected`` is the next one wanted."""

    def __init__(self, event: EventIn, expected: int) -> None:
        super().__init__(event)
        self.expected = expected


def _content(event: EventIn) -> tuple[str, jsontext.JSONText]:
    """The event's content hash, and its payload as the database keeps it."""
    payload = jsontext.canonical(event.payload)
    head = jsontext.canonical([event.case_no, event.seq, event.kind])
    return hashlib.sha256(head + payload).hexdigest(), jsontext.JSONText(payload.decode())


def content_hash(event: EventIn) -> str:
    """What an event id stands for: the case, sequence, kind and payload (keys in any
    order). A resend must match it, or the id was reused."""
    return _content(event)[0]


def _earlier_content_hash(event: EventIn) -> str:
    """The content hash of head office's first builds (the standard library's encoding):
    an event stored then may still be resent by a till that missed the answer."""
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


@functools.cache
def _lookups(dialect: str) -> tuple[Select[int, str, int], Select[str, str]]:
    """The two lookups of every batch, the cases and the events already held: built once
    for each kind of database (a statement built per call costs more than it takes SQLite
    to run it)."""
    cases = select(HOCase.id, HOCase.case_no, HOCase.last_seq).where(
        HOCase.store_id == bindparam("store"), one_of(HOCase.case_no, "case_nos", dialect)
    )
    events = select(HOEvent.event_id, HOEvent.payload_hash).where(
        HOEvent.store_id == bindparam("store"), one_of(HOEvent.event_id, "event_ids", dialect)
    )
    plan = {PLAN_EACH_TIME: True}
    return cases.execution_options(**plan), events.execution_options(**plan)


@dataclass
class _CaseState:
    """A case as the batch leaves it (``id`` None: new in this batch); ``snapshot`` is
    the payload of its last event applied in this batch, None if none was."""

    id: int | None
    last_seq: int
    snapshot: dict[str, Any] | None = None
    snapshot_text: jsontext.JSONText = jsontext.JSONText()

    @property
    def status(self) -> str:
        return str((self.snapshot or {}).get("status", ""))


def apply_events(
    session: Session, *, store: HOStore, events: Sequence[EventIn]
) -> list[Literal["applied", "duplicate"]]:
    """Apply a batch of events in order, each (store, event id) once, forever: a resend
    gets the same answer, "duplicate".

    The work is set-based, a few statements a batch rather than several an event: one
    select each for the events and cases already held, then bulk inserts and updates, and
    the returns bookkeeping once for the cases as the batch leaves them. Raises
    :class:`EventIdReused` or :class:`SequenceGap` for the first event at fault, having
    written nothing.
    """
    contents = [_content(e) for e in events]
    # Cases first, then events: under READ COMMITTED another copy of this batch may
    # commit between the two selects, and a case seen implies its events are seen too
    # (answered "duplicate", not a false sequence gap).
    cases_held, events_held = _lookups(dialect_of(session))
    cases = {
        case_no: _CaseState(id=case_id, last_seq=last_seq)
        for case_id, case_no, last_seq in session.execute(
            cases_held, {"store": store.id, "case_nos": list({e.case_no for e in events})}
        )
    }
    held: dict[str, str] = {
        event_id: digest
        for event_id, digest in session.execute(
            events_held, {"store": store.id, "event_ids": [e.event_id for e in events]}
        )
    }
    results: list[Literal["applied", "duplicate"]] = []
    new_events: list[dict[str, Any]] = []
    now = utcnow()
    for event, (digest, payload) in zip(events, contents, strict=True):
        case = cases.setdefault(event.case_no, _CaseState(id=None, last_seq=0))
        earlier = held.get(event.event_id)
        if earlier is not None:
            if earlier != digest and earlier != _earlier_content_hash(event):
                raise EventIdReused(event)
            results.append("duplicate")
            # Held, so its case is at least this far (whatever the case row looked like
            # when it was read).
            case.last_seq = max(case.last_seq, event.seq)
            continue
        if event.seq != case.last_seq + 1:
            raise SequenceGap(event, case.last_seq + 1)
        held[event.event_id] = digest
        case.last_seq, case.snapshot, case.snapshot_text = event.seq, event.payload, payload
        new_events.append(
            {
                "store_id": store.id,
                "event_id": event.event_id,
                "case_no": event.case_no,
                "seq": event.seq,
                "kind": event.kind.value,
                "payload": payload,
                "payload_hash": digest,
                "received_at": now,
            }
        )
        results.append("applied")
    if not new_events:
        return results
    insert_rows(session, Base.metadata.tables[HOEvent.__tablename__], new_events)
    changed = {no: c for no, c in cases.items() if c.snapshot is not None}
    fresh = [
        {
            "store_id": store.id,
            "case_no": case_no,
            "status": c.status,
            "last_seq": c.last_seq,
            "snapshot": c.snapshot_text,
            "updated_at": now,
            "conflict": False,
        }
        for case_no, c in changed.items()
        if c.id is None
    ]
    if fresh:
        insert_rows(session, Base.metadata.tables[HOCase.__tablename__], fresh)
    moved = [
        {
            "id": c.id,
            "status": c.status,
            "last_seq": c.last_seq,
            "snapshot": c.snapshot_text,
            "updated_at": now,
        }
        for c in changed.values()
        if c.id is not None
    ]
    if moved:
        session.execute(update(HOCase), moved)
    reference.record_returns(
        session,
        store=store,
        cases={case_no: (c.status, c.snapshot or {}) for case_no, c in changed.items()},
        new={case_no for case_no, c in changed.items() if c.id is None},
    )
    return results


def case_of_store(session: Session, *, store: HOStore, case_no: str) -> HOCase | None:
    return session.scalar(
        select(HOCase).where(HOCase.store_id == store.id, HOCase.case_no == case_no)
    )
