"""What the till makes of head office's answers to a batch, each read with the contract
(EventBatchPublic, BatchRefused, RequestInvalid): only a 200 that confirms every event of
the batch, in order, marks any sent; a refusal that does not fit the contract parks
nothing and stops the drain as a bad reply. Head office is stubbed here: each test hands
the till an answer it could get from something on the way."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select
from sync_helpers import refund_case

from aftersales.db.models import OutboxEvent, OutboxState
from aftersales.sync import outbox
from aftersales.sync.outbox import HeadOffice, SyncProblem, drain

OFFICE = HeadOffice("http://head-office.invalid", "token")
Reply = Callable[[list[dict[str, Any]]], tuple[int, Any]]


def answering(monkeypatch: pytest.MonkeyPatch, *replies: Reply) -> list[list[dict[str, Any]]]:
    """Head office answers each batch with the next reply (made from the batch sent); the
    batches sent are returned, in order."""
    sent: list[list[dict[str, Any]]] = []
    queue = list(replies)

    def post(office: HeadOffice, path: str, body: dict[str, Any]) -> tuple[int, Any]:
        assert path == "/api/v1/events" and queue, "a request more than expected"
        sent.append(body["events"])
        return queue.pop(0)(body["events"])

    monkeypatch.setattr(outbox, "post_json", post)
    return sent


def confirmed(batch: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [{"event_id": e["event_id"], "result": "applied"} for e in batch]


def rows(shop: Any) -> list[OutboxEvent]:
    with shop.db.read() as s:
        return list(s.scalars(select(OutboxEvent).order_by(OutboxEvent.id)))


MALFORMED_200: dict[str, Reply] = {
    "not in order": lambda b: (200, {"results": confirmed(b)[::-1]}),
    "one missing": lambda b: (200, {"results": confirmed(b)[:-1]}),
    "one too many": lambda b: (200, {"results": [*confirmed(b), confirmed(b)[0]]}),
    "a result the API has not": lambda b: (
        200,
        {"results": [{**r, "result": "queued"} for r in confirmed(b)]},
    ),
    "an id as a number": lambda b: (
        200,
        {"results": [{**r, "event_id": i} for i, r in enumerate(confirmed(b))]},
    ),
    "no result": lambda b: (200, {"results": [{"event_id": e["event_id"]} for e in b]}),
    "results not a list": lambda b: (200, {"results": {"event_id": b[0]["event_id"]}}),
    "a list, not an object": lambda b: (200, confirmed(b)),
    "nothing": lambda b: (200, None),
}


@pytest.mark.parametrize("reply", MALFORMED_200.values(), ids=MALFORMED_200.keys())
def test_a_200_that_does_not_confirm_the_batch_by_the_contract_marks_nothing_sent(
    shop: Any, monkeypatch: pytest.MonkeyPatch, reply: Reply
) -> None:
    refund_case(shop)
    answering(monkeypatch, reply)
    result = drain(shop.db, OFFICE)
    assert (result.problem, result.sent, result.pending) == (SyncProblem.BAD_REPLY, 0, 4)
    assert [(r.sent_at, r.attempts) for r in rows(shop)] == [(None, 1)] * 4


def test_a_200_that_confirms_the_batch_marks_it_sent(
    shop: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    refund_case(shop)
    answering(monkeypatch, lambda b: (200, {"results": confirmed(b), "note": "extra is fine"}))
    result = drain(shop.db, OFFICE)
    assert (result.problem, result.sent, result.pending) == (None, 4, 0)


MALFORMED_409: dict[str, Reply] = {
    "expected_seq not a number": lambda b: (
        409,
        {
            "detail": {
                "code": "sequence_gap",
                "event_id": b[2]["event_id"],
                "case_no": b[2]["case_no"],
                "expected_seq": "three",
            }
        },
    ),
    "no case named": lambda b: (
        409,
        {"detail": {"code": "sequence_gap", "event_id": b[2]["event_id"], "expected_seq": 2}},
    ),
    "a code the API has not": lambda b: (
        409,
        {"detail": {"code": "busy", "event_id": b[0]["event_id"], "case_no": b[0]["case_no"]}},
    ),
    "a sentence": lambda b: (409, {"detail": "conflict"}),
}


@pytest.mark.parametrize("reply", MALFORMED_409.values(), ids=MALFORMED_409.keys())
def test_a_409_that_is_not_head_offices_refusal_parks_nothing_and_is_a_bad_reply(
    shop: Any, monkeypatch: pytest.MonkeyPatch, reply: Reply
) -> None:
    """Only a 409 in the contract's words (BatchRefused, sequence_gap) sends a case again
    from a sequence number; anything else says nothing against any event."""
    refund_case(shop)
    sent = answering(monkeypatch, reply)
    result = drain(shop.db, OFFICE)
    assert (result.problem, result.sent, result.pending) == (SyncProblem.BAD_REPLY, 0, 4)
    assert result.detail == "HTTP 409"
    assert len(sent) == 1
    assert [(r.sent_at, r.attempts, r.last_error) for r in rows(shop)] == [
        (None, 1, "bad_reply: HTTP 409")
    ] * 4


def test_a_422_pointing_at_an_event_parks_that_one(
    shop: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    refund_case(shop)
    refund_case(shop)
    error = {"loc": ["body", "events", 5, "payload", "status"], "msg": "Field required"}
    sent = answering(
        monkeypatch,
        lambda b: (422, {"detail": [{**error, "type": "missing"}]}),
        lambda b: (200, {"results": confirmed(b)}),
    )
    result = drain(shop.db, OFFICE)
    assert (result.problem, result.sent, result.pending) == (SyncProblem.REFUSED, 0, 7)
    parked = [r.event_id for r in rows(shop) if r.state == OutboxState.PARKED]
    assert parked == [sent[0][5]["event_id"]]


NAMES_NO_EVENT: dict[str, Reply] = {
    "an index beyond the batch": lambda b: (
        422,
        {"detail": [{"loc": ["body", "events", len(b)], "msg": "?", "type": "?"}]},
    ),
    "the body as a whole": lambda b: (
        422,
        {"detail": [{"loc": ["body", 0], "msg": "JSON decode error", "type": "json_invalid"}]},
    ),
    "an event id not of the batch": lambda b: (
        422,
        {"detail": {"code": "event_id_reused", "event_id": "x" * 36, "case_no": "X"}},
    ),
    "a sentence": lambda b: (422, {"detail": "unprocessable"}),
}


@pytest.mark.parametrize("reply", NAMES_NO_EVENT.values(), ids=NAMES_NO_EVENT.keys())
def test_a_422_that_names_no_event_of_the_batch_halves_it(
    shop: Any, monkeypatch: pytest.MonkeyPatch, reply: Reply
) -> None:
    refund_case(shop)
    sent = answering(monkeypatch, reply, lambda b: (200, {"results": confirmed(b)}))
    drain(shop.db, OFFICE, max_batches=2)
    assert [len(b) for b in sent] == [4, 2]


def test_an_event_of_a_kind_not_in_the_contract_is_parked_unsent(
    shop: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Head office takes only the contract's kinds (EventKind): an outbox row of another
    (a bug, or a newer till's database) is parked before it is sent, and the others go."""
    no = refund_case(shop)
    with shop.db.write() as s:
        row = s.scalars(
            select(OutboxEvent).where(OutboxEvent.case_no == no, OutboxEvent.seq == 2)
        ).one()
        row.kind = "case_teleported"
    sent = answering(monkeypatch, lambda b: (200, {"results": confirmed(b)}))
    result = drain(shop.db, OFFICE)
    assert (result.problem, result.sent, result.pending) == (None, 3, 0)
    assert [[e["seq"] for e in b] for b in sent] == [[1, 3, 4]]
    assert all(e["kind"] in set(outbox.EventKind) for b in sent for e in b)
    [parked] = [r for r in rows(shop) if r.state == OutboxState.PARKED]
    assert (parked.seq, outbox.UNKNOWN_KIND in parked.last_error) == (2, True)


