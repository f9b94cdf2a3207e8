"""Each store in its own lane: with store A's token, nothing of store B's can be read or
changed, through any route and with any kind of event. Every attempt is refused, and B's
rows in every head-office table are exactly as they were. On a SQLite file and on
PostgreSQL (the ``app`` fixture)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from ho_world import (
    A_SALE,
    B_CASES,
    B_SALE,
    STATUS_OF,
    TwoStores,
    chain,
    event,
    rows_of_store,
    snapshot,
    two_stores,
)
from sqlalchemy import insert, select

from aftersales.contract import EventKind
from aftersales.headoffice.models import HOCase, HOConflict, HOReturn, HOStore


@pytest.fixture
def world(app: Any, client: TestClient) -> TwoStores:
    return two_stores(app, client)


def attacks(kind: EventKind) -> dict[str, tuple[dict[str, Any], str]]:
    """Events of ``kind`` that store A might send against store B's rows, each with the
    refusal head office answers."""
    status = STATUS_OF[kind]
    later = 3  # after B's opening, inspection and submission
    return {
        "B's case number, its next event": (
            event(kind, later + 1, snapshot(B_CASES[1], status, B_SALE, [(2, 2)])),
            "case_of_other_store",
        ),
        "B's case number, as a new case": (
            event(kind, 1, snapshot("SH02-261123-01-0009", status, A_SALE)),
            "case_of_other_store",
        ),
        "A's case number on B's sale": (
            event(kind, 1, snapshot("SH01-261123-02-0001", status, B_SALE, [(2, 2)])),
            "receipt_of_other_store",
        ),
        "A's case number on a sale of B head office has not heard of": (
            event(kind, 1, snapshot("SH01-261123-02-0002", status, "SH02-01-261121-0001")),
            "receipt_of_other_store",
        ),
        "A's case number whose snapshot names B's case": (
            event(kind, 1, {**snapshot(B_CASES[0], status, A_SALE), "till_no": 2})
            | {"case_no": "SH01-261123-02-0003"},
            "case_no_malformed",
        ),
    }


def test_no_event_of_any_kind_from_store_a_touches_store_b(
    world: TwoStores, client: TestClient
) -> None:
    """For each kind of event, each way of aiming at B: 422 naming the event and why, and
    every one of B's rows in every table byte for byte as before."""
    app = world.app
    before = rows_of_store(app, world.b_id)
    problems = []
    for kind in EventKind:
        for how, (attack, code) in attacks(kind).items():
            # Behind an event of A's own that is fine: nothing of the batch is kept.
            own = chain("SH01-261123-02-0100", A_SALE)[:1]
            batch = {"events": [*own, attack]}
            r = client.post("/api/v1/events", json=batch, headers=world.a)
            detail = r.json().get("detail") if r.status_code == 422 else None
            if not (
                isinstance(detail, dict)
                and detail.get("code") == code
                and detail.get("event_id") == attack["event_id"]
                and detail.get("case_no") == attack["case_no"]
                and detail.get("reason")
            ):
                problems.append(f"{kind} / {how}: {r.status_code} {r.text[:300]}")
    assert client.get("/api/v1/cases/SH01-261123-02-0100", headers=world.a).status_code == 404
    assert problems == []
    assert rows_of_store(app, world.b_id) == before


def _operations(app: Any) -> set[str]:
    methods = {"get", "put", "post", "delete", "patch"}
    return {
        f"{method.upper()} {path}"
        for path, item in app.openapi()["paths"].items()
        for method in item
        if method in methods
    }


