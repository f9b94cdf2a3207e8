"""Data functions with keyword arguments; they never commit (the route does, once)."""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import Select, bindparam, select, update
from sqlalchemy.orm import Session

from ..contract import EventIn
from ..sqltypes import utcnow
from . import checks, reference
from .core import jsontext, logs
from .core.db import PLAN_EACH_TIME, dialect_of, insert_rows, one_of
from .core.security import new_token, token_hash
from .models import Base, HOCase, HOEvent, HOFlag, HOStore


class EventRefused(Exception):
    """An event of a batch that cannot be applied; nothing of the batch may be kept."""

    def __init__(self, event: EventIn) -> None:
        super().__init__(event.event_id)
        self.event_id, self.case_no = event.event_id, event.case_no


class EventIdReused(EventRefused):
    """The same event id arrived before with a different content."""


class EventUnfit(EventRefused):
    """An event head office's checks refuse (:mod:`.checks`): whose it is, or whether it
    can be true; ``code`` and ``reason`` say why."""

    def __init__(self, event: EventIn, unfit: checks.Unfit) -> None:
        super().__init__(event)
        self.code, self.reason = unfit.code, unfit.reason


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
def _lookups(dialect: str) -> tuple[Select[int, str, int, str], Select[str, str]]:
    """The two lookups of every batch, the cases and the events already held: built once
    for each kind of database (a statement built per call costs more than it takes SQLite
    to run it)."""
    cases = select(HOCase.id, HOCase.case_no, HOCase.last_seq, HOCase.status).where(
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
    the payload of its last event applied in this batch, None if none was;
    ``held_status`` its status at head office (None: none held), as of event ``held_seq``."""

    id: int | None
    last_seq: int
    held_status: str | None = None
    held_seq: int = 0
    snapshot: dict[str, Any] | None = None
    snapshot_text: jsontext.JSONText = jsontext.JSONText()

    @property
    def status(self) -> str:
        return str((self.snapshot or {}).get("status", ""))

    @property
    def status_before(self) -> str | None:
        """The status the case's next event follows: its previous event's."""
        return self.status if self.snapshot is not None else self.held_status


def apply_events(
    session: Session, *, store: HOStore, events: Sequence[EventIn]
) -> list[Literal["applied", "duplicate"]]:
    """Apply a batch of events in order, each (store, event id) once, forever: a resend
    gets the same answer, "duplicate".

    The work is set-based, a few statements a batch rather than several an event: one
    select each for the events and cases already held, then bulk inserts and updates, and
    the returns bookkeeping once for the cases as the batch leaves them. Each event not
    held yet goes through head office's checks (:mod:`.checks`) first. Raises
    :class:`EventIdReused`, :class:`EventUnfit` or :class:`SequenceGap` for the first
    event at fault, having written nothing. An event whose times cannot be right is
    applied, and flagged (:class:`~.models.HOFlag`).
    """
    contents = [_content(e) for e in events]
    check = checks.Checks(session, store=store, events=events)
    # Cases first, then events: under READ COMMITTED another copy of this batch may
    # commit between the two selects, and a case seen implies its events are seen too
    # (answered "duplicate", not a false sequence gap).
    cases_held, events_held = _lookups(dialect_of(session))
    cases = {
        case_no: _CaseState(id=case_id, last_seq=last_seq, held_status=status, held_seq=last_seq)
        for case_id, case_no, last_seq, status in session.execute(
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
    flags: dict[tuple[str, str], tuple[str, checks.Flag]] = {}  # (case, what) -> event, flag
    now = utcnow()
    for event, (digest, payload) in zip(events, contents, strict=True):
        case = cases.setdefault(event.case_no, _CaseState(id=None, last_seq=0))
        earlier = held.get(event.event_id)
        if earlier is not None:
            if earlier != digest and earlier != _earlier_content_hash(event):
                raise EventIdReused(event)
            results.append("duplicate")
            # Held, so its case is at least this far (whatever the case row looked like
            # when it was read), in the status this event says.
            case.last_seq = max(case.last_seq, event.seq)
            if event.seq > case.held_seq and case.snapshot is None:
                case.held_status, case.held_seq = str(event.payload["status"]), event.seq
            continue
        unfit = check.whose(event)
        if unfit is not None:
            raise EventUnfit(event, unfit)
        if event.seq != case.last_seq + 1:
            raise SequenceGap(event, case.last_seq + 1)
        unfit = check.content(event, case.status_before)
        if unfit is not None:
            raise EventUnfit(event, unfit)
        for flag in check.implausible_times(event, now):
            flags.setdefault((event.case_no, flag.what), (event.event_id, flag))
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
    if flags:
        _record_flags(session, store=store, flags=flags, now=now)
    return results


def _record_flags(
    session: Session,
    *,
    store: HOStore,
    flags: dict[tuple[str, str], tuple[str, checks.Flag]],
    now: datetime,
) -> None:
    """Keep what is implausible about cases for IT (``aftersales-headoffice flags``): once
    a case and kind of flag, naming the first event that showed it."""
    known = set(
        session.execute(
            select(HOFlag.case_no, HOFlag.what).where(
                HOFlag.store_id == store.id,
                HOFlag.case_no.in_({case_no for case_no, _what in flags}),
            )
        )
    )
    fresh = [key for key in flags if key not in known]
    for case_no, what in fresh:
        event_id, flag = flags[case_no, what]
        session.add(
            HOFlag(
                store_id=store.id,
                case_no=case_no,
                event_id=event_id,
                what=what,
                detail=flag.detail[:200],
                flagged_at=now,
            )
        )
        logs.EVENTS.warning(
            "event flagged",
            extra={
                "store": store.code,
                "case_no": case_no,
                "event_id": event_id,
                "what": what,
                "detail": flag.detail,
            },
        )
    session.flush()


def flags_listed(session: Session) -> list[tuple[str, HOFlag]]:
    """Every flag, oldest first, with its store's code."""
    rows = session.execute(
        select(HOStore.code, HOFlag)
        .join(HOStore, HOStore.id == HOFlag.store_id)
        .order_by(HOFlag.flagged_at, HOFlag.id)
    )
    return [(code, flag) for code, flag in rows]


def case_of_store(session: Session, *, store: HOStore, case_no: str) -> HOCase | None:
    return session.scalar(
        select(HOCase).where(HOCase.store_id == store.id, HOCase.case_no == case_no)
    )
