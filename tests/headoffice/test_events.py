"""The head-office service through its HTTP API, on a real SQLite file and on PostgreSQL:
enrolment, store tokens, each event applied once forever, in order per case, all or nothing
per batch."""

from __future__ import annotations

import gzip
import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from fastapi.testclient import TestClient

from aftersales.contract import EventKind
from aftersales.headoffice import crud
from aftersales.headoffice.core.config import Settings
from aftersales.headoffice.main import MAX_BODY_BYTES, create_app
from aftersales.headoffice.models import Base
from aftersales.sync.outbox import encode_body


def enrol(app: Any, code: str) -> dict[str, str]:
    with app.state.sessions() as s:
        _store, token = crud.create_store(s, code=code, name=f"{code} 店")
        s.commit()
    return {"Authorization": f"Bearer {token}"}


def event(case_no: str, seq: int, status: str = "draft", **payload: Any) -> dict[str, Any]:
    return {
        "event_id": str(uuid.uuid4()),
        "case_no": case_no,
        "seq": seq,
        "kind": "case_opened" if seq == 1 else "case_submitted",
        "payload": {"case_no": case_no, "status": status, **payload},
    }


def test_models_and_migrations_agree(app: Any) -> None:
    with app.state.engine.connect() as c:
        ctx = MigrationContext.configure(c, opts={"compare_type": True})
        assert compare_metadata(ctx, Base.metadata) == []


def test_a_missing_or_wrong_token_gets_401_and_stores_nothing(app: Any, client: TestClient) -> None:
    enrol(app, "SH01")
    batch = {"events": [event("SH01-261123-02-0001", 1)]}
    assert client.post("/api/v1/events", json=batch).status_code == 401
    wrong = {"Authorization": "Bearer not-a-token"}
    assert client.post("/api/v1/events", json=batch, headers=wrong).status_code == 401
    good = enrol(app, "SH02")
    assert client.get("/api/v1/cases/SH01-261123-02-0001", headers=good).status_code == 404


def test_each_event_applies_once_and_a_resend_gets_the_same_answer(
    app: Any, client: TestClient
) -> None:
    auth = enrol(app, "SH01")
    first = event("SH01-261123-02-0001", 1)
    second = event("SH01-261123-02-0001", 2, status="submitted")
    r = client.post("/api/v1/events", json={"events": [first, second]}, headers=auth)
    assert r.status_code == 200
    assert [x["result"] for x in r.json()["results"]] == ["applied", "applied"]
    again = client.post("/api/v1/events", json={"events": [first, second]}, headers=auth)
    assert again.status_code == 200
    assert [x["result"] for x in again.json()["results"]] == ["duplicate", "duplicate"]
    case = client.get("/api/v1/cases/SH01-261123-02-0001", headers=auth).json()
    assert (case["status"], case["last_seq"]) == ("submitted", 2)


def test_the_same_id_with_another_content_is_422(app: Any, client: TestClient) -> None:
    auth = enrol(app, "SH01")
    first = event("SH01-261123-02-0001", 1)
    assert client.post("/api/v1/events", json={"events": [first]}, headers=auth).status_code == 200
    changed = {**first, "payload": {**first["payload"], "status": "cancelled"}}
    r = client.post("/api/v1/events", json={"events": [changed]}, headers=auth)
    assert r.status_code == 422
    assert r.json()["detail"]["code"] == "event_id_reused"


def test_a_gap_is_409_with_the_sequence_expected_and_nothing_of_the_batch_is_kept(
    app: Any, client: TestClient
) -> None:
    auth = enrol(app, "SH01")
    other = event("SH01-261123-02-0002", 1)
    third = event("SH01-261123-02-0001", 3)
    r = client.post("/api/v1/events", json={"events": [other, third]}, headers=auth)
    assert r.status_code == 409
    assert r.json()["detail"] == {
        "code": "sequence_gap",
        "event_id": third["event_id"],
        "case_no": "SH01-261123-02-0001",
        "expected_seq": 1,
        "reason": "send this case from event 1: head office lacks the events before this one",
    }
    assert client.get("/api/v1/cases/SH01-261123-02-0002", headers=auth).status_code == 404


