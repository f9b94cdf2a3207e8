"""Reconciliation: finding what head office confirmed and no longer holds, and sending it
again from the outbox this till keeps.

Head office restored from last night's backup has lost every event it took since, and a
till that marked them sent would never send them again: a completed case has no later
event whose sequence gap would show the loss. So, every few minutes, the till asks how
many of its events head office holds (:class:`~aftersales.contract.TillHoldings`, one cheap
request). Fewer than it marked as taken is the sign of a restore: it then lists what head
office holds case by case (:class:`~aftersales.contract.CasesHeld`) and puts back in the
queue every event after the last one head office holds of each case. Once a day it
compares case by case anyway (a restore hidden by events sent since). Head office applies
each event id once, so an event sent again that it did hold is answered "duplicate":
exactly once in effect.

(Reference data needs no such care: head office never gives a revision twice, restored or
not, so a till's cursors stay good.)

What was found is kept in the till's settings (:func:`last_reconciliation`) for the sync
screen, and head office is told (its log says what was sent again and why).
"""

from __future__ import annotations

import http.client
import json
import logging
import urllib.error
import urllib.parse
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any, Literal, cast

from pydantic import ValidationError
from sqlalchemy import CursorResult, bindparam, func, select, update

from ..contract import MAX_HELD_PAGE, CasesHeld, ResendReport, TillHoldings
from ..db.engine import Database
from ..db.models import AppSetting, OutboxEvent, OutboxState
from ..domain import clock
from .outbox import HeadOffice, SyncProblem, get_json, post_json
from .wire import PlainHttpRefused, Redirected, ReplyTooLarge

log = logging.getLogger("aftersales.sync.reconcile")

CHECK_EVERY = timedelta(minutes=10)
"""How often the till asks head office how much of it it holds."""
COMPARE_EVERY = timedelta(hours=24)
"""How often the till compares case by case even when the figures agree."""
MAX_PAGES = 1000
SETTING = "reconciliation"
RESENT = "resent: head office no longer held it (restored from a backup?)"
"""What an event put back in the queue says until it goes."""


@dataclass(frozen=True, slots=True)
class Reconciled:
    """What one reconciliation found.

    Attributes:
        at: when it ran (the till's clock).
        compared_at: when the cases were last compared one by one (None: never).
        held_events: the events of this till head office said it held.
        sent_events: the events this till had marked as taken by head office.
        resent_events: events put back in the queue to be sent again, the last time any
            were (this time or an earlier one: the sync screen keeps saying it).
        resent_cases: the cases they belong to.
        resent_at: when that was (None: never).
        problem: why it could not be done (None: it was).
        detail: the technical detail behind ``problem``.
    """

    at: datetime
    compared_at: datetime | None = None
    held_events: int = 0
    sent_events: int = 0
    resent_events: int = 0
    resent_cases: int = 0
    resent_at: datetime | None = None
    problem: SyncProblem | None = None
    detail: str = ""

    def to_json(self) -> str:
        data = asdict(self)
        data["at"] = self.at.isoformat()
        for key in ("compared_at", "resent_at"):
            moment = data[key]
            data[key] = moment.isoformat() if moment else None
        data["problem"] = self.problem.value if self.problem else None
        return json.dumps(data)

    @classmethod
    def from_json(cls, text: str) -> Reconciled | None:
        try:
            data = json.loads(text)
            data["at"] = datetime.fromisoformat(data["at"])
            for key in ("compared_at", "resent_at"):
                moment = data.get(key)
                data[key] = datetime.fromisoformat(moment) if moment else None
            problem = data.get("problem")
            data["problem"] = SyncProblem(problem) if problem else None
            return cls(**data)
        except (ValueError, TypeError, KeyError):
            return None  # written by another version: as if never reconciled


class _Refused(Exception):
    def __init__(self, problem: SyncProblem, detail: str) -> None:
        super().__init__(detail)
        self.problem, self.detail = problem, detail


def last_reconciliation(db: Database) -> Reconciled | None:
    """The last reconciliation this till made (None: never)."""
    with db.read() as s:
        text = s.scalar(select(AppSetting.value).where(AppSetting.key == SETTING))
    return Reconciled.from_json(text) if text else None


def due(db: Database, now: datetime | None = None) -> Literal["check", "compare"] | None:
    """What reconciliation is due now: the cheap check, a case-by-case comparison, or
    nothing."""
    now = now or clock.now_utc()
    last = last_reconciliation(db)
    if last is None or last.compared_at is None or now - last.compared_at >= COMPARE_EVERY:
        return "compare"
    if now - last.at >= CHECK_EVERY or now < last.at:  # the clock was set back
        return "check"
    return None


