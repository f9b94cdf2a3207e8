"""Draining the outbox: pending events to head office in batches, in the order written.

Head office applies each (store, event id) once, so a batch can always be sent again: after
a timeout, a reset after head office committed, or a crash between the reply and marking
the rows sent. What is sent stays in the outbox, marked with the time head office took it.
Each row's state (:class:`~aftersales.db.models.OutboxState`) says whether it waits, went,
or is parked: refused for good by head office, set aside until someone puts it back.
"""

from __future__ import annotations

import email.message
import gzip
import http.client
import json
import logging
import random
import re
import urllib.error
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from pydantic import ValidationError
from sqlalchemy import func, select

from ..contract import (
    MAX_BATCH,
    PROBLEM_CODES,
    BatchRefused,
    EventBatchPublic,
    EventKind,
    Problem,
    RequestInvalid,
    TillIdentity,
    TillPublic,
    TillRefused,
)
from ..db.engine import Database
from ..db.models import OutboxEvent, OutboxState
from ..domain import clock as till_clock
from ..domain.clock import now_utc
from .identity import sender as till_sender
from .problems import LinkProblem as LinkProblem  # re-exported: callers name them here
from .problems import SyncProblem as SyncProblem
from .skew import measuring, observe
from .wire import PlainHttpRefused, UntrustedCertificate, exchange, is_loopback

log = logging.getLogger("aftersales.sync")

BATCH = MAX_BATCH
"""Events a request, the most head office takes in one: each request costs it some
milliseconds whatever its size, so a backlog after an outage drains fastest in full
batches. Sent gzipped, 500 events are some tens of kilobytes."""
GZIP_LEVEL = 6
TIMEOUT_S = 15.0
BACKOFF_BASE_S = 1.0
BACKOFF_CAP_S = 300.0
PROBE_TIMEOUT_S = 3.0
MAX_CLOCK_SKEW_S = till_clock.MAX_CLOCK_SKEW_S
TOO_LARGE = "this event alone is larger than head office, or a proxy on the way, accepts"
UNKNOWN_KIND = "not a kind of event head office takes (the contract's EventKind)"
IN_USE = "this till number is in use by another computer"


@dataclass(frozen=True, slots=True)
class HeadOffice:
    """Where and as whom this till sends: the service's base URL and the store's token."""

    url: str
    token: str
    allow_plain_http: bool = False  # http:// to another computer (settings.ini says so)
    ca_file: str = ""  # IT's private certificate authority (settings.ini); "": the system's


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
                .where(OutboxEvent.state == OutboxState.PENDING)
            )
            or 0
        )


def encode_body(body: dict[str, Any]) -> bytes:
    """A request body as the till sends it: JSON in UTF-8, gzipped."""
    return gzip.compress(json.dumps(body, ensure_ascii=False).encode(), GZIP_LEVEL, mtime=0)


def post_json(office: HeadOffice, path: str, body: dict[str, Any]) -> tuple[int, Any]:
    """POST ``body`` gzipped to head office's ``path``: the status, and the reply as JSON
    (its first 200 characters as text if it is not JSON)."""
    reply = exchange(
        office.url.rstrip("/") + path,
        method="POST",
        body=encode_body(body),
        headers={
            "Authorization": f"Bearer {office.token}",
            "Content-Type": "application/json",
            "Content-Encoding": "gzip",
        },
        timeout=TIMEOUT_S,
        plain_http_ok=office.allow_plain_http,
        ca_file=office.ca_file,
    )
    observe(reply)
    status, raw = reply.status, reply.body
    try:
        return status, json.loads(raw) if raw else None
    except ValueError:
        return status, raw[:200].decode("utf-8", "replace")


def drain(db: Database, office: HeadOffice, *, max_batches: int = 50) -> DrainResult:
    """Send pending events until none are left, a problem stops us, or ``max_batches``.

    A batch too large for head office or a proxy on the way (413) is sent again in halves,
    down to one event; so is a batch whose 422 does not say which event is at fault, until
    that event is refused alone. Either way only the event at fault is parked.

    Each batch says who sends it (this till's install id and number, see
    :mod:`.identity`). Head office refusing that (409 ``till_in_use``: another computer
    holds this till's number, or has used its case numbers) stops the drain with
    :attr:`SyncProblem.TILL_IN_USE`: nothing is parked or marked, the till must be
    enrolled again.

    The clock head office put on its replies is measured against this till's, and the
    latest measurement kept (:mod:`.skew`)."""
    with measuring(db):
        return _drain(db, office, max_batches)


