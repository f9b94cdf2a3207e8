"""The till's outbox through a faulty network to the real head-office service: one test per
fault (:mod:`faultproxy`). Each checks what the till says during the fault, and that a later
clean drain leaves head office with every case exactly once with its whole history: the
same event ids as the till's outbox, seq 1..n per case, nothing twice, nothing missing, and
nothing left pending at the till."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from faultproxy import Fault, FaultProxy
from sqlalchemy import select
from sync_helpers import free_port, refund_case

from aftersales.contract import EventBatchIn
from aftersales.db.models import AfterSalesCase, OutboxEvent, OutboxState
from aftersales.domain.scan import parse_case_number
from aftersales.headoffice.models import HOCase, HOEvent
from aftersales.services import cases
from aftersales.sync import outbox
from aftersales.sync.identity import sender
from aftersales.sync.outbox import DrainResult, HeadOffice, SyncProblem, drain, pending_count

SHORT_TIMEOUT_S = 0.5  # the till's HTTP timeout in these tests; the holds are longer
HOLD_S = 1.5


def ho_events(app: Any) -> list[tuple[str, int, str]]:
    with app.state.sessions() as s:
        return [
            (e.case_no, e.seq, e.event_id) for e in s.scalars(select(HOEvent).order_by(HOEvent.id))
        ]


def assert_head_office_mirrors_till(shop: Any, app: Any) -> None:
    """Head office holds exactly the till's events, each once, each case whole and in
    order, with the till's latest status; nothing waits at the till."""
    assert pending_count(shop.db) == 0
    with shop.db.read() as s:
        till = {
            (r.case_no, r.seq): (r.event_id, r.payload)
            for r in s.scalars(select(OutboxEvent))
            if r.sent_at is not None
        }
        n_rows = len(s.scalars(select(OutboxEvent)).all())
        statuses = {c.case_no: (c.status, c.outbox_seq) for c in s.scalars(select(AfterSalesCase))}
    assert len(till) == n_rows, "every outbox row is marked sent"
    with app.state.sessions() as s:
        rows = s.scalars(select(HOEvent).order_by(HOEvent.id)).all()
        ho = [(e.case_no, e.seq, e.event_id, e.payload) for e in rows]
        ho_cases = {c.case_no: (c.status, c.last_seq) for c in s.scalars(select(HOCase))}
    keys = [(no, seq) for no, seq, _, _ in ho]
    assert len(keys) == len(set(keys)), "a (case, seq) twice at head office"
    ids = [eid for _, _, eid, _ in ho]
    assert len(ids) == len(set(ids)), "an event id twice at head office"
    assert {(no, seq): (eid, payload) for no, seq, eid, payload in ho} == till
    by_case: dict[str, list[int]] = {}
    for no, seq in keys:
        by_case.setdefault(no, []).append(seq)
    for no, seqs in by_case.items():
        assert seqs == list(range(1, len(seqs) + 1)), f"{no}: applied as {seqs}"
    assert ho_cases == statuses


def assert_stopped(result: DrainResult, problem: SyncProblem, *, sent: int, pending: int) -> None:
    assert (result.problem, result.sent, result.pending) == (problem, sent, pending), result
    assert result.at is None  # only a drain that ended well says when


def clean_drain(shop: Any, via: HeadOffice, proxy: FaultProxy) -> DrainResult:
    """Faults off, and the till's usual patience back (a test's short timeout is for its
    fault; on a busy machine a clean answer can take longer than that)."""
    proxy.plan([])
    proxy.default = Fault.PASS
    short, outbox.TIMEOUT_S = outbox.TIMEOUT_S, max(outbox.TIMEOUT_S, 15.0)
    try:
        result = drain(shop.db, via)
    finally:
        outbox.TIMEOUT_S = short
    assert result.problem is None and result.pending == 0, result
    return result


