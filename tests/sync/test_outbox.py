"""The till's outbox reaches the real head-office service on a loopback port: every case
once, whatever is resent; a service that is away, a wrong token and a gap at head office
each end as the till can act on."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sync_helpers import free_port, refund_case

from aftersales.db.models import OutboxEvent, OutboxState
from aftersales.headoffice.models import HOCase, HOEvent
from aftersales.sync.outbox import HeadOffice, SyncProblem, backoff_delay, drain, pending_count


def ho_cases(app: Any) -> dict[str, tuple[str, int]]:
    with app.state.sessions() as s:
        return {c.case_no: (c.status, c.last_seq) for c in s.scalars(select(HOCase))}


def test_every_case_arrives_once_with_its_whole_history(shop: Any, head_office: Any) -> None:
    office, app = head_office
    sales = [shop.sell((shop.cat.tee_m, 1)) for _ in range(3)]
    numbers = [refund_case(shop, sale) for sale in sales]
    result = drain(shop.db, office)
    assert result.problem is None and result.sent == 12 and result.pending == 0
    assert ho_cases(app) == {no: ("completed", 4) for no in numbers}
    # Everything sent again (as after a crash before marking): nothing is applied twice.
    with shop.db.write() as s:
        s.execute(update(OutboxEvent).values(state=OutboxState.PENDING, sent_at=None))
    again = drain(shop.db, office)
    assert again.problem is None and again.sent == 12
    with app.state.sessions() as s:
        assert len(s.scalars(select(HOEvent)).all()) == 12
    assert ho_cases(app) == {no: ("completed", 4) for no in numbers}


def test_head_office_away_keeps_everything_queued(shop: Any) -> None:
    refund_case(shop)
    away = HeadOffice(f"http://127.0.0.1:{free_port()}", "token")
    result = drain(shop.db, away)
    assert result.problem is SyncProblem.UNREACHABLE
    assert result.sent == 0 and result.pending == 4 == pending_count(shop.db)
    with shop.db.read() as s:
        assert all(r.attempts == 1 and r.last_error for r in s.scalars(select(OutboxEvent)))


def test_a_wrong_token_is_said_and_nothing_is_lost(shop: Any, head_office: Any) -> None:
    office, app = head_office
    refund_case(shop)
    result = drain(shop.db, HeadOffice(office.url, "not-the-token"))
    assert result.problem is SyncProblem.UNAUTHORIZED and result.pending == 4
    assert ho_cases(app) == {}


def test_a_gap_at_head_office_is_filled_from_the_sequence_it_expects(
    shop: Any, head_office: Any
) -> None:
    office, app = head_office
    no = refund_case(shop)
    # The till believes the first two events went (say a restored backup of head office
    # lost them): head office answers 409 and the till sends from there.
    with shop.db.write() as s:
        s.execute(
            update(OutboxEvent)
            .where(OutboxEvent.case_no == no, OutboxEvent.seq <= 2)
            .values(state=OutboxState.SENT, sent_at=OutboxEvent.created_at)
        )
    result = drain(shop.db, office)
    assert result.problem is None and result.pending == 0
    assert ho_cases(app) == {no: ("completed", 4)}


def test_backoff_is_exponential_with_full_jitter() -> None:
    import random

    rng = random.Random(1)
    for attempt, ceiling in ((0, 1), (1, 2), (3, 8), (8, 256), (9, 300), (30, 300)):
        delays = [backoff_delay(attempt, rng) for _ in range(200)]
        assert 0 <= min(delays) and max(delays) <= ceiling
        assert max(delays) > ceiling * 0.8  # the whole range is used


def test_two_copies_of_a_batch_at_once_are_both_answered(head_office: Any) -> None:
    """A till that resends while head office still applies the first copy (a timeout) gets
    a 200 for both; every event is stored once."""
    import json
    import threading
    import urllib.request
    import uuid

    office, app = head_office

    def post(body: bytes, out: list[int]) -> None:
        request = urllib.request.Request(
            office.url + "/api/v1/events",
            data=body,
            headers={"Authorization": f"Bearer {office.token}", "Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=30) as reply:
            out.append(reply.status)

    statuses: list[int] = []
    numbers = [f"SH01-261123-02-{n:04d}" for n in range(1, 11)]
    for no in numbers:
        events = [
            {
                "event_id": str(uuid.uuid4()),
                "case_no": no,
                "seq": seq,
                "kind": "case_opened",
                "payload": {"status": "draft", "till_no": 2, "lines": []},
            }
            for seq in range(1, 21)
        ]
        body = json.dumps({"events": events}).encode()
        threads = [threading.Thread(target=post, args=(body, statuses)) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
    assert statuses == [200] * 20
    with app.state.sessions() as s:
        stored = s.execute(select(HOEvent.case_no, HOEvent.seq)).all()
    assert sorted(stored) == sorted((no, seq) for no in numbers for seq in range(1, 21))