def _drain(db: Database, office: HeadOffice, max_batches: int) -> DrainResult:
    who = till_sender(db)
    sent = 0
    size = BATCH
    last_gap: tuple[str, int] | None = None  # the 409 answered to the previous request
    for _ in range(max_batches):
        with db.read() as s:
            rows = s.scalars(
                select(OutboxEvent)
                .where(OutboxEvent.state == OutboxState.PENDING)
                .order_by(OutboxEvent.id)
                .limit(size)
            ).all()
            unknown = [r.event_id for r in rows if r.kind not in _KINDS]
            batch = [
                {
                    "event_id": r.event_id,
                    "case_no": r.case_no,
                    "seq": r.seq,
                    "kind": EventKind(r.kind),
                    "payload": r.payload,
                }
                for r in rows
                if r.kind in _KINDS
            ]
            ids = [r.id for r in rows]
        if unknown:
            # A bug wrote it (or a newer till's copy of this database): head office would
            # refuse it for good, so it is parked before being sent, and its case waits
            # behind it as behind any event refused.
            for event_id in unknown:
                _park(db, event_id, UNKNOWN_KIND)
            continue
        if not batch:
            break
        try:
            request: dict[str, Any] = {"events": batch}
            if who is not None:
                request["sender"] = who.model_dump()
            status, body = post_json(office, "/api/v1/events", request)
        except (TimeoutError, urllib.error.URLError, ConnectionError, OSError) as e:
            reason = getattr(e, "reason", e)
            return _stopped(db, ids, sent, SyncProblem.UNREACHABLE, str(reason))
        except http.client.IncompleteRead as e:  # the connection broke mid-reply
            return _stopped(db, ids, sent, SyncProblem.UNREACHABLE, f"reply cut short: {e!r}")
        except http.client.HTTPException as e:  # not HTTP: no status line, bad headers
            return _stopped(db, ids, sent, SyncProblem.BAD_REPLY, f"{type(e).__name__}: {e}")
        if status == 200:
            if not _confirms(body, batch):
                return _stopped(db, ids, sent, SyncProblem.BAD_REPLY, str(body)[:200])
            _mark_sent(db, ids)
            sent += len(ids)
            last_gap = None
            continue
        if status == 401:
            return _stopped(db, ids, sent, SyncProblem.UNAUTHORIZED, "the store token is refused")
        if status >= 500:
            return _stopped(db, ids, sent, SyncProblem.SERVER_ERROR, f"HTTP {status}")
        in_use = _refused_as(body, "till_in_use") if status == 409 else None
        if in_use is not None:
            # Another computer holds this till's number (or made its case numbers): no
            # event of this till is at fault, and sending again cannot help until the
            # till is enrolled again. Nothing is parked; the events wait.
            detail = (
                f"HTTP 409: {IN_USE}: re-enrol (head office refused case {in_use.case_no} "
                f"from till {in_use.till_no})"
            )
            return _stopped(db, ids, sent, SyncProblem.TILL_IN_USE, detail)
        gap = _refused_as(body, "sequence_gap") if status == 409 else None
        if gap is not None:
            # Head office lacks earlier events of that case: it will have them once we
            # send from the one it expects, which is still ours to send.
            case_no, expected = gap.case_no, gap.expected_seq or 1
            if (case_no, expected) == last_gap:
                # Sent from there just now, and asked for it again: head office does not
                # take what this till sends for that case (another install may hold this
                # till's number). Sending again would go round in circles.
                detail = (
                    f"HTTP 409: head office asked again for case {case_no} from event "
                    f"{expected}, just sent; another computer may use this till's number"
                )
                return _stopped(db, ids, sent, SyncProblem.BAD_REPLY, detail)
            last_gap = (case_no, expected)
            if _unsend_from(db, case_no, expected):
                continue
            # Unless that one is parked: the case's later events can never go before it, so
            # they are parked too, and the other cases go on.
            _park_case_after(db, case_no, expected, f"HTTP 409: {gap.model_dump()}")
            return DrainResult(sent, pending_count(db), SyncProblem.REFUSED, "HTTP 409")
        if status not in (413, 422):
            # Not head office refusing an event (its refusals are a 409 in the contract's
            # words and 422), nor a body too large, but a proxy's 404, 408, 429…: nothing
            # is said against any event, so none is parked.
            return _stopped(db, ids, sent, SyncProblem.BAD_REPLY, f"HTTP {status}")
        bad = _event_at_fault(body, batch) if status == 422 else None
        if bad is None:
            if len(batch) > 1:
                # Too large (413), or refused without saying which event (422): by halves,
                # a half that goes is sent, one refused is halved again, and the event
                # refused alone is the one (some 2 log2 n requests).
                size = len(batch) // 2
                continue
            bad = str(batch[0]["event_id"])
        _park(db, bad, f"HTTP 413: {TOO_LARGE}" if status == 413 else _refusal(status, body))
        return DrainResult(sent, pending_count(db), SyncProblem.REFUSED, f"HTTP {status}")
    else:
        pending = pending_count(db)
        if sent == 0 and pending:
            # Every request went and none took an event: that is no success.
            detail = f"{max_batches} requests and no event taken"
            return DrainResult(sent, pending, SyncProblem.BAD_REPLY, detail)
    return DrainResult(sent, pending_count(db), None, "", now_utc())


