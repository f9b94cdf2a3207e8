"""Head office checks each event against the contract and against what it knows: the
sale's quantities and what was paid, and the case's life as the till's own state machine
has it. Nonsense is refused (422 naming the event and why; nothing of the batch is kept);
a case whose times cannot be right (before its sale, or far ahead of head office's clock)
is taken, since the case is real, but flagged for IT. On SQLite and PostgreSQL."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from ho_world import A_SALE, TwoStores, chain, event, snapshot, two_stores
from sqlalchemy import select

from aftersales.contract import EventKind
from aftersales.headoffice.models import HOCase, HOEvent

CASE = "SH01-261123-02-0001"


@pytest.fixture
def world(app: Any, client: TestClient) -> TwoStores:
    return two_stores(app, client)


def decided(line_no: int, qty: int, resolution: str = "refund", **decision: Any) -> dict[str, Any]:
    """A case line with its decision (the rest of the decision as the till writes it)."""
    return {
        "receipt_line_no": line_no,
        "sku": "",
        "qty": qty,
        "decision": {
            "resolution": resolution,
            "qty": qty,
            "refund_fen": 0,
            "tender": "alipay",
            "exchange_unit_price_fen": 0,
            "price_difference_fen": 0,
            "repair_due": None,
            "compensation_fen": 0,
            "reject_reason": "",
            "disposition": "back_to_stock",
            "within_policy": True,
            "rule_ids": [],
            **decision,
        },
    }


def with_lines(events: list[dict[str, Any]], *lines: dict[str, Any]) -> list[dict[str, Any]]:
    """The case's events with these lines decided from its submission on (its opening
    holds the lines undecided), as the till saves them."""
    for e in events:
        e["payload"]["lines"] = [
            copy.deepcopy(ln if e["seq"] > 1 else {k: ln[k] for k in ln if k != "decision"})
            for ln in lines
        ]
    return events


def refused(
    client: TestClient, auth: dict[str, str], events: list[dict[str, Any]]
) -> dict[str, Any]:
    """Send a batch that head office must refuse whole: its answer's detail; nothing of
    the batch is stored. A good case goes first in the batch, so that the refusal is seen
    to be of the whole batch."""
    good = chain("SH01-261123-02-0900", A_SALE)
    r = client.post("/api/v1/events", json={"events": good + events}, headers=auth)
    assert r.status_code == 422, r.text
    for no in {e["case_no"] for e in good + events}:
        assert client.get(f"/api/v1/cases/{no}", headers=auth).status_code == 404, no
    detail: dict[str, Any] = r.json()["detail"]
    return detail


def taken(client: TestClient, auth: dict[str, str], events: list[dict[str, Any]]) -> None:
    r = client.post("/api/v1/events", json={"events": events}, headers=auth)
    assert r.status_code == 200, r.text
    assert {x["result"] for x in r.json()["results"]} == {"applied"}


def names(detail: Any, bad: dict[str, Any], code: str) -> bool:
    return (
        isinstance(detail, dict)
        and (detail["code"], detail["event_id"], detail["case_no"])
        == (code, bad["event_id"], bad["case_no"])
        and bool(detail["reason"])
    )


# -- quantities and money ----------------------------------------------------------------


def test_quantity_9999_on_a_line_sold_once_is_refused(world: TwoStores, client: TestClient) -> None:
    events = chain(CASE, A_SALE, [(1, 9999)])
    detail = refused(client, world.a, events)
    assert names(detail, events[0], "qty_above_sold")
    assert "9999" in detail["reason"] and "1" in detail["reason"]
    # A decision for more than the line sold, on a case line that fits, is refused too.
    events = with_lines(chain(CASE, A_SALE), decided(1, 1))
    events[-1]["payload"]["lines"][0]["decision"]["qty"] = 2
    assert names(refused(client, world.a, events), events[-1], "qty_above_sold")
    # So is a line the sale does not have.
    events = chain(CASE, A_SALE, [(3, 1)])
    assert names(refused(client, world.a, events), events[0], "qty_above_sold")
    # Both coats of line 2: taken.
    taken(client, world.a, chain(CASE, A_SALE, [(2, 2)]))


def test_a_refund_of_10_to_the_15_fen_is_refused(world: TwoStores, client: TestClient) -> None:
    """Beyond any amount the contract takes: refused by the schema, the event named."""
    events = with_lines(chain(CASE, A_SALE), decided(1, 1, refund_fen=10**15))
    good = chain("SH01-261123-02-0900", A_SALE)
    r = client.post("/api/v1/events", json={"events": good + events}, headers=world.a)
    assert r.status_code == 422
    locs = [e["loc"] for e in r.json()["detail"]]
    assert locs and locs[0][:3] == ["body", "events", 4]
    assert all(loc[:2] == ["body", "events"] and "refund_fen" in loc for loc in locs)
    assert client.get("/api/v1/cases/SH01-261123-02-0900", headers=world.a).status_code == 404


def test_a_refund_above_what_was_paid_for_the_line_is_refused(
    world: TwoStores, client: TestClient
) -> None:
    """Within what the schema takes, but more than the customer paid for those items."""
    for fen in (10**12, 9901):
        events = with_lines(chain(CASE, A_SALE), decided(1, 1, refund_fen=fen))
        detail = refused(client, world.a, events)
        assert names(detail, events[1], "amount_above_paid"), (fen, detail)
        assert str(fen) in detail["reason"] and "9900" in detail["reason"]
    # One coat of two paid 240000 together: at most half of it for one.
    events = with_lines(chain(CASE, A_SALE), decided(2, 1, refund_fen=120001))
    assert names(refused(client, world.a, events), events[1], "amount_above_paid")
    taken(client, world.a, with_lines(chain(CASE, A_SALE), decided(2, 1, refund_fen=120000)))


def test_a_negative_compensation_is_refused(world: TwoStores, client: TestClient) -> None:
    events = with_lines(chain(CASE, A_SALE), decided(1, 1, "compensation", compensation_fen=-1))
    good = chain("SH01-261123-02-0900", A_SALE)
    r = client.post("/api/v1/events", json={"events": good + events}, headers=world.a)
    assert r.status_code == 422
    locs = [e["loc"] for e in r.json()["detail"]]
    assert locs and locs[0][:3] == ["body", "events", 4]
    assert all(loc[:2] == ["body", "events"] and "compensation_fen" in loc for loc in locs)
    # More than was paid for the item is refused too; up to it is taken.
    events = with_lines(chain(CASE, A_SALE), decided(1, 1, "compensation", compensation_fen=9901))
    assert names(refused(client, world.a, events), events[1], "amount_above_paid")
    taken(
        client,
        world.a,
        with_lines(chain(CASE, A_SALE), decided(1, 1, "compensation", compensation_fen=2000)),
    )


def test_money_in_the_contract_is_integer_fen_at_least_zero(app: Any) -> None:
    """The document says it too: every amount of a decision but the price difference
    (which is the customer's to pay or to get back) is an integer of at least 0."""
    decision = app.openapi()["components"]["schemas"]["SnapshotDecision"]["properties"]
    for name in ("refund_fen", "compensation_fen", "exchange_unit_price_fen"):
        assert (decision[name]["type"], decision[name]["minimum"]) == ("integer", 0), name
    assert decision["price_difference_fen"]["type"] == "integer"


# -- the case's life ---------------------------------------------------------------------


def test_a_status_that_does_not_exist_is_refused(world: TwoStores, client: TestClient) -> None:
    events = chain(CASE, A_SALE, statuses=("draft", "teleported"))
    detail = refused(client, world.a, events)
    assert names(detail, events[1], "status_unknown")
    assert "teleported" in detail["reason"]


def test_a_case_cannot_jump_from_opened_to_completed(world: TwoStores, client: TestClient) -> None:
    events = chain(CASE, A_SALE, statuses=("draft", "completed"))
    detail = refused(client, world.a, events)
    assert names(detail, events[1], "status_not_allowed")
    assert "draft" in detail["reason"] and "completed" in detail["reason"]
    # Nor be opened completed.
    events = chain(CASE, A_SALE, statuses=("completed",))
    assert names(refused(client, world.a, events), events[0], "status_not_allowed")
    # Nor jump in a later batch: the status before is the one head office holds.
    opened = chain(CASE, A_SALE, statuses=("draft",))
    taken(client, world.a, opened)
    jump = event(EventKind.CASE_COMPLETED, 2, snapshot(CASE, "completed", A_SALE))
    r = client.post("/api/v1/events", json={"events": [jump]}, headers=world.a)
    assert r.status_code == 422 and names(r.json()["detail"], jump, "status_not_allowed")
    case = client.get(f"/api/v1/cases/{CASE}", headers=world.a).json()
    assert (case["status"], case["last_seq"]) == ("draft", 1)


def test_a_case_that_needs_approval_cannot_be_completed_without_it(
    world: TwoStores, client: TestClient
) -> None:
    events = chain(CASE, A_SALE, needs_approval=True)
    assert names(refused(client, world.a, events), events[2], "status_not_allowed")
    taken(
        client,
        world.a,
        chain(
            CASE,
            A_SALE,
            statuses=("draft", "submitted", "awaiting_approval", "approved", "completed"),
            needs_approval=True,
        ),
    )


def test_every_path_the_till_takes_is_taken_and_nothing_follows_the_end(
    world: TwoStores, client: TestClient
) -> None:
    paths = [
        ("draft", "draft", "submitted", "completed"),  # inspected, then decided
        ("draft", "cancelled"),
        ("draft", "submitted", "cancelled"),
        ("draft", "submitted", "awaiting_approval", "rejected", "draft", "submitted", "completed"),
        ("draft", "submitted", "awaiting_approval", "rejected", "completed"),
        ("draft", "submitted", "awaiting_approval", "cancelled"),
    ]
    for n, statuses in enumerate(paths, start=1):
        approval = "awaiting_approval" in statuses
        events = chain(f"SH01-261123-02-{n:04d}", A_SALE, statuses=statuses)
        for e in events:
            # Approval was asked for until the case was decided again without it.
            e["payload"]["needs_approval"] = approval and e["seq"] <= 4
        taken(client, world.a, events)
    after = event(EventKind.CASE_CANCELLED, 5, snapshot("SH01-261123-02-0001", "cancelled", A_SALE))
    r = client.post("/api/v1/events", json={"events": [after]}, headers=world.a)
    assert r.status_code == 422 and names(r.json()["detail"], after, "status_not_allowed")
    again = event(
        EventKind.INSPECTION_RECORDED, 3, snapshot("SH01-261123-02-0002", "cancelled", A_SALE)
    )
    r = client.post("/api/v1/events", json={"events": [again]}, headers=world.a)
    assert r.status_code == 422 and names(r.json()["detail"], again, "status_not_allowed")


# -- times a till's clock got wrong -----------------------------------------------------


def _times(events: list[dict[str, Any]], moment: datetime) -> list[dict[str, Any]]:
    for e in events:
        e["payload"]["created_at"] = moment.isoformat()
        e["payload"]["intake"]["received_at"] = moment.isoformat()
    return events


def test_a_case_dated_before_its_sale_or_in_the_future_is_taken_and_flagged(
    world: TwoStores, client: TestClient, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from aftersales.headoffice.models import HOFlag

    early = _times(chain(CASE, A_SALE), datetime(2026, 11, 19, 10, 0, tzinfo=UTC))
    ahead = datetime.now(UTC) + timedelta(days=3)
    late = _times(chain("SH01-261123-02-0002", A_SALE, [(2, 1)]), ahead)
    fine = chain("SH01-261123-02-0003", A_SALE, [(2, 1)])
    taken(client, world.a, early + late + fine)
    app = world.app
    with app.state.sessions() as s:
        held = {c.case_no: c.status for c in s.scalars(select(HOCase))}
        assert (
            held.items()
            >= {
                CASE: "completed",
                "SH01-261123-02-0002": "completed",
                "SH01-261123-02-0003": "completed",
            }.items()
        )
        flags = {(f.case_no, f.what): f for f in s.scalars(select(HOFlag))}
        assert set(flags) == {(CASE, "before_sale"), ("SH01-261123-02-0002", "in_future")}
        assert flags[CASE, "before_sale"].event_id == early[0]["event_id"]
        assert "2026-11-19" in flags[CASE, "before_sale"].detail
        assert len(s.scalars(select(HOEvent)).all()) >= 9


def test_it_lists_the_flags_with_the_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``aftersales-headoffice flags``: each case whose times cannot be right, once."""
    from aftersales.headoffice.__main__ import main
    from aftersales.headoffice.core.config import Settings
    from aftersales.headoffice.main import create_app

    def run(*argv: str) -> tuple[int, str]:
        code = main(["--data-dir", str(tmp_path / "ho"), *argv])
        return code, capsys.readouterr().out

    assert run("flags") == (0, "No flags.\n")
    app = create_app(
        Settings(tmp_path / "ho", f"sqlite:///{tmp_path / 'ho' / 'headoffice.sqlite3'}")
    )
    try:
        with TestClient(app) as client:
            world = two_stores(app, client)
            early = _times(chain(CASE, A_SALE), datetime(2026, 11, 19, 10, 0, tzinfo=UTC))
            taken(client, world.a, early)
    finally:
        app.state.engine.dispose()
    code, out = run("flags")
    assert code == 0
    [line] = out.splitlines()
    assert line.startswith(f"SH01 {CASE} before_sale:")
    assert early[0]["event_id"] in line and "2026-11-19" in line
