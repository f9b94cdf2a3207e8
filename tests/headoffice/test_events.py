"""The head-office service through its HTTP API, on a real SQLite file and on PostgreSQL:
enrolment, store tokens, each event applied once forever, in order per case, all or nothing
per batch."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from fastapi.testclient import TestClient

from aftersales.headoffice import crud
from aftersales.headoffice.core.config import Settings
from aftersales.headoffice.main import create_app
from aftersales.headoffice.models import Base


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