_KINDS = frozenset(EventKind)


def _refused_as(body: Any, code: str) -> Problem | None:
    """A 409's problem if it is head office's answer (:class:`BatchRefused`) with ``code``."""
    try:
        problem = BatchRefused.model_validate(body).detail
    except ValidationError:
        return None
    return problem if problem.code == code else None


def _refusal(status: int, body: Any) -> str:
    """What a parked event keeps of head office's refusal, for :func:`reason_of`: its
    code and reason in words (``HTTP 422: status_unknown: status 'x' is not…``) when head
    office named them (:class:`BatchRefused`), else what it said."""
    try:
        problem = BatchRefused.model_validate(body).detail
    except ValidationError:
        said = body.get("detail") if isinstance(body, dict) else body  # for the record
        return f"HTTP {status}: {said}"
    if not problem.reason:  # a head office before it gave reasons
        return f"HTTP {status}: {problem.code}"
    return f"HTTP {status}: {problem.code}: {problem.reason}"


def _event_at_fault(body: Any, batch: list[dict[str, Any]]) -> str | None:
    """The event id a 422 refuses: named by head office (:class:`BatchRefused`: an id
    reused with another content), or the batch's event a validation error points at
    (:class:`RequestInvalid`, ``loc`` is ``["body", "events", i, ...]``). None if the
    answer is neither, or names no event of the batch."""
    try:
        named = BatchRefused.model_validate(body).detail.event_id
    except ValidationError:
        pass
    else:
        return named if any(e["event_id"] == named for e in batch) else None
    try:
        errors = RequestInvalid.model_validate(body).detail
    except ValidationError:
        return None
    for error in errors:
        loc = error.loc
        if loc[:2] == ["body", "events"] and len(loc) > 2:
            i = loc[2]
            if isinstance(i, int) and 0 <= i < len(batch):
                return str(batch[i]["event_id"])
    return None


def _confirms(body: Any, batch: list[dict[str, Any]]) -> bool:
    """Whether a 200 is head office's answer (:class:`EventBatchPublic`) confirming each
    event of the batch, in order: only those may be marked sent (a 200 from something else
    than head office must not lose events)."""
    try:
        results = EventBatchPublic.model_validate(body).results
    except ValidationError:
        return False
    return [r.event_id for r in results] == [e["event_id"] for e in batch]


def _mark_sent(db: Database, ids: list[int]) -> None:
    now = now_utc()
    with db.write() as s:
        for row in s.scalars(select(OutboxEvent).where(OutboxEvent.id.in_(ids))):
            row.state, row.sent_at = OutboxState.SENT, now
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


def _unsend_from(db: Database, case_no: str, seq: int) -> bool:
    """Send the case again from ``seq``; False if that very event is parked here.

    (No such event here is no reason to stop: head office may have answered from a read
    taken while another copy of the same events was being applied; the resend is then a
    duplicate.)"""
    parked = False
    with db.write() as s:
        for row in s.scalars(
            select(OutboxEvent).where(OutboxEvent.case_no == case_no, OutboxEvent.seq >= seq)
        ):
            if row.state == OutboxState.SENT:
                row.state, row.sent_at = OutboxState.PENDING, None
            parked = parked or (row.seq == seq and row.state == OutboxState.PARKED)
    return not parked