def last_results(proxy: FaultProxy) -> list[str]:
    """What head office answered, event by event, on the last connection."""
    reply = proxy.log[-1].upstream_json()
    assert isinstance(reply, dict), proxy.log[-1]
    return [r["result"] for r in reply["results"]]


# -- the faults -----------------------------------------------------------------------


def test_reset_after_head_office_committed_is_resent_and_taken_as_duplicate(
    shop: Any, head_office: Any, proxy: FaultProxy, via: HeadOffice
) -> None:
    _office, app = head_office
    for _ in range(3):
        refund_case(shop)
    proxy.plan(["reset_after_commit"])
    result = drain(shop.db, via)
    assert_stopped(result, SyncProblem.UNREACHABLE, sent=0, pending=12)
    # Head office took the batch; only its answer was lost on the way back.
    assert proxy.log[-1].upstream_status == 200
    assert last_results(proxy) == ["applied"] * 12
    assert len(ho_events(app)) == 12
    again = clean_drain(shop, via, proxy)
    assert again.sent == 12
    assert last_results(proxy) == ["duplicate"] * 12
    assert_head_office_mirrors_till(shop, app)


def test_reset_after_commit_in_the_middle_of_a_drain_keeps_what_was_marked(
    shop: Any, head_office: Any, proxy: FaultProxy, via: HeadOffice, monkeypatch: Any
) -> None:
    _office, app = head_office
    monkeypatch.setattr(outbox, "BATCH", 4)
    for _ in range(3):
        refund_case(shop)
    proxy.plan(["pass", "reset_after_commit"])
    result = drain(shop.db, via)
    assert_stopped(result, SyncProblem.UNREACHABLE, sent=4, pending=8)
    assert len(ho_events(app)) == 8
    refund_case(shop)  # more work meanwhile
    again = clean_drain(shop, via, proxy)
    assert again.sent == 12  # 4 resent (duplicates), then 4 + 4 new
    assert [x.upstream_status for x in proxy.log[-3:]] == [200] * 3
    assert last_results(proxy) == ["applied"] * 4
    assert_head_office_mirrors_till(shop, app)


def test_truncated_reply_is_unreachable_and_the_resend_is_a_duplicate(
    shop: Any, head_office: Any, proxy: FaultProxy, via: HeadOffice
) -> None:
    _office, app = head_office
    for _ in range(2):
        refund_case(shop)
    proxy.plan(["truncate"])
    result = drain(shop.db, via)
    assert_stopped(result, SyncProblem.UNREACHABLE, sent=0, pending=8)
    assert "IncompleteRead" in result.detail
    assert len(ho_events(app)) == 8
    clean_drain(shop, via, proxy)
    assert last_results(proxy) == ["duplicate"] * 8
    assert_head_office_mirrors_till(shop, app)


def test_dropped_connection_is_unreachable(
    shop: Any, head_office: Any, proxy: FaultProxy, via: HeadOffice
) -> None:
    _office, app = head_office
    refund_case(shop)
    proxy.plan(["drop", "drop"])
    for _ in range(2):
        assert_stopped(drain(shop.db, via), SyncProblem.UNREACHABLE, sent=0, pending=4)
    with shop.db.read() as s:
        rows = s.scalars(select(OutboxEvent)).all()
        assert {(r.attempts, r.last_error.split(":")[0]) for r in rows} == {(2, "unreachable")}
    assert ho_events(app) == []
    clean_drain(shop, via, proxy)
    assert_head_office_mirrors_till(shop, app)


def test_head_office_down_behind_the_proxy_is_unreachable(
    shop: Any, head_office: Any, proxy: FaultProxy, via: HeadOffice
) -> None:
    _office, app = head_office
    refund_case(shop)
    real = proxy.upstream_port
    proxy.upstream_port = free_port()  # nothing listens there
    assert_stopped(drain(shop.db, via), SyncProblem.UNREACHABLE, sent=0, pending=4)
    proxy.upstream_port = real
    clean_drain(shop, via, proxy)
    assert_head_office_mirrors_till(shop, app)