def test_a_store_sees_only_its_own_cases(app: Any, client: TestClient) -> None:
    sh01, sh02 = enrol(app, "SH01"), enrol(app, "SH02")
    client.post("/api/v1/events", json={"events": [event("SH01-261123-02-0001", 1)]}, headers=sh01)
    assert client.get("/api/v1/stores/me", headers=sh02).json() == {
        "code": "SH02",
        "name": "SH02 店",
        "phone": "",
        "address": "",
    }
    assert client.get("/api/v1/cases/SH01-261123-02-0001", headers=sh02).status_code == 404
    assert client.get("/api/v1/cases/SH01-261123-02-0001", headers=sh01).status_code == 200


def test_a_malformed_batch_is_refused_whole(app: Any, client: TestClient) -> None:
    auth = enrol(app, "SH01")
    bad = {"events": [{"event_id": "x", "case_no": "", "seq": 0, "kind": "", "payload": {}}]}
    assert client.post("/api/v1/events", json=bad, headers=auth).status_code == 422
    assert client.post("/api/v1/events", json={"events": []}, headers=auth).status_code == 422


def test_an_event_of_a_kind_head_office_does_not_know_is_refused_naming_it(
    app: Any, client: TestClient
) -> None:
    """The kinds are the contract's (EventKind): another is refused (422) with the event
    named, so that the till parks that event alone, and nothing of the batch is kept."""
    auth = enrol(app, "SH01")
    known = event("SH01-261123-02-0001", 1)
    unknown = {**event("SH01-261123-02-0002", 1), "kind": "case_teleported"}
    r = client.post("/api/v1/events", json={"events": [known, unknown]}, headers=auth)
    assert r.status_code == 422
    assert [e["loc"] for e in r.json()["detail"]] == [["body", "events", 1, "kind"]]
    assert client.get("/api/v1/cases/SH01-261123-02-0001", headers=auth).status_code == 404
    kinds = app.openapi()["components"]["schemas"]["EventKind"]["enum"]
    assert kinds == [k.value for k in EventKind] and "case_revised" in kinds


def whole_snapshot(case_no: str) -> dict[str, Any]:
    """A snapshot as the till writes it (services.cases): every field the contract has (a
    case opened again after a manager rejected its decisions: a draft that holds them)."""
    return {
        "case_no": case_no,
        "status": "draft",
        "till_no": 2,
        "receipt_no": "SH01-02-261120-0042",
        "policy_version": "2026.1",
        "needs_approval": False,
        "created_at": "2026-11-23T02:15:00.123456+00:00",
        "intake": {
            "customer_name": "张三",
            "customer_phone": "13812345678",
            "channel": "store",
            "problem_category": "size_fit",
            "description": "尺码偏小",
            "wanted": "refund",
            "received_at": "2026-11-23T02:15:00+00:00",
        },
        "lines": [
            {
                "receipt_line_no": 1,
                "sku": "TEE-BLK-M",
                "qty": 1,
                "inspection": {
                    "tags_attached": True,
                    "unworn": True,
                    "unwashed": True,
                    "stains": False,
                    "odour": False,
                    "damage": "none",
                    "batch": "B2611",
                    "suggested_liability": "customer",
                    "liability": "customer",
                    "override_reason": "",
                },
                "decision": {
                    "resolution": "refund",
                    "qty": 1,
                    "refund_fen": 9900,
                    "tender": "alipay",
                    "exchange_unit_price_fen": 0,
                    "price_difference_fen": -500,
                    "repair_due": "2026-12-01",
                    "compensation_fen": 0,
                    "reject_reason": "",
                    "disposition": "restock",
                    "within_policy": True,
                    "rule_ids": ["R01", "R07"],
                },
            }
        ],
    }


def _line(snapshot: dict[str, Any]) -> dict[str, Any]:
    line: dict[str, Any] = snapshot["lines"][0]
    return line


