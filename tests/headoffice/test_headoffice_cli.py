"""``aftersales-headoffice``'s commands as head office's IT runs them: load a store's data,
publish a policy, list conflicts, replace a token; a bad file is named and loads nothing."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from aftersales.contract import EventIn
from aftersales.headoffice import crud
from aftersales.headoffice.__main__ import main
from aftersales.headoffice.core.config import Settings
from aftersales.headoffice.main import create_app
from aftersales.headoffice.models import HOPolicy, HOProduct, HOReceipt, HOStaff, HOStore


def run(tmp_path: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(tmp_path / "ho"), *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def counts(tmp_path: Path) -> dict[str, int]:
    app = create_app(
        Settings(tmp_path / "ho", f"sqlite:///{tmp_path / 'ho' / 'headoffice.sqlite3'}")
    )
    try:
        with app.state.sessions() as s:
            return {
                m.__tablename__: int(s.scalar(select(func.count()).select_from(m)) or 0)
                for m in (HOProduct, HOStaff, HOReceipt, HOPolicy)
            }
    finally:
        app.state.engine.dispose()


REFERENCE: dict[str, Any] = {
    "store": {"code": "SH01", "name": "上海南京路店", "phone": "021-1", "address": "南京东路"},
    "products": [
        {
            "sku": "TEE-BLK-M",
            "style_code": "TEE",
            "name": "T恤",
            "colour": "黑色",
            "size": "M",
            "category": "tops",
            "batch": "B1",
            "price_fen": 9900,
        }
    ],
    "staff": [
        {
            "staff_no": "C001",
            "name": "王小丽",
            "role": "cashier",
            "pin_hash": "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$aGFzaGhhc2hoYXNo",
        }
    ],
    "receipts": [
        {
            "receipt_no": "SH01-02-261123-0001",
            "barcode": "RSH01022611230001X",
            "till_no": 2,
            "sold_at": "2026-11-23T02:00:00Z",
            "tender": "cash",
            "total_fen": 9900,
            "paid_fen": 9900,
            "lines": [
                {
                    "line_no": 1,
                    "sku": "TEE-BLK-M",
                    "qty": 1,
                    "unit_price_fen": 9900,
                    "discount_fen": 0,
                    "paid_fen": 9900,
                }
            ],
        }
    ],
}


def test_import_reference_loads_a_store_and_refuses_a_bad_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "sh01.json"
    data.write_text(json.dumps(REFERENCE, ensure_ascii=False), "utf-8")
    code, _out, err = run(tmp_path, capsys, "import-reference", str(data))
    assert code == 1 and "not enrolled" in err and "add-store" in err

    assert run(tmp_path, capsys, "add-store", "SH01", "上海南京路店")[0] == 0
    code, out, _err = run(tmp_path, capsys, "import-reference", str(data))
    assert code == 0
    assert "1 products, 1 staff and 1 receipts" in out
    # Again: nothing has changed, so nothing is counted (and no duplicate rows).
    assert (
        "0 products, 0 staff and 0 receipts"
        in run(tmp_path, capsys, "import-reference", str(data))[1]
    )

    bad = json.loads(json.dumps(REFERENCE))
    bad["products"].append(dict(bad["products"][0], sku="TEE-BLK-L", price_fen=-1))
    data.write_text(json.dumps(bad), "utf-8")
    code, _out, err = run(tmp_path, capsys, "import-reference", str(data))
    assert code == 1 and "products.1.price_fen" in err and "nothing was loaded" in err
    assert counts(tmp_path) == {"ho_product": 1, "ho_staff": 1, "ho_receipt": 1, "ho_policy": 0}


def test_publish_policy_checks_the_file_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], default_policy_text: str
) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text(default_policy_text.replace("refund_days = 7", "refund_days = -7"), "utf-8")
    code, _out, err = run(tmp_path, capsys, "publish-policy", str(broken))
    assert code == 1 and "refund_days" in err

    good = tmp_path / "policy.toml"
    good.write_text(default_policy_text.replace('"2026.1"', '"2027.1"'), "utf-8")
    code, out, _err = run(tmp_path, capsys, "publish-policy", str(good))
    assert code == 0 and "2027.1" in out
    code, _out, err = run(tmp_path, capsys, "publish-policy", str(good))
    assert code == 1 and "already published" in err
    assert counts(tmp_path)["ho_policy"] == 1


def test_new_token_replaces_the_old_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from fastapi.testclient import TestClient

    old = run(tmp_path, capsys, "add-store", "SH01", "上海南京路店")[1].strip().rsplit(" ", 1)[-1]
    code, out, _err = run(tmp_path, capsys, "new-token", "SH01")
    assert code == 0
    new = out.strip().rsplit(" ", 1)[-1]
    assert run(tmp_path, capsys, "new-token", "XX99")[0] == 1
    app = create_app(
        Settings(tmp_path / "ho", f"sqlite:///{tmp_path / 'ho' / 'headoffice.sqlite3'}")
    )
    with TestClient(app) as c:
        assert (
            c.get("/api/v1/stores/me", headers={"Authorization": f"Bearer {old}"}).status_code
            == 401
        )
        assert (
            c.get("/api/v1/stores/me", headers={"Authorization": f"Bearer {new}"}).status_code
            == 200
        )
    app.state.engine.dispose()


def test_conflicts_says_when_there_are_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(tmp_path, capsys, "conflicts")
    assert code == 0 and out.strip() == "No conflicts."


def test_cases_that_arrive_before_their_sale_are_compared_once_it_is_loaded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two tills each refund the one T-shirt of a sale head office has not been told of
    yet: nothing to compare with, until the sale is loaded; then both cases are listed."""
    assert run(tmp_path, capsys, "add-store", "SH01", "上海南京路店")[0] == 0
    receipt = REFERENCE["receipts"][0]["receipt_no"]
    numbers = ["SH01-261123-02-0001", "SH01-261123-03-0001"]
    app = create_app(
        Settings(tmp_path / "ho", f"sqlite:///{tmp_path / 'ho' / 'headoffice.sqlite3'}")
    )
    try:
        with app.state.sessions() as s:
            store = s.scalars(select(HOStore)).one()
            # Each opened, submitted and completed, as its till sends it.
            refunds = [
                EventIn(
                    event_id=str(uuid.uuid4()),
                    case_no=case_no,
                    seq=seq,
                    kind=kind,
                    payload={
                        "status": status,
                        "till_no": till,
                        "receipt_no": receipt,
                        "lines": [{"receipt_line_no": 1, "qty": 1}],
                    },
                )
                for till, case_no in zip((2, 3), numbers, strict=True)
                for seq, (kind, status) in enumerate(
                    [
                        ("case_opened", "draft"),
                        ("case_submitted", "submitted"),
                        ("case_completed", "completed"),
                    ],
                    start=1,
                )
            ]
            assert crud.apply_events(s, store=store, events=refunds) == ["applied"] * 6
            s.commit()
    finally:
        app.state.engine.dispose()
    assert run(tmp_path, capsys, "conflicts")[1].strip() == "No conflicts."

    data = tmp_path / "sh01.json"
    data.write_text(json.dumps(REFERENCE, ensure_ascii=False), "utf-8")
    assert run(tmp_path, capsys, "import-reference", str(data))[0] == 0
    code, out, _err = run(tmp_path, capsys, "conflicts")
    assert code == 0
    assert f"{receipt} line 1: sold 1, returned 2 by {', '.join(numbers)}" in out