def test_request_held_beyond_the_timeout_arrives_late_and_the_resend_is_a_duplicate(
    shop: Any, head_office: Any, proxy: FaultProxy, via: HeadOffice, monkeypatch: Any
) -> None:
    _office, app = head_office
    monkeypatch.setattr(outbox, "TIMEOUT_S", SHORT_TIMEOUT_S)
    refund_case(shop)
    proxy.plan([f"delay:{HOLD_S}"])
    result = drain(shop.db, via)
    assert_stopped(result, SyncProblem.UNREACHABLE, sent=0, pending=4)
    assert "timed out" in result.detail
    # The held copy still reaches head office after the till gave up on it.
    assert proxy.wait_idle(10)
    assert proxy.log[-1].upstream_status == 200
    assert len(ho_events(app)) == 4
    clean_drain(shop, via, proxy)
    assert last_results(proxy) == ["duplicate"] * 4
    assert_head_office_mirrors_till(shop, app)


def test_reply_held_beyond_the_timeout_is_unreachable_and_the_resend_is_a_duplicate(
    shop: Any, head_office: Any, proxy: FaultProxy, via: HeadOffice, monkeypatch: Any
) -> None:
    _office, app = head_office
    monkeypatch.setattr(outbox, "TIMEOUT_S", SHORT_TIMEOUT_S)
    refund_case(shop)
    proxy.plan([f"slow_reply:{HOLD_S}"])
    result = drain(shop.db, via)
    assert_stopped(result, SyncProblem.UNREACHABLE, sent=0, pending=4)
    # Head office took the batch; only its answer was held past the till's patience. (Its
    # answer may come after the till gave up, on a busy machine: wait for the proxy.)
    assert proxy.wait_idle(10)
    assert proxy.log[-1].upstream_status == 200
    assert len(ho_events(app)) == 4
    clean_drain(shop, via, proxy)
    assert last_results(proxy) == ["duplicate"] * 4
    assert_head_office_mirrors_till(shop, app)


def test_a_short_delay_within_the_timeout_is_no_problem(
    shop: Any, head_office: Any, proxy: FaultProxy, via: HeadOffice, monkeypatch: Any
) -> None:
    _office, app = head_office
    monkeypatch.setattr(outbox, "TIMEOUT_S", 5.0)
    refund_case(shop)
    proxy.plan(["delay:0.3"])
    result = drain(shop.db, via)
    assert result.problem is None and result.sent == 4
    assert_head_office_mirrors_till(shop, app)


def test_500_without_reaching_head_office_is_a_server_error(
    shop: Any, head_office: Any, proxy: FaultProxy, via: HeadOffice
) -> None:
    _office, app = head_office
    refund_case(shop)
    proxy.plan(["error_500"])
    result = drain(shop.db, via)
    assert_stopped(result, SyncProblem.SERVER_ERROR, sent=0, pending=4)
    assert result.detail == "HTTP 500"
    assert ho_events(app) == []
    clean_drain(shop, via, proxy)
    assert_head_office_mirrors_till(shop, app)


@pytest.mark.parametrize("fault", ["error_429", "error_404"])
def test_a_4xx_from_something_in_between_parks_nothing(
    shop: Any, head_office: Any, proxy: FaultProxy, via: HeadOffice, fault: str
) -> None:
    """A rate-limiting proxy's 429, or a 404 from a proxy that routes elsewhere, says nothing
    against any event: nothing is parked (a parked first event would hold back the rest of
    its case), the till tries again later."""
    _office, app = head_office
    refund_case(shop)
    proxy.plan([fault])
    result = drain(shop.db, via)
    assert_stopped(result, SyncProblem.BAD_REPLY, sent=0, pending=4)
    assert result.detail.startswith("HTTP 4")
    with shop.db.read() as s:
        assert not [r for r in s.scalars(select(OutboxEvent)) if r.state == OutboxState.PARKED]
    clean_drain(shop, via, proxy)
    assert_head_office_mirrors_till(shop, app)