# What a till with a bug might write; each names the field at fault, as head office's 422
# points at it.
SPOILED: dict[str, tuple[Callable[[dict[str, Any]], Any], str]] = {
    "a phone as a number": (
        lambda p: p["intake"].update(customer_phone=13812345678),
        "customer_phone",
    ),
    "a flag as text": (lambda p: _line(p)["inspection"].update(stains="no"), "stains"),
    "a flag as a number": (lambda p: _line(p)["inspection"].update(unworn=1), "unworn"),
    "a refund below zero": (lambda p: _line(p)["decision"].update(refund_fen=-100), "refund_fen"),
    "money as text": (lambda p: _line(p)["decision"].update(refund_fen="9900"), "refund_fen"),
    "rules not a list": (lambda p: _line(p)["decision"].update(rule_ids="R01"), "rule_ids"),
    "a date not a date": (
        lambda p: _line(p)["decision"].update(repair_due="next week"),
        "repair_due",
    ),
    "a time not a time": (lambda p: p.update(created_at="yesterday"), "created_at"),
    "approval as text": (lambda p: p.update(needs_approval="false"), "needs_approval"),
    "no policy": (lambda p: p.update(policy_version=None), "policy_version"),
    "an intake of text": (lambda p: p.update(intake="walk-in"), "intake"),
    "a SKU too long": (lambda p: _line(p).update(sku="X" * 33), "sku"),
    "a NUL in a reason": (
        lambda p: _line(p)["decision"].update(reject_reason="a\x00b"),
        "reject_reason",
    ),
}


def test_a_whole_snapshot_is_taken_and_one_with_a_field_of_the_wrong_type_is_refused(
    app: Any, client: TestClient
) -> None:
    """Head office checks each event's payload against the contract's CaseSnapshot, all of
    it: a field of the wrong type is a 422 naming the event (and the field), so the till
    parks that event alone; nothing of the batch is kept."""
    auth = enrol(app, "SH01")
    good = {**event("SH01-261123-02-0001", 1), "payload": whole_snapshot("SH01-261123-02-0001")}
    problems = []
    for why, (spoil, field) in SPOILED.items():
        bad = event("SH01-261123-02-0002", 1)
        bad["payload"] = whole_snapshot("SH01-261123-02-0002")
        spoil(bad["payload"])
        r = client.post("/api/v1/events", json={"events": [good, bad]}, headers=auth)
        locs = [e["loc"] for e in r.json()["detail"]] if r.status_code == 422 else []
        if not locs or any(
            loc[:4] != ["body", "events", 1, "payload"] or field not in loc for loc in locs
        ):
            problems.append(f"{why}: {r.status_code} {r.text[:300]}")
    assert problems == []
    assert client.get("/api/v1/cases/SH01-261123-02-0001", headers=auth).status_code == 404
    r = client.post("/api/v1/events", json={"events": [good]}, headers=auth)
    assert (r.status_code, r.json()["results"][0]["result"]) == (200, "applied")
    case = client.get("/api/v1/cases/SH01-261123-02-0001", headers=auth).json()
    assert case["snapshot"] == good["payload"]  # kept as sent


def test_add_store_prints_its_token_once_and_the_token_works(
    tmp_path: Path, ho_database_url: str
) -> None:
    import subprocess
    import sys

    def add_store(code: str, name: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "aftersales.headoffice",
                "--data-dir",
                str(tmp_path),
                "--database-url",
                ho_database_url,
                "add-store",
                code,
                name,
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )

    run = add_store("SH01", "上海南京路店")
    assert run.returncode == 0, run.stderr
    token = run.stdout.strip().rsplit(" ", 1)[-1]
    app = create_app(Settings(tmp_path, ho_database_url))
    try:
        with TestClient(app) as c:
            me = c.get("/api/v1/stores/me", headers={"Authorization": f"Bearer {token}"})
            assert me.json() == {"code": "SH01", "name": "上海南京路店", "phone": "", "address": ""}
    finally:
        app.state.engine.dispose()
    again = add_store("SH01", "x")
    assert again.returncode == 1 and "already enrolled" in again.stderr