def _park_case_after(db: Database, case_no: str, seq: int, reason: str) -> None:
    """Park the case's events after ``seq``: head office takes none before that one."""
    with db.write() as s:
        for row in s.scalars(
            select(OutboxEvent).where(
                OutboxEvent.case_no == case_no,
                OutboxEvent.seq > seq,
                OutboxEvent.state == OutboxState.PENDING,
            )
        ):
            row.state, row.last_error = OutboxState.PARKED, reason[:500]
            row.attempts += 1


def _park(db: Database, event_id: str, reason: str) -> None:
    """An event head office will never take stays visible as failed and stops blocking."""
    with db.write() as s:
        row = s.scalars(
            select(OutboxEvent).where(
                OutboxEvent.state == OutboxState.PENDING, OutboxEvent.event_id == event_id
            )
        ).first()
        if row is not None:
            row.state, row.last_error = OutboxState.PARKED, reason[:500]
            row.attempts += 1


def probe(office: HeadOffice, timeout: float = PROBE_TIMEOUT_S) -> bool:
    """Whether head office answers its health check now: cheap, no token, short timeout.

    Used while sending is backing off, to send at once when the link comes back.
    """
    try:
        reply = exchange(
            office.url.rstrip("/") + "/api/v1/health",
            timeout=timeout,
            plain_http_ok=office.allow_plain_http,
            ca_file=office.ca_file,
        )
        body = reply.json() if reply.status == 200 else None
    except (OSError, http.client.HTTPException, ValueError):
        return False
    return isinstance(body, dict) and body.get("status") == "ok"


@dataclass(frozen=True, slots=True)
class LinkCheck:
    """The outcome of :func:`check_link`.

    Attributes:
        problem: None when everything is right.
        store_code: the store head office knows the token as ("" if it did not say).
        skew_s: this till's clock minus head office's, in seconds (None if not measured).
        detail: the technical detail behind ``problem`` (for the log and IT).
    """

    problem: LinkProblem | None
    store_code: str = ""
    skew_s: float | None = None
    detail: str = ""