def reconcile(
    db: Database, office: HeadOffice, till_no: int, *, compare: bool = False
) -> Reconciled:
    """Compare what head office holds of till ``till_no`` with what this till marked as
    taken, and put back in the queue what head office lacks (see the module's notes).

    The cases are compared one by one when ``compare`` is set or the figures show a loss.
    Never raises for what the network or head office does: a :class:`Reconciled` with its
    ``problem`` says it, and nothing was changed.
    """
    now = clock.now_utc()
    last = last_reconciliation(db)
    compared_at = last.compared_at if last else None
    base = f"/api/v1/holdings/tills/{till_no}"
    try:
        holdings = _read(office, base, TillHoldings)
        sent = _sent_count(db, till_no)
        resent: tuple[int, int] = (0, 0)
        if compare or holdings.events < sent:
            held = _cases_held(office, base)
            resent = _requeue(db, held, till_no)
            compared_at = now
    except _Refused as e:
        log.warning("reconciliation not done: %s (%s)", e.problem.value, e.detail)
        return Reconciled(now, compared_at, problem=e.problem, detail=e.detail)
    if resent[0]:
        result = Reconciled(now, compared_at, holdings.events, sent, *resent, now)
    elif last is not None:  # nothing this time: what went the last time is still said
        result = Reconciled(
            now,
            compared_at,
            holdings.events,
            sent,
            last.resent_events,
            last.resent_cases,
            last.resent_at,
        )
    else:
        result = Reconciled(now, compared_at, holdings.events, sent)
    with db.write() as s:
        row = s.get(AppSetting, SETTING)
        if row is None:
            s.add(AppSetting(key=SETTING, value=result.to_json()))
        else:
            row.value = result.to_json()
    if resent[0]:
        log.warning(
            "head office holds %d event(s) of this till, %d were marked as taken: %d "
            "event(s) of %d case(s) go again",
            result.held_events,
            result.sent_events,
            result.resent_events,
            result.resent_cases,
        )
        _report(office, base, result)
    return result


def _read(office: HeadOffice, path: str, model: Any) -> Any:
    url = office.url.rstrip("/") + path
    try:
        body = get_json(
            url, office.token, plain_http_ok=office.allow_plain_http, ca_file=office.ca_file
        )
    except urllib.error.HTTPError as e:
        if e.code == 401:
            raise _Refused(SyncProblem.UNAUTHORIZED, "the store token is refused") from None
        kind = SyncProblem.SERVER_ERROR if e.code >= 500 else SyncProblem.BAD_REPLY
        raise _Refused(kind, f"HTTP {e.code} for {path}") from None
    except (Redirected, ReplyTooLarge, PlainHttpRefused) as e:
        raise _Refused(SyncProblem.BAD_REPLY, f"{e} ({path})") from None
    except (TimeoutError, urllib.error.URLError, OSError, http.client.IncompleteRead) as e:
        raise _Refused(SyncProblem.UNREACHABLE, str(getattr(e, "reason", e))) from None
    except (http.client.HTTPException, ValueError):
        raise _Refused(SyncProblem.BAD_REPLY, f"not JSON from {path}") from None
    try:
        return model.model_validate(body)
    except ValidationError as e:
        raise _Refused(SyncProblem.BAD_REPLY, f"{path}: {e.errors()[0]['msg']}") from None


def _cases_held(office: HeadOffice, base: str) -> dict[str, int]:
    """Every case of the till head office holds, with its last event applied."""
    held: dict[str, int] = {}
    after = ""
    for _ in range(MAX_PAGES):
        query = urllib.parse.urlencode({"after": after, "limit": MAX_HELD_PAGE})
        page: CasesHeld = _read(office, f"{base}/cases?{query}", CasesHeld)
        for item in page.items:
            if item.case_no <= after:
                raise _Refused(SyncProblem.BAD_REPLY, "the case list went backwards")
            held[item.case_no] = item.last_seq
            after = item.case_no
        if not page.more or not page.items:
            return held
    raise _Refused(SyncProblem.BAD_REPLY, f"more than {MAX_PAGES} pages of cases")


def _of_till(till_no: int) -> Any:
    """This till's events: a case number ends in its till number and sequence
    (``domain.scan.case_number``). A database copied from another till to set this one up
    still holds that till's cases, which that till sends."""
    return OutboxEvent.case_no.like(f"%-{till_no:02d}-____")


def _sent_count(db: Database, till_no: int) -> int:
    with db.read() as s:
        return int(
            s.scalar(
                select(func.count())
                .select_from(OutboxEvent)
                .where(OutboxEvent.state == OutboxState.SENT, _of_till(till_no))
            )
            or 0
        )


def _requeue(db: Database, held: dict[str, int], till_no: int) -> tuple[int, int]:
    """Put back in the queue each event marked sent after the last one head office holds
    of its case; (events, cases) put back. Sent in the order first written, so each case
    goes again from the event head office expects next."""
    with db.write() as s:
        sent = s.execute(
            select(OutboxEvent.case_no, func.max(OutboxEvent.seq))
            .where(OutboxEvent.state == OutboxState.SENT, _of_till(till_no))
            .group_by(OutboxEvent.case_no)
        ).all()
        behind = [
            {"c": case_no, "s": held.get(case_no, 0)}
            for case_no, last_sent in sent
            if held.get(case_no, 0) < last_sent
        ]
        if not behind:
            return 0, 0
        statement = (
            update(OutboxEvent)
            .where(
                OutboxEvent.case_no == bindparam("c"),
                OutboxEvent.seq > bindparam("s"),
                OutboxEvent.state == OutboxState.SENT,
            )
            .values(state=OutboxState.PENDING, sent_at=None, last_error=RESENT)
            .execution_options(synchronize_session=False)
        )
        events = 0
        for params in behind:
            result = s.execute(statement, params)
            events += cast(CursorResult[Any], result).rowcount
    return events, len(behind)


def _report(office: HeadOffice, base: str, result: Reconciled) -> None:
    """Tell head office what goes again and why (its log keeps it); the events go anyway
    if it cannot be told."""
    report = ResendReport(
        reason="events_missing" if result.held_events < result.sent_events else "scheduled",
        cases=result.resent_cases,
        events=result.resent_events,
        held_events=result.held_events,
        sent_events=result.sent_events,
    )
    try:
        status, body = post_json(office, f"{base}/resent", report.model_dump())
    except (OSError, http.client.HTTPException, ValueError) as e:
        log.info("head office was not told of the events sent again: %r", e)
        return
    if status != 204:
        log.warning("head office was not told of the events sent again: HTTP %d %s", status, body)
