"""Draining the outbox: pending events to head office in batches, in the order written.

Head office applies each (store, event id) once, so a batch can always be sent again: after
a timeout, a reset after head office committed, or a crash between the reply and marking
the rows sent. What is sent stays in the outbox, marked with the time head office took it.
"""

from __future__ import annotations

import json
import logging
import random
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select

from ..db.engine import Database
from ..db.models import OutboxEvent
from ..domain.clock import now_utc

log = logging.getLogger("aftersales.sync")

BATCH = 100
TIMEOUT_S = 15.0
BACKOFF_BASE_S = 1.0
BACKOFF_CAP_S = 300.0


class SyncProblem(StrEnum):
    UNREACHABLE = "unreachable"  # no network, refused, timed out: try again later
    SERVER_ERROR = "server_error"  # 5xx: try again later
    BAD_REPLY = "bad_reply"  # not what the API says: try again later
    UNAUTHORIZED = "unauthorized"  # 401: the till's credentials are wrong (settings)
    REFUSED = "refused"  # 4xx that will never succeed: those events are parked


@dataclass(frozen=True, slots=True)
class HeadOffice:
    """Where and as whom this till sends: the service's base URL and the store's token."""

    url: str
    token: str


@dataclass(frozen=True, slots=True)
class DrainResult:
    sent: int
    pending: int
    problem: SyncProblem | None = None
    detail: str = ""
    at: datetime | None = None


def backoff_delay(attempt: int, rng: random.Random | None = None) -> float:
    """Exponential backoff with full jitter: uniform in [0, min(cap, base * 2**attempt)]."""
    ceiling = min(BACKOFF_CAP_S, BACKOFF_BASE_S * 2 ** max(0, attempt))
    return (rng or random).uniform(0, ceiling)


def pending_count(db: Database) -> int:
    with db.read() as s:
        return int(
            s.scalar(
                select(func.count())
                .select_from(OutboxEvent)
                .where(OutboxEvent.sent_at.is_(None), OutboxEvent.last_error.not_like("parked:%"))
            )
            or 0
        )


def _post(office: HeadOffice, path: str, body: dict[str, Any]) -> tuple[int, Any]:
    request = urllib.request.Request(
        office.url.rstrip("/") + path,
        data=json.dumps(body, ensure_ascii=False).encode(),
        headers={"Authorization": f"Bearer {office.token}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as reply:
            status, raw = reply.status, reply.read()
    except urllib.error.HTTPError as e:
        status, raw = e.code, e.read()
    try:
        return status, json.loads(raw) if raw else None
    except ValueError:
        return status, raw[:200].decode("utf-8", "replace")


def drain(db: Database, office: HeadOffice, *, max_batches: int = 50) -> DrainResult:
    """Send pending events until none are left, a problem stops us, or ``max_batches``."""
    sent = 0
    for _ in range(max_batches):
        with db.read() as s:
            rows = s.scalars(
                select(OutboxEvent)
                .where(OutboxEvent.sent_at.is_(None), OutboxEvent.last_error.not_like("parked:%"))
                .order_by(OutboxEvent.id)
                .limit(BATCH)
            ).all()
            batch = [
                {
                    "event_id": r.event_id,
                    "case_no": r.case_no,
                    "seq": r.seq,
                    "kind": r.kind,
                    "payload": r.payload,
                }
                for r in rows
            ]
            ids = [r.id for r in rows]
        if not batch:
            break
        try:
            status, body = _post(office, "/api/v1/events", {"events": batch})
        except (TimeoutError, urllib.error.URLError, ConnectionError, OSError) as e:
            reason = getattr(e, "reason", e)
            return _stopped(db, ids, sent, SyncProblem.UNREACHABLE, str(reason))
        if status == 200:
            results = body.get("results") if isinstance(body, dict) else None
            if not isinstance(results, list) or len(results) != len(batch):
                return _stopped(db, ids, sent, SyncProblem.BAD_REPLY, str(body)[:200])
            _mark_sent(db, ids)
            sent += len(ids)
            continue
        if status == 401:
            return _stopped(db, ids, sent, SyncProblem.UNAUTHORIZED, "the store token is refused")
        if status >= 500:
            return _stopped(db, ids, sent, SyncProblem.SERVER_ERROR, f"HTTP {status}")
        detail = body.get("detail") if isinstance(body, dict) else None
        if status == 409 and isinstance(detail, dict) and detail.get("code") == "sequence_gap":
            # Head office lacks earlier events of that case: it will have them once we
            # send from the one it expects, which is still ours to send.
            _unsend_from(db, str(detail.get("case_no")), int(detail.get("expected_seq") or 1))
            continue
        bad = str(detail.get("event_id")) if isinstance(detail, dict) else None
        _park(db, bad, f"HTTP {status}: {detail}")
        return DrainResult(sent, pending_count(db), SyncProblem.REFUSED, f"HTTP {status}")
    return DrainResult(sent, pending_count(db), None, "", now_utc())


def _mark_sent(db: Database, ids: list[int]) -> None:
    now = now_utc()
    with db.write() as s:
        for row in s.scalars(select(OutboxEvent).where(OutboxEvent.id.in_(ids))):
            row.sent_at = now
            row.attempts += 1
            row.last_error = ""


def _stopped(
    db: Database, ids: list[int], sent: int, problem: SyncProblem, detail: str
) -> DrainResult:
    with db.write() as s:
        for row in s.scalars(select(OutboxEvent).where(OutboxEvent.id.in_(ids))):
            row.attempts += 1
            row.last_error = f"{problem.value}: {detail}"[:500]
    log.warning("sync stopped: %s (%s)", problem.value, detail)
    return DrainResult(sent, pending_count(db), problem, detail)


def _unsend_from(db: Database, case_no: str, seq: int) -> None:
    with db.write() as s:
        for row in s.scalars(
            select(OutboxEvent).where(OutboxEvent.case_no == case_no, OutboxEvent.seq >= seq)
        ):
            row.sent_at = None


def _park(db: Database, event_id: str | None, reason: str) -> None:
    """An event head office will never take stays visible as failed and stops blocking."""
    with db.write() as s:
        q = select(OutboxEvent).where(OutboxEvent.sent_at.is_(None))
        if event_id:
            q = q.where(OutboxEvent.event_id == event_id)
        row = s.scalars(q.order_by(OutboxEvent.id).limit(1)).first()
        if row is not None:
            row.last_error = f"parked: {reason}"[:500]
            row.attempts += 1


def check_connection(office: HeadOffice) -> tuple[SyncProblem | None, str]:
    """Ask head office who this till is: (None, store code) or (problem, detail)."""
    request = urllib.request.Request(
        office.url.rstrip("/") + "/api/v1/stores/me",
        headers={"Authorization": f"Bearer {office.token}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as reply:
            body = json.loads(reply.read())
    except urllib.error.HTTPError as e:
        if e.code == 401:
            return SyncProblem.UNAUTHORIZED, "the store token is refused"
        return SyncProblem.SERVER_ERROR, f"HTTP {e.code}"
    except (urllib.error.URLError, OSError) as e:
        return SyncProblem.UNREACHABLE, str(getattr(e, "reason", e))
    except ValueError:
        return SyncProblem.BAD_REPLY, "not JSON"
    if not isinstance(body, dict) or "code" not in body:
        return SyncProblem.BAD_REPLY, str(body)[:200]
    return None, str(body["code"])