def test_a_resend_with_its_keys_in_another_order_is_the_same_event(
    app: Any, client: TestClient
) -> None:
    auth = enrol(app, "SH01")
    first = event("SH01-261123-02-0001", 1, till_no=2, intake={"wanted": "refund", "a": 1})
    assert client.post("/api/v1/events", json={"events": [first]}, headers=auth).status_code == 200
    reordered = dict(reversed(first.items()))
    reordered["payload"] = dict(reversed(first["payload"].items()))
    reordered["payload"]["intake"] = {"a": 1, "wanted": "refund"}
    r = client.post("/api/v1/events", json={"events": [reordered]}, headers=auth)
    assert (r.status_code, r.json()["results"][0]["result"]) == (200, "duplicate")


def test_an_event_head_office_stored_under_its_first_hash_is_still_known(
    app: Any, client: TestClient
) -> None:
    """Head office's first builds hashed an event's content through the standard
    library's encoder; a till that missed the answer may resend such an event after an
    upgrade, and must get "duplicate", not "reused"."""
    import hashlib

    from sqlalchemy import update

    from aftersales.headoffice.models import HOEvent

    auth = enrol(app, "SH01")
    first = event("SH01-261123-02-0001", 1, description="尺码偏小")
    assert client.post("/api/v1/events", json={"events": [first]}, headers=auth).status_code == 200
    content = {k: first[k] for k in ("case_no", "seq", "kind", "payload")}
    earlier = hashlib.sha256(
        json.dumps(content, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()
    with app.state.sessions() as s:
        s.execute(update(HOEvent).values(payload_hash=earlier))
        s.commit()
    again = client.post("/api/v1/events", json={"events": [first]}, headers=auth)
    assert (again.status_code, again.json()["results"][0]["result"]) == (200, "duplicate")
    changed = {**first, "payload": {**first["payload"], "description": "另一个"}}
    reused = client.post("/api/v1/events", json={"events": [changed]}, headers=auth)
    assert (reused.status_code, reused.json()["detail"]["code"]) == (422, "event_id_reused")


def _raw(case_no: str, payload_extra: str) -> bytes:
    """A one-event batch as JSON text, ``payload_extra`` spliced into the payload."""
    head = {"event_id": str(uuid.uuid4()), "case_no": case_no, "seq": 1, "kind": "case_opened"}
    payload = f'{{"case_no": "{case_no}", "status": "draft", {payload_extra}}}'
    return ('{"events": [' + json.dumps(head)[:-1] + f', "payload": {payload}}}]}}').encode()


def test_a_body_that_is_not_plain_json_in_utf8_is_refused_and_nothing_is_stored(
    app: Any, client: TestClient
) -> None:
    auth = {**enrol(app, "SH01"), "Content-Type": "application/json"}
    case_no = "SH01-261123-02-0001"
    refused = {
        "NaN": (_raw(case_no, '"x": NaN'), 422),
        "Infinity": (_raw(case_no, '"x": -Infinity'), 422),
        "beyond a double": (_raw(case_no, '"x": 1e400'), 422),
        "lone surrogate": (_raw(case_no, '"x": "\\ud800"'), 422),
        "lone surrogate, long digits": (_raw(case_no, '"x": "\\udc00", "y": 1' + "0" * 30), 422),
        "surrogate in UTF-8 bytes": (_raw(case_no, '"x": "?"').replace(b"?", b"\xed\xa0\x80"), 400),
        "not UTF-8": (_raw(case_no, '"x": "?"').replace(b"?", b"\xff"), 400),
        "UTF-16": (_raw(case_no, '"x": 1').decode().encode("utf-16"), 400),
        "not JSON": (_raw(case_no, '"x": 1')[:-3], 422),
    }
    for why, (body, status) in refused.items():
        r = client.post("/api/v1/events", content=body, headers=auth)
        assert r.status_code == status, (why, r.text)
    assert client.get(f"/api/v1/cases/{case_no}", headers=auth).status_code == 404


def test_an_integer_beyond_64_bits_is_kept_exactly(app: Any, client: TestClient) -> None:
    auth = {**enrol(app, "SH01"), "Content-Type": "application/json"}
    case_no = "SH01-261123-02-0001"
    body = _raw(case_no, '"serial": 123456789012345678901234567890, "note": "收银台"')
    r = client.post("/api/v1/events", content=body, headers=auth)
    assert (r.status_code, r.json()["results"][0]["result"]) == (200, "applied")
    again = client.post("/api/v1/events", content=body, headers=auth)
    assert again.json()["results"][0]["result"] == "duplicate"
    case = client.get(f"/api/v1/cases/{case_no}", headers=auth).json()
    assert case["snapshot"]["serial"] == 123456789012345678901234567890
    assert case["snapshot"]["note"] == "收银台"


def test_a_body_beyond_what_head_office_takes_is_413_and_nothing_is_stored(
    app: Any, client: TestClient
) -> None:
    auth = {**enrol(app, "SH01"), "Content-Type": "application/json"}
    case_no = "SH01-261123-02-0001"
    padding = "x" * (MAX_BODY_BYTES + 1)
    r = client.post("/api/v1/events", content=_raw(case_no, f'"note": "{padding}"'), headers=auth)
    assert r.status_code == 413
    assert client.get(f"/api/v1/cases/{case_no}", headers=auth).status_code == 404
    fits = client.post("/api/v1/events", content=_raw(case_no, '"note": "短"'), headers=auth)
    assert fits.status_code == 200


def test_a_gzipped_body_is_the_same_batch_as_the_plain_one(app: Any, client: TestClient) -> None:
    auth = enrol(app, "SH01")
    batch = {"events": [event("SH01-261123-02-0001", 1, note="收银台")]}
    packed = {**auth, "Content-Type": "application/json", "Content-Encoding": "gzip"}
    r = client.post("/api/v1/events", content=encode_body(batch), headers=packed)
    assert (r.status_code, r.json()["results"][0]["result"]) == (200, "applied")
    plain = client.post("/api/v1/events", json=batch, headers=auth)  # a resend, not packed
    assert plain.json()["results"][0]["result"] == "duplicate"
    case = client.get("/api/v1/cases/SH01-261123-02-0001", headers=auth).json()
    assert case["snapshot"]["note"] == "收银台"


def test_a_gzipped_body_that_is_broken_or_unpacks_too_large_is_refused_and_nothing_is_stored(
    app: Any, client: TestClient
) -> None:
    auth = {**enrol(app, "SH01"), "Content-Type": "application/json"}
    case_no = "SH01-261123-02-0001"
    packed = gzip.compress(_raw(case_no, '"note": "短"'))
    # Unpacks to one byte more than head office takes, from some kilobytes on the wire.
    at_limit = _raw(case_no, '"note": ""')
    bomb = at_limit.replace(b'""', b'"' + b"x" * (MAX_BODY_BYTES + 1 - len(at_limit)) + b'"')
    refused = {
        "cut short": (packed[:-9], "gzip", 400),
        "not gzip at all": (_raw(case_no, '"note": "短"'), "gzip", 400),
        "something after the stream": (packed + b"junk", "gzip", 400),
        "unpacks beyond the limit": (gzip.compress(bomb), "gzip", 413),
        "an encoding not taken": (packed, "br", 415),
    }
    for why, (body, encoding, status) in refused.items():
        headers = {**auth, "Content-Encoding": encoding}
        r = client.post("/api/v1/events", content=body, headers=headers)
        assert r.status_code == status, (why, r.text)
        assert r.json()["detail"], why  # says what was wrong
    assert client.get(f"/api/v1/cases/{case_no}", headers=auth).status_code == 404
    # The most head office takes, packed: taken whole.
    assert len(bomb) == MAX_BODY_BYTES + 1
    exactly = bomb.replace(b"x", b"", 1)
    headers = {**auth, "Content-Encoding": "GZIP"}
    r = client.post("/api/v1/events", content=gzip.compress(exactly), headers=headers)
    assert r.status_code == 200, r.text[:300]
    case = client.get(f"/api/v1/cases/{case_no}", headers=auth).json()
    assert len(case["snapshot"]["note"]) == len(exactly) - len(at_limit)