def test_an_event_refused_for_good_holds_back_only_its_own_case(
    shop: Any, head_office: Any, proxy: FaultProxy, via: HeadOffice
) -> None:
    """Head office refuses a case's first event for good (422): it is parked. Its later
    events can never go before it (head office answers 409 for them), so they are parked
    too, with the till told so, and the other cases go on. Once the refused event is
    corrected and put back, the whole case goes, in order."""
    _office, app = head_office
    first = refund_case(shop)
    other = refund_case(shop)
    proxy.plan(["refuse_422"])
    assert_stopped(drain(shop.db, via), SyncProblem.REFUSED, sent=0, pending=7)
    n = len(proxy.log)
    result = drain(shop.db, via)
    assert len(proxy.log) - n <= 3, "round trips"
    assert result.problem is SyncProblem.REFUSED and result.pending == 4, result
    assert drain(shop.db, via).problem is None
    with shop.db.read() as s:
        parked = {
            (r.case_no, r.seq)
            for r in s.scalars(select(OutboxEvent))
            if r.state == OutboxState.PARKED
        }
    assert parked == {(first, seq) for seq in (1, 2, 3, 4)}
    assert {no for no, _seq, _eid in ho_events(app)} == {other}
    # Someone corrects what head office refused and puts the case's events back.
    with shop.db.write() as s:
        for r in s.scalars(select(OutboxEvent).where(OutboxEvent.case_no == first)):
            r.state, r.last_error = OutboxState.PENDING, ""
    clean_drain(shop, via, proxy)
    assert_head_office_mirrors_till(shop, app)


def parked_events(shop: Any) -> dict[tuple[str, int], str]:
    with shop.db.read() as s:
        return {
            (r.case_no, r.seq): r.last_error
            for r in s.scalars(select(OutboxEvent))
            if r.state == OutboxState.PARKED
        }


def test_a_backlog_goes_in_full_gzipped_batches_and_each_event_once(
    shop: Any, head_office: Any, proxy: FaultProxy, via: HeadOffice
) -> None:
    """After a long spell offline: the outbox goes in batches of the most head office
    takes in one request, packed, and every event arrives once."""
    _office, app = head_office
    first = refund_case(shop)
    number = parse_case_number(first)
    assert number is not None
    with shop.db.write() as s:
        model = s.scalars(select(OutboxEvent).order_by(OutboxEvent.seq)).all()
        for n in range(1, 126):  # 125 more cases like it, on no receipt: 504 events
            no = str(replace(number, seq=number.seq + n))
            s.add_all(
                OutboxEvent(
                    event_id=str(uuid.uuid4()),
                    case_no=no,
                    seq=e.seq,
                    kind=e.kind,
                    payload={**e.payload, "case_no": no, "receipt_no": None},
                )
                for e in model
            )
    result = drain(shop.db, via)
    assert (result.problem, result.sent, result.pending) == (None, 504, 0), result
    assert [len(ex.request_json()["events"]) for ex in proxy.log] == [outbox.BATCH, 4]
    # ...which is the most head office takes in one (EventBatchIn), not fewer.
    assert EventBatchIn.model_json_schema()["properties"]["events"]["maxItems"] == outbox.BATCH
    full = proxy.log[0]
    plain = json.dumps(full.request_json(), ensure_ascii=False).encode()
    assert full.request_gzipped and len(full.request_body) * 5 < len(plain)
    assert [ex.upstream_status for ex in proxy.log] == [200, 200]
    assert len(ho_events(app)) == 504
    with app.state.sessions() as s:
        assert len(s.scalars(select(HOCase)).all()) == 126