def test_no_route_shows_or_changes_store_b_s_rows_to_store_a(
    world: TwoStores, client: TestClient
) -> None:
    """Every operation head office's document lists, called with A's token at B's rows:
    nothing of B comes back (B's case numbers, sale, staff, PIN hashes), and B's rows are
    unchanged. A route added to the document without a line here fails this test."""
    app = world.app
    before = rows_of_store(app, world.b_id)
    with app.state.sessions() as s:
        b_hash = s.scalar(select(HOStore.token_hash).where(HOStore.id == world.b_id))
    secrets_of_b = [*B_CASES, B_SALE, "赵强", "SH02salt", "SH02 店", str(b_hash)]
    calls: dict[str, Any] = {
        "GET /api/v1/health": lambda c: c.get("/api/v1/health"),
        "GET /api/v1/stores/me": lambda c: c.get("/api/v1/stores/me", headers=world.a),
        "GET /api/v1/cases/{case_no}": lambda c: c.get(
            f"/api/v1/cases/{B_CASES[0]}", headers=world.a
        ),
        "GET /api/v1/reference/products": lambda c: c.get(
            "/api/v1/reference/products", headers=world.a
        ),
        "GET /api/v1/reference/staff": lambda c: c.get("/api/v1/reference/staff", headers=world.a),
        "GET /api/v1/reference/receipts": lambda c: c.get(
            "/api/v1/reference/receipts", headers=world.a
        ),
        "GET /api/v1/reference/policies": lambda c: c.get(
            "/api/v1/reference/policies", headers=world.a
        ),
        "GET /api/v1/reference/returns": lambda c: c.get(
            "/api/v1/reference/returns", headers=world.a
        ),
        "POST /api/v1/events": lambda c: c.post(
            "/api/v1/events",
            json={"events": chain(B_CASES[0], B_SALE, [(1, 1)])},
            headers=world.a,
        ),
        # B's cases are of till 1: A asking about its own till 1 learns nothing of them.
        "GET /api/v1/holdings/tills/{till_no}": lambda c: c.get(
            "/api/v1/holdings/tills/1", headers=world.a
        ),
        "GET /api/v1/holdings/tills/{till_no}/cases": lambda c: c.get(
            "/api/v1/holdings/tills/1/cases", headers=world.a
        ),
        "POST /api/v1/holdings/tills/{till_no}/resent": lambda c: c.post(
            "/api/v1/holdings/tills/1/resent",
            json={
                "reason": "events_missing",
                "cases": 2,
                "events": 8,
                "held_events": 0,
                "sent_events": 8,
            },
            headers=world.a,
        ),
        "POST /api/v1/tills/claim": lambda c: c.post(
            "/api/v1/tills/claim",
            json={"till_no": 1, "install_id": "0f0e0d0c-0b0a-4908-8706-050403020100"},
            headers=world.a,
        ),
    }
    assert set(calls) == _operations(app), "a route is missing from this matrix"
    leaks = []
    for label, call in calls.items():
        r = call(client)
        if r.status_code >= 500:
            leaks.append(f"{label}: {r.status_code}")
        # (What A sent, A may be told back: a refusal names the case A sent.)
        sent = r.request.content.decode() + str(r.request.url)
        leaks += [
            f"{label}: shows {secret!r}"
            for secret in secrets_of_b
            if secret in r.text and secret not in sent
        ]
    # A sees its own staff and sale, so the routes above did answer.
    assert "王小丽" in client.get("/api/v1/reference/staff", headers=world.a).text
    assert A_SALE in client.get("/api/v1/reference/receipts", headers=world.a).text
    held = client.get("/api/v1/holdings/tills/1", headers=world.a).json()
    assert (held["cases"], held["events"]) == (0, 0)  # B's till 1 holds some: not A's
    assert client.get("/api/v1/holdings/tills/1/cases", headers=world.a).json()["items"] == []
    assert leaks == []
    assert rows_of_store(app, world.b_id) == before


def test_a_conflict_never_counts_or_marks_another_store_s_lines_or_cases(
    world: TwoStores, client: TestClient
) -> None:
    """Rows a head office stored before stores were kept in their lane (store A's case on
    B's sale, under a case number B also uses) do not count in B's conflicts, and B's
    over-return marks B's cases only."""
    app = world.app
    with app.state.sessions() as s:
        a_id = s.scalar(select(HOStore.id).where(HOStore.code == "SH01"))
        s.execute(
            insert(HOCase).values(
                store_id=a_id,
                case_no=B_CASES[1],
                status="completed",
                last_seq=3,
                snapshot={"status": "completed", "receipt_no": B_SALE},
                conflict=False,
            )
        )
        s.execute(
            insert(HOReturn).values(
                store_id=a_id,
                case_no=B_CASES[1],
                till_no=1,
                receipt_no=B_SALE,
                line_no=2,
                qty=1,
                status="completed",
                conflict=False,
                rev=999_999,
            )
        )
        s.commit()
    # B takes back its second coat: two of two, no conflict for B.
    b_third = chain("SH02-261123-01-0003", B_SALE, [(2, 1)])
    r = client.post("/api/v1/events", json={"events": b_third}, headers=world.b)
    assert r.status_code == 200, r.text
    with app.state.sessions() as s:
        assert s.scalars(select(HOConflict)).all() == []
        assert not any(s.scalars(select(HOCase.conflict)))
        assert not any(s.scalars(select(HOReturn.conflict)))

    # A third coat from B: a conflict, of B's three cases only.
    b_fourth = chain("SH02-261123-01-0004", B_SALE, [(2, 1)])
    r = client.post("/api/v1/events", json={"events": b_fourth}, headers=world.b)
    assert r.status_code == 200, r.text
    with app.state.sessions() as s:
        [conflict] = s.scalars(select(HOConflict)).all()
        assert (conflict.store_id, conflict.sold_qty, conflict.returned_qty) == (world.b_id, 2, 3)
        assert conflict.case_nos == [B_CASES[1], "SH02-261123-01-0003", "SH02-261123-01-0004"]
        marked = set(s.execute(select(HOCase.store_id, HOCase.case_no).where(HOCase.conflict)))
        assert marked == {(world.b_id, no) for no in conflict.case_nos}
        flagged = s.execute(select(HOReturn.store_id).where(HOReturn.conflict)).scalars().all()
        assert set(flagged) == {world.b_id}