def test_parked_is_a_state_of_the_row_that_the_sync_screen_reads_and_unpark_ends(
    shop: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A refused event's row is parked (its state), with head office's reason as it was
    said in last_error; the events behind it in its case are parked too. The sync screen's
    overview lists them as before; put back, they are pending, then sent."""
    no = refund_case(shop)

    def reused(b: list[dict[str, Any]]) -> tuple[int, Any]:
        problem = {"code": "event_id_reused", "event_id": b[0]["event_id"], "case_no": no}
        return 422, {"detail": problem}

    def gap(b: list[dict[str, Any]]) -> tuple[int, Any]:
        problem = {"code": "sequence_gap", "event_id": b[0]["event_id"], "case_no": no}
        return 409, {"detail": {**problem, "expected_seq": 1}}

    answering(monkeypatch, reused, gap)
    assert drain(shop.db, OFFICE).problem is SyncProblem.REFUSED  # the first event
    assert drain(shop.db, OFFICE).problem is SyncProblem.REFUSED  # the rest, behind it
    assert [(r.seq, r.state, r.last_error[:9]) for r in rows(shop)] == [
        (1, OutboxState.PARKED, "HTTP 422:"),
        (2, OutboxState.PARKED, "HTTP 409:"),
        (3, OutboxState.PARKED, "HTTP 409:"),
        (4, OutboxState.PARKED, "HTTP 409:"),
    ]
    view = outbox.outbox_overview(shop.db)
    assert (view.pending_total, view.parked_total, outbox.pending_count(shop.db)) == (0, 4, 0)
    assert [(r.seq, r.parked, r.reason, r.detail) for r in view.parked] == [
        (1, True, "event_id_reused", "HTTP 422"),
        *((seq, True, "sequence_gap", "HTTP 409") for seq in (2, 3, 4)),
    ]
    assert outbox.unpark(shop.db, [view.parked[0].event_id]) == 4
    assert {(r.state, r.last_error) for r in rows(shop)} == {(OutboxState.PENDING, "")}
    answering(monkeypatch, lambda b: (200, {"results": confirmed(b)}))
    assert drain(shop.db, OFFICE).sent == 4
    assert all(r.state == OutboxState.SENT and r.sent_at is not None for r in rows(shop))
    assert outbox.outbox_overview(shop.db).last_sent_at is not None