def test_a_proxy_that_takes_only_small_bodies_gets_smaller_batches(
    shop: Any, head_office: Any, proxy: FaultProxy, via: HeadOffice
) -> None:
    """A proxy in front of head office refuses bodies over a size (413): the till halves
    its batch until they pass, and everything arrives; nothing is parked."""
    _office, app = head_office
    for _ in range(3):
        refund_case(shop)
    with shop.db.read() as s:
        rows = s.scalars(select(OutboxEvent).order_by(OutboxEvent.id)).all()
        events = [
            {k: getattr(r, k) for k in ("event_id", "case_no", "seq", "kind", "payload")}
            for r in rows
        ]
    # As the till encodes a batch (its events, and who sends them): the first four events
    # pass, six do not.
    who = sender(shop.db)
    assert who is not None
    limit = len(outbox.encode_body({"events": events[:4], "sender": who.model_dump()}))
    proxy.default = f"body_limit:{limit}"
    result = drain(shop.db, via)
    assert (result.problem, result.sent, result.pending) == (None, 12, 0), result
    sizes = [len(ex.request_json()["events"]) for ex in proxy.log]
    assert sizes[:3] == [12, 6, 3], "halved until the proxy let it through"
    assert [ex.upstream_status for ex in proxy.log[:2]] == [None, None]
    forwarded = proxy.log[2:]
    assert all(ex.upstream_status == 200 for ex in forwarded)
    assert all(len(ex.request_body) <= limit for ex in forwarded)
    assert parked_events(shop) == {}
    assert_head_office_mirrors_till(shop, app)


def test_an_event_larger_than_a_proxy_takes_alone_is_parked_and_says_why(
    shop: Any, head_office: Any, proxy: FaultProxy, via: HeadOffice
) -> None:
    _office, app = head_office
    no = refund_case(shop)
    proxy.default = "body_limit:200"  # smaller than any event
    result = drain(shop.db, via)
    assert (result.problem, result.sent, result.detail) == (SyncProblem.REFUSED, 0, "HTTP 413")
    parked = parked_events(shop)
    assert list(parked) == [(no, 1)]
    assert outbox.TOO_LARGE in parked[no, 1]
    assert outbox.reason_of(OutboxState.PARKED, parked[no, 1]) == ("too_large", "HTTP 413")
    assert ho_events(app) == []
    # The proxy is set to take larger bodies, the event is put back: all of it goes.
    with shop.db.write() as s:
        for r in s.scalars(select(OutboxEvent).where(OutboxEvent.state == OutboxState.PARKED)):
            r.state, r.last_error = OutboxState.PENDING, ""
    clean_drain(shop, via, proxy)
    assert_head_office_mirrors_till(shop, app)


def rewrite_payload(
    shop: Any, case_no: str, seq: int, change: Callable[[dict[str, Any]], dict[str, Any]]
) -> None:
    """Spoil an event waiting in the till's outbox, as a bug in the till might have."""
    with shop.db.write() as s:
        row = s.scalars(
            select(OutboxEvent).where(OutboxEvent.case_no == case_no, OutboxEvent.seq == seq)
        ).one()
        row.payload = change(row.payload)


def test_an_event_head_office_finds_invalid_is_the_one_parked(
    shop: Any, head_office: Any, proxy: FaultProxy, via: HeadOffice
) -> None:
    """Head office's 422 points at the fifth event of the batch (its payload has no
    status): that event is parked, not the batch's first, and its case waits behind it
    while the other case arrives whole."""
    _office, app = head_office
    good, bad = refund_case(shop), refund_case(shop)
    rewrite_payload(shop, bad, 1, lambda p: {k: v for k, v in p.items() if k != "status"})
    first = drain(shop.db, via)
    assert (first.problem, first.sent) == (SyncProblem.REFUSED, 0), first
    assert list(parked_events(shop)) == [(bad, 1)]
    assert "status" in parked_events(shop)[bad, 1]
    drain(shop.db, via)  # the bad case's later events: 409 behind the parked one
    assert drain(shop.db, via).pending == 0
    assert set(parked_events(shop)) == {(bad, seq) for seq in (1, 2, 3, 4)}
    assert {no for no, _seq, _eid in ho_events(app)} == {good}