def get_json(
    url: str,
    token: str | None,
    timeout: float | None = None,
    *,
    plain_http_ok: bool = False,
    ca_file: str = "",
) -> Any:
    """GET a JSON document within one deadline (``TIMEOUT_S`` by default); an answer other
    than 2xx raises ``urllib.error.HTTPError`` with its status, as urllib's own did. The
    reply's clock measurement goes to the :func:`.skew.measuring` block around, if any,
    whatever the status."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    reply = exchange(
        url,
        headers=headers,
        timeout=TIMEOUT_S if timeout is None else timeout,
        plain_http_ok=plain_http_ok,
        ca_file=ca_file,
    )
    observe(reply)
    if not 200 <= reply.status < 300:
        raise urllib.error.HTTPError(
            url, reply.status, f"HTTP {reply.status}", email.message.Message(), None
        )
    return reply.json()


def check_link(
    office: HeadOffice,
    store_code: str | None,
    *,
    clock: Callable[[], datetime] | None = None,
    timeout: float | None = None,
) -> LinkCheck:
    """Test the connection the way the till uses it, and say the first thing that is wrong.

    Reachable (health check), then the token (``/stores/me``), then whether the token is
    this till's store (``store_code``; None skips that check), then whether this till's
    clock (``clock``, by default :func:`aftersales.domain.clock.now_utc`) agrees with head
    office's within :data:`MAX_CLOCK_SKEW_S`: cases are timestamped at the till.
    """
    now = clock or till_clock.now_utc
    base = office.url.rstrip("/") + "/api/v1"
    host = urlsplit(office.url).hostname or ""
    if urlsplit(office.url).scheme == "http" and not office.allow_plain_http:
        if not is_loopback(host):
            return LinkCheck(LinkProblem.PLAIN_HTTP, detail=str(PlainHttpRefused(host)))
    plain, ca = office.allow_plain_http, office.ca_file
    skew: float | None = None
    before = now()
    try:
        health = get_json(base + "/health", None, timeout, plain_http_ok=plain, ca_file=ca)
    except UntrustedCertificate as e:
        return LinkCheck(LinkProblem.UNTRUSTED_CERTIFICATE, detail=str(e))
    except urllib.error.HTTPError as e:
        health = None  # an older head office, or a proxy's page: the token check will say
        log.info("health check: HTTP %s", e.code)
    except (urllib.error.URLError, OSError, http.client.IncompleteRead) as e:
        return LinkCheck(LinkProblem.UNREACHABLE, detail=str(getattr(e, "reason", e)))
    except (http.client.HTTPException, ValueError):
        health = None  # not head office's answer: the token check will say
    after = now()
    if isinstance(health, dict) and isinstance(health.get("time"), str):
        try:
            theirs = datetime.fromisoformat(health["time"])
        except ValueError:
            theirs = None
        if theirs is not None and theirs.tzinfo is not None:
            ours = before + (after - before) / 2  # the middle of the round trip
            skew = (ours - theirs) / timedelta(seconds=1)
    try:
        me = get_json(base + "/stores/me", office.token, timeout, plain_http_ok=plain, ca_file=ca)
    except UntrustedCertificate as e:
        return LinkCheck(LinkProblem.UNTRUSTED_CERTIFICATE, skew_s=skew, detail=str(e))
    except urllib.error.HTTPError as e:
        if e.code == 401:
            return LinkCheck(LinkProblem.UNAUTHORIZED, skew_s=skew, detail="HTTP 401")
        return LinkCheck(LinkProblem.SERVER_ERROR, skew_s=skew, detail=f"HTTP {e.code}")
    except (urllib.error.URLError, OSError, http.client.IncompleteRead) as e:
        return LinkCheck(LinkProblem.UNREACHABLE, detail=str(getattr(e, "reason", e)))
    except http.client.HTTPException as e:
        return LinkCheck(LinkProblem.BAD_REPLY, skew_s=skew, detail=f"{type(e).__name__}: {e}")
    except ValueError:
        return LinkCheck(LinkProblem.BAD_REPLY, skew_s=skew, detail="not JSON")
    if not isinstance(me, dict) or "code" not in me:
        return LinkCheck(LinkProblem.BAD_REPLY, skew_s=skew, detail=str(me)[:200])
    code = str(me["code"])
    if store_code is not None and code != store_code:
        return LinkCheck(LinkProblem.WRONG_STORE, code, skew, f"token of {code}")
    if skew is not None and abs(skew) > MAX_CLOCK_SKEW_S:
        return LinkCheck(LinkProblem.CLOCK_SKEW, code, skew, f"{skew:+.0f} s")
    return LinkCheck(None, code, skew)


def claim_till(office: HeadOffice, identity: TillIdentity) -> tuple[SyncProblem | None, str]:
    """Ask head office to hold ``identity``'s till number for its install (enrolment):
    (None, "") if it does, else the problem and its detail; TILL_IN_USE if another
    install holds the number. A head office older than till numbers held (404) has
    nothing to hold: that is no problem."""
    try:
        status, body = post_json(office, "/api/v1/tills/claim", identity.model_dump())
    except (TimeoutError, urllib.error.URLError, ConnectionError, OSError) as e:
        return SyncProblem.UNREACHABLE, str(getattr(e, "reason", e))
    except http.client.HTTPException as e:
        return SyncProblem.BAD_REPLY, f"{type(e).__name__}: {e}"
    if status == 200:
        try:
            held = TillPublic.model_validate(body)
        except ValidationError:
            return SyncProblem.BAD_REPLY, str(body)[:200]
        if (held.install_id, held.till_no) != (identity.install_id, identity.till_no):
            return SyncProblem.BAD_REPLY, f"head office holds another till: {body}"[:200]
        return None, ""
    if status == 409:
        try:
            TillRefused.model_validate(body)
        except ValidationError:
            return SyncProblem.BAD_REPLY, f"HTTP 409: {str(body)[:200]}"
        return SyncProblem.TILL_IN_USE, f"{IN_USE} (till {identity.till_no})"
    if status == 404:
        log.info("head office holds no till numbers (404): an older head office")
        return None, ""
    if status == 401:
        return SyncProblem.UNAUTHORIZED, "the store token is refused"
    if status >= 500:
        return SyncProblem.SERVER_ERROR, f"HTTP {status}"
    return SyncProblem.BAD_REPLY, f"HTTP {status}"


# -- what the sync screen shows ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OutboxRow:
    """One unsent event as the sync screen lists it.

    Attributes:
        reason: why it is still here, as a code: "" (not tried yet), a :class:`SyncProblem`
            value for a waiting event, "resent" for one head office took and no longer
            holds (``sync.reconcile``), or for a parked one head office's refusal (one of
            the contract's :data:`~aftersales.contract.PROBLEM_CODES`, "too_large", or
            "refused").
        detail: the technical detail (an HTTP status, head office's reason in words, an
            error text).
    """

    event_id: str
    case_no: str
    seq: int
    kind: str
    created_at: datetime
    attempts: int
    parked: bool
    reason: str
    detail: str


@dataclass(frozen=True, slots=True)
class OutboxOverview:
    pending: tuple[OutboxRow, ...]
    parked: tuple[OutboxRow, ...]
    pending_total: int
    parked_total: int
    last_sent_at: datetime | None


_NAMED_REFUSAL = re.compile(r"HTTP (\d{3}): ([a-z_]+): (.*)", re.DOTALL)


def reason_of(state: str, last_error: str) -> tuple[str, str]:
    """Read back why :func:`drain` left an event of ``state`` unsent, from what it stored
    in ``last_error``: (reason code, detail). See :class:`OutboxRow`."""
    if state == OutboxState.PARKED:
        named = _NAMED_REFUSAL.match(last_error)
        if named and named.group(2) in PROBLEM_CODES:
            return named.group(2), f"HTTP {named.group(1)}: {named.group(3)}"
        status = re.match(r"HTTP (\d{3})", last_error)
        detail = f"HTTP {status.group(1)}" if status else last_error[:80]
        # As a till before head office's reasons kept them: the refusal as head office
        # said it (its code somewhere in it).
        for code in ("event_id_reused", "sequence_gap"):
            if code in last_error:
                return code, detail
        if detail == "HTTP 413":
            return "too_large", detail
        return "refused", detail
    if last_error.startswith("resent:"):  # reconciliation put it back (sync.reconcile)
        return "resent", ""
    code, _, detail = last_error.partition(":")
    if code in {p.value for p in SyncProblem}:
        return code, detail.strip()
    return "", last_error


def outbox_overview(db: Database, limit: int = 500) -> OutboxOverview:
    """The unsent events, waiting and parked (oldest first, at most ``limit`` of each)."""

    def rows(s: Any, state: OutboxState) -> tuple[OutboxRow, ...]:
        out = []
        for r in s.scalars(
            select(OutboxEvent)
            .where(OutboxEvent.state == state)
            .order_by(OutboxEvent.id)
            .limit(limit)
        ):
            reason, detail = reason_of(r.state, r.last_error or "")
            out.append(
                OutboxRow(
                    r.event_id,
                    r.case_no,
                    r.seq,
                    r.kind,
                    r.created_at,
                    r.attempts,
                    state == OutboxState.PARKED,
                    reason,
                    detail,
                )
            )
        return tuple(out)

    def count(s: Any, state: OutboxState) -> int:
        return int(
            s.scalar(
                select(func.count()).select_from(OutboxEvent).where(OutboxEvent.state == state)
            )
            or 0
        )

    with db.read() as s:
        return OutboxOverview(
            rows(s, OutboxState.PENDING),
            rows(s, OutboxState.PARKED),
            count(s, OutboxState.PENDING),
            count(s, OutboxState.PARKED),
            s.scalar(select(func.max(OutboxEvent.sent_at))),
        )


def unpark(db: Database, event_ids: Iterable[str]) -> int:
    """Put parked events back in the queue (after head office fixed what it refused),
    with the later events of their cases that were parked behind them.

    Returns how many were parked and are now waiting again.
    """
    ids = list(event_ids)
    if not ids:
        return 0
    n = 0
    with db.write() as s:
        parked = OutboxEvent.state == OutboxState.PARKED
        chosen = s.scalars(select(OutboxEvent).where(OutboxEvent.event_id.in_(ids), parked))
        first: dict[str, int] = {}
        for row in chosen:
            first[row.case_no] = min(row.seq, first.get(row.case_no, row.seq))
        for case_no, seq in first.items():
            for row in s.scalars(
                select(OutboxEvent).where(
                    OutboxEvent.case_no == case_no, OutboxEvent.seq >= seq, parked
                )
            ):
                row.state, row.last_error = OutboxState.PENDING, ""
                n += 1
    log.info("%d parked event(s) back in the queue", n)
    return n