def test_serve_with_several_workers_migrates_once_and_answers(tmp_path: Path) -> None:
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    argv = ["--data-dir", str(tmp_path / "ho"), "serve", "--port", str(port), "--workers", "2"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "aftersales.headoffice", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline, answer = time.monotonic() + 60, None
        while answer is None and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/api/v1/health", timeout=2
                ) as r:
                    answer = json.loads(r.read())
            except OSError:
                time.sleep(0.2)
        assert answer is not None and answer["status"] == "ok"
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=30)
    assert out.count("Started server process") == 2, out


def test_serve_demo_enrols_the_demo_store_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``serve --demo`` enrols SH01 with the demo till's data and the demo token before
    serving; the next start finds it enrolled and does not make the data again."""
    from aftersales.headoffice.core.security import token_hash

    served: list[dict[str, Any]] = []
    monkeypatch.setattr("uvicorn.run", lambda app, **options: served.append(options))
    monkeypatch.setattr("aftersales.headoffice.main.tune_for_serving", lambda: None)
    code, out, _err = run(tmp_path, capsys, "serve", "--demo", "--port", "8799")
    assert code == 0 and served and served[0]["port"] == 8799
    assert "Seeded the demo store SH01." in out
    assert "Demo store SH01: token demo-SH01-not-a-secret (demo only)" in out
    seeded = counts(tmp_path)
    assert (seeded["ho_product"], seeded["ho_staff"], seeded["ho_receipt"]) == (63, 4, 2000)
    app = create_app(
        Settings(tmp_path / "ho", f"sqlite:///{tmp_path / 'ho' / 'headoffice.sqlite3'}")
    )
    try:
        with app.state.sessions() as s:
            store = s.scalars(select(HOStore)).one()
            assert (store.code, store.name) == ("SH01", "上海南京路店")
            assert store.token_hash == token_hash("demo-SH01-not-a-secret")
    finally:
        app.state.engine.dispose()

    def made_again(today: Any) -> None:
        raise AssertionError("the demo store's data were made again")

    monkeypatch.setattr("aftersales.demo.headoffice.demo_reference", made_again)
    code, out, _err = run(tmp_path, capsys, "serve", "--demo", "--port", "8799")
    assert code == 0 and len(served) == 2
    assert "Seeded" not in out and "token demo-SH01-not-a-secret" in out
    assert counts(tmp_path) == seeded


def test_staff_numbers_are_each_stores_own(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Store SH02's staff C001 is another person than SH01's C001: importing SH02's staff
    leaves SH01's C001 (its store, name and PIN) exactly as it was."""
    assert run(tmp_path, capsys, "add-store", "SH01", "上海南京路店")[0] == 0
    assert run(tmp_path, capsys, "add-store", "SH02", "上海淮海路店")[0] == 0
    sh01 = tmp_path / "sh01.json"
    sh01.write_text(json.dumps(REFERENCE, ensure_ascii=False), "utf-8")
    assert run(tmp_path, capsys, "import-reference", str(sh01))[0] == 0
    other = {
        "store": {"code": "SH02", "name": "上海淮海路店"},
        "staff": [dict(REFERENCE["staff"][0], name="赵强", pin_hash="$argon2id$" + "x" * 30)],
    }
    sh02 = tmp_path / "sh02.json"
    sh02.write_text(json.dumps(other, ensure_ascii=False), "utf-8")
    code, out, err = run(tmp_path, capsys, "import-reference", str(sh02))
    assert code == 0 and "1 staff" in out, (out, err)
    app = create_app(
        Settings(tmp_path / "ho", f"sqlite:///{tmp_path / 'ho' / 'headoffice.sqlite3'}")
    )
    try:
        with app.state.sessions() as s:
            rows = {
                (code, st.staff_no): (st.name, st.pin_hash)
                for st, code in s.execute(
                    select(HOStaff, HOStore.code).join(HOStore, HOStore.id == HOStaff.store_id)
                )
            }
    finally:
        app.state.engine.dispose()
    assert rows == {
        ("SH01", "C001"): ("王小丽", REFERENCE["staff"][0]["pin_hash"]),
        ("SH02", "C001"): ("赵强", "$argon2id$" + "x" * 30),
    }