def test_an_event_head_office_refuses_for_what_it_knows_is_parked_with_its_reason(
    shop: Any, head_office: Any
) -> None:
    """A till with a bug saves a case as completed straight after opening it: head office
    names that event and why (422, status_not_allowed). The till parks it with that
    reason, its case's later events wait behind it (parked too, for lack of it), and the
    cases before and after it all arrive."""
    office, app = head_office
    good, bad, after = refund_case(shop), refund_case(shop), refund_case(shop)
    rewrite_payload(shop, bad, 2, lambda p: {**p, "status": "completed"})
    for _ in range(5):
        if drain(shop.db, office).pending == 0:
            break
    assert pending_count(shop.db) == 0
    assert set(parked_events(shop)) == {(bad, seq) for seq in (2, 3, 4)}
    parked = {(r.case_no, r.seq): r for r in outbox.outbox_overview(shop.db).parked}
    refused = parked[bad, 2]
    assert refused.reason == "status_not_allowed"
    assert "draft" in refused.detail and "completed" in refused.detail
    assert {parked[bad, seq].reason for seq in (3, 4)} == {"sequence_gap"}
    assert sorted((no, seq) for no, seq, _eid in ho_events(app)) == sorted(
        [*((no, seq) for no in (good, after) for seq in (1, 2, 3, 4)), (bad, 1)]
    )


def test_a_422_that_names_no_event_is_found_by_halving_the_batch(
    shop: Any, head_office: Any, proxy: FaultProxy, via: HeadOffice
) -> None:
    """An event whose payload holds NaN makes the whole body invalid JSON for head
    office, and its 422 cannot say which event: the till sends the batch again in halves
    (a half that goes is applied, a refused one is halved again) and parks the event
    refused alone. The events before it arrive; it takes some 2 log2 n requests, not n."""
    _office, app = head_office
    good = [refund_case(shop) for _ in range(8)]
    bad = refund_case(shop)
    rewrite_payload(shop, bad, 2, lambda p: {**p, "weight_kg": float("nan")})
    result = drain(shop.db, via)
    assert (result.problem, result.sent) == (SyncProblem.REFUSED, 33), result
    assert list(parked_events(shop)) == [(bad, 2)]
    assert [(no, seq) for no, seq, _eid in ho_events(app)] == [
        *((no, seq) for no in good for seq in (1, 2, 3, 4)),
        (bad, 1),
    ]
    sizes = [len(ex.request_json()["events"]) for ex in proxy.log]
    assert sizes == [36, 18, 18, 9, 9, 4, 4, 2, 2, 1]
    statuses = [ex.upstream_status for ex in proxy.log]
    assert statuses == [422, 200, 422, 200, 422, 200, 422, 200, 422, 422]


def test_a_409_from_a_read_racing_another_copy_is_resent_not_refused(
    shop: Any, head_office: Any, proxy: FaultProxy, via: HeadOffice
) -> None:
    """Head office applied the batch but answered 409, expecting the seq after the till's
    last one (its read raced another copy of the same events): the till has no such event,
    which is no reason to stop; it sends again and head office says "duplicate"."""
    _office, app = head_office
    refund_case(shop)
    proxy.plan(["stale_409"])
    result = drain(shop.db, via)
    assert result.problem is None and result.sent == 4 and result.pending == 0, result
    assert proxy.log[-2].upstream_status == 200  # it was applied, whatever the answer said
    assert last_results(proxy) == ["duplicate"] * 4
    assert_head_office_mirrors_till(shop, app)


