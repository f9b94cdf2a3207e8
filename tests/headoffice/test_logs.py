"""Head office's log as IT reads it: one logger per area, a JSON line a record; each batch
applied, each refusal with its reason, each conflict and each flagged case is there, and
no record holds a store token or a customer's phone number."""

from __future__ import annotations

import io
import json
import logging
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from ho_world import A_SALE, B_SALE, chain, two_stores

from aftersales.headoffice.core import logs


def lines(caplog: pytest.LogCaptureFixture) -> list[dict[str, Any]]:
    """The records as the service writes them: JSON lines."""
    formatter = logs.JSONLines()
    out = []
    for record in caplog.records:
        if record.name.startswith(logs.ROOT):
            text = formatter.format(record)
            assert "\n" not in text
            out.append(json.loads(text))
    return out


def test_batches_refusals_conflicts_and_flags_are_logged_without_tokens_or_phones(
    app: Any, client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=logs.ROOT)
    world = two_stores(app, client)
    tokens = [world.a["Authorization"].split()[1], world.b["Authorization"].split()[1]]
    # A's case dated a year ahead (flagged), B's third coat of two (a conflict), A's
    # case on B's sale (refused), and a wrong token.
    ahead = chain("SH01-261123-02-0001", A_SALE)
    for e in ahead:
        e["payload"]["created_at"] = (datetime.now(UTC) + timedelta(days=365)).isoformat()
    assert client.post("/api/v1/events", json={"events": ahead}, headers=world.a).status_code == 200
    for n in (3, 4):
        more = chain(f"SH02-261123-01-{n:04d}", B_SALE, [(2, 1)])
        r = client.post("/api/v1/events", json={"events": more}, headers=world.b)
        assert r.status_code == 200
    theirs = chain("SH01-261123-02-0002", B_SALE)
    r = client.post("/api/v1/events", json={"events": theirs}, headers=world.a)
    assert r.status_code == 422
    wrong = {"Authorization": "Bearer " + "x" * 43}
    assert client.get("/api/v1/stores/me", headers=wrong).status_code == 401

    records = lines(caplog)
    by = {(r["logger"], r["message"]) for r in records}
    assert (f"{logs.ROOT}.events", "batch applied") in by
    applied = [r for r in records if r["message"] == "batch applied" and r["store"] == "SH01"]
    assert applied[0]["applied"] == 3 and applied[0]["duplicate"] == 0
    [refusal] = [r for r in records if r["message"] == "event refused"]
    assert refusal["logger"] == f"{logs.ROOT}.events"
    assert (refusal["store"], refusal["code"], refusal["event_id"], refusal["case_no"]) == (
        "SH01",
        "receipt_of_other_store",
        theirs[0]["event_id"],
        "SH01-261123-02-0002",
    )
    assert B_SALE in refusal["reason"]
    [flag] = [r for r in records if r["message"] == "event flagged"]
    assert (flag["store"], flag["case_no"], flag["what"]) == (
        "SH01",
        "SH01-261123-02-0001",
        "in_future",
    )
    conflicts = [r for r in records if r["message"] == "conflict"]
    assert conflicts and conflicts[-1]["logger"] == f"{logs.ROOT}.reference"
    assert (conflicts[-1]["store"], conflicts[-1]["receipt_no"], conflicts[-1]["line_no"]) == (
        "SH02",
        B_SALE,
        2,
    )
    [auth] = [r for r in records if r["logger"] == f"{logs.ROOT}.auth"]
    assert auth["message"] == "store token refused" and auth["token_sent"] is True
    text = "\n".join(json.dumps(r, ensure_ascii=False) for r in records)
    for secret in [*tokens, "x" * 43, "13812345678", "021-12345678"]:
        assert secret not in text


def test_the_formatter_masks_what_looks_like_a_phone_or_a_token() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs.JSONLines())
    log = logging.getLogger(f"{logs.ROOT}.test")
    log.addHandler(handler)
    log.propagate = False
    try:
        token = "HkUur4DbmBICQzSySdooLmgONMCU53FtF-xghnn73to"
        log.warning(
            "call 13812345678 or 021-12345678, Authorization: Bearer %s",
            "demo-SH01-not-a-secret",
            extra={
                "detail": {"phone": "13912345678", "token": token},
                "case_no": "SH01-261123-02-0001",
            },
        )
    finally:
        log.removeHandler(handler)
        log.propagate = True
    line = json.loads(stream.getvalue())
    assert line["logger"] == f"{logs.ROOT}.test" and line["level"] == "warning"
    assert line["case_no"] == "SH01-261123-02-0001"  # numbers of cases stay readable
    text = stream.getvalue()
    for secret in ("13812345678", "021-12345678", "demo-SH01-not-a-secret", "13912345678", token):
        assert secret not in text
    assert logs.MASK in line["message"] and line["detail"]["token"] == logs.MASK


def test_the_service_logs_as_json_lines_once() -> None:
    stream = io.StringIO()
    root = logging.getLogger(logs.ROOT)
    before = list(root.handlers)
    first = logs.configure(io.StringIO())
    handler = logs.configure(stream)
    try:
        assert first not in root.handlers and handler in root.handlers
        logs.RECONCILE.info("held", extra={"store": "SH01", "cases": 3})
        [line] = stream.getvalue().splitlines()
        assert json.loads(line)["cases"] == 3
    finally:
        root.removeHandler(handler)
        for h in before:
            if h not in root.handlers and not isinstance(h.formatter, logs.JSONLines):
                root.addHandler(h)