def test_a_409_that_comes_back_every_time_is_no_success(
    shop: Any, head_office: Any, proxy: FaultProxy, via: HeadOffice
) -> None:
    """Head office answers every send with the same 409 (as it does to a copied till whose
    case numbers another install already used): the drain stops saying so, instead of
    sending 50 times and reporting success with everything still pending."""
    _office, app = head_office
    refund_case(shop)
    proxy.default = "stale_409"
    result = drain(shop.db, via)
    assert result.problem is SyncProblem.BAD_REPLY and result.at is None, result
    assert "409" in result.detail and "again" in result.detail, result.detail
    assert len(proxy.log) <= 3, f"{len(proxy.log)} requests"
    clean_drain(shop, via, proxy)
    assert_head_office_mirrors_till(shop, app)


def test_a_page_that_is_not_json_is_a_bad_reply(
    shop: Any, head_office: Any, proxy: FaultProxy, via: HeadOffice
) -> None:
    _office, app = head_office
    refund_case(shop)
    proxy.plan(["garbage"])
    result = drain(shop.db, via)
    assert_stopped(result, SyncProblem.BAD_REPLY, sent=0, pending=4)
    assert "Wi-Fi" in result.detail
    clean_drain(shop, via, proxy)
    assert_head_office_mirrors_till(shop, app)


def test_json_that_confirms_no_event_sent_is_a_bad_reply_and_nothing_is_marked(
    shop: Any, head_office: Any, proxy: FaultProxy, via: HeadOffice
) -> None:
    """A 200 in the shape of a batch reply, one result per event, that names none of the
    events sent: nothing was confirmed, so nothing may be marked sent (head office never
    saw the batch; marked, those events would never reach it)."""
    _office, app = head_office
    refund_case(shop)
    proxy.plan(["wrong_schema"])
    result = drain(shop.db, via)
    assert_stopped(result, SyncProblem.BAD_REPLY, sent=0, pending=4)
    assert ho_events(app) == []
    clean_drain(shop, via, proxy)
    assert_head_office_mirrors_till(shop, app)


def test_bytes_that_are_not_http_are_a_bad_reply(
    shop: Any, head_office: Any, proxy: FaultProxy, via: HeadOffice
) -> None:
    _office, app = head_office
    refund_case(shop)
    proxy.plan(["not_http"])
    result = drain(shop.db, via)
    assert_stopped(result, SyncProblem.BAD_REPLY, sent=0, pending=4)
    clean_drain(shop, via, proxy)
    assert_head_office_mirrors_till(shop, app)


def test_a_schedule_of_every_fault_with_work_between_drains(
    shop: Any, head_office: Any, proxy: FaultProxy, via: HeadOffice, monkeypatch: Any
) -> None:
    """Every fault in turn, a case advanced between drains and small batches, so that some
    faults land on a batch whose case head office has partly: still each event once."""
    _office, app = head_office
    monkeypatch.setattr(outbox, "TIMEOUT_S", SHORT_TIMEOUT_S)
    monkeypatch.setattr(outbox, "BATCH", 3)
    expect = {
        "reset_after_commit": SyncProblem.UNREACHABLE,
        "truncate": SyncProblem.UNREACHABLE,
        "drop": SyncProblem.UNREACHABLE,
        f"delay:{HOLD_S}": SyncProblem.UNREACHABLE,
        f"slow_reply:{HOLD_S}": SyncProblem.UNREACHABLE,
        "error_500": SyncProblem.SERVER_ERROR,
        "garbage": SyncProblem.BAD_REPLY,
        "wrong_schema": SyncProblem.BAD_REPLY,
        "not_http": SyncProblem.BAD_REPLY,
    }
    open_case = refund_case(shop, complete=False)
    for fault, problem in expect.items():
        refund_case(shop)
        proxy.plan(["pass", fault])  # one batch goes, the next meets the fault
        result = drain(shop.db, via)
        assert result.problem is problem, (fault, result)
        assert proxy.wait_idle(10)
    cases.complete_case(shop.db, shop.cashier.info, open_case)
    clean_drain(shop, via, proxy)
    assert_head_office_mirrors_till(shop, app)
    assert {str(x.step) for x in proxy.log} >= set(expect)
