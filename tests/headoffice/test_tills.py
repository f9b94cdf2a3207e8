"""Which computer holds each till number of a store, on SQLite and on PostgreSQL: the first
install to claim a number holds it, another is refused (at enrolment and with every batch
it sends), a batch whose case numbers are of another till is refused, a till older than
this check is taken as before, and IT frees a number with ``release-till``."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from test_events import enrol, event

from aftersales.headoffice.__main__ import main
from aftersales.headoffice.models import HOCase, HOEvent


def claim(client: TestClient, auth: dict[str, str], install_id: str, till_no: int) -> Any:
    return client.post(
        "/api/v1/tills/claim", json={"install_id": install_id, "till_no": till_no}, headers=auth
    )


def batch(*events: dict[str, Any], install_id: str | None, till_no: int = 2) -> dict[str, Any]:
    body: dict[str, Any] = {"events": list(events)}
    if install_id is not None:
        body["sender"] = {"install_id": install_id, "till_no": till_no}
    return body


def stored(app: Any) -> tuple[int, int]:
    with app.state.sessions() as s:
        return (
            int(s.scalar(select(func.count()).select_from(HOEvent)) or 0),
            int(s.scalar(select(func.count()).select_from(HOCase)) or 0),
        )


def test_the_first_install_to_claim_a_till_number_holds_it(app: Any, client: TestClient) -> None:
    auth = enrol(app, "SH01")
    first, second = str(uuid.uuid4()), str(uuid.uuid4())

    held = claim(client, auth, first, 2)
    assert held.status_code == 200, held.text
    assert held.json()["till_no"] == 2 and held.json()["install_id"] == first
    # The same install claiming again (an enrolment run twice) keeps it.
    assert claim(client, auth, first, 2).status_code == 200

    refused = claim(client, auth, second, 2)
    assert refused.status_code == 409
    assert refused.json()["detail"]["code"] == "till_in_use"
    assert refused.json()["detail"]["till_no"] == 2
    # Another number is free for it; and another store's till 2 is another till.
    assert claim(client, auth, second, 3).status_code == 200
    assert claim(client, enrol(app, "SH02"), second, 2).status_code == 200


def test_a_batch_from_an_install_that_does_not_hold_its_till_number_is_refused(
    app: Any, client: TestClient
) -> None:
    auth = enrol(app, "SH01")
    holder, other = str(uuid.uuid4()), str(uuid.uuid4())
    assert claim(client, auth, holder, 2).status_code == 200
    mine = event("SH01-261123-02-0001", 1)

    r = client.post("/api/v1/events", json=batch(mine, install_id=other), headers=auth)

    assert r.status_code == 409
    assert r.json()["detail"]["code"] == "till_in_use"
    assert r.json()["detail"]["till_no"] == 2
    assert stored(app) == (0, 0)
    ok = client.post("/api/v1/events", json=batch(mine, install_id=holder), headers=auth)
    assert ok.status_code == 200 and ok.json()["results"][0]["result"] == "applied"


def test_the_first_install_to_send_a_batch_holds_an_unclaimed_till_number(
    app: Any, client: TestClient
) -> None:
    """A till enrolled before tills had an identity claims its number with its first
    batch; another computer sending as the same till is refused from then on."""
    auth = enrol(app, "SH01")
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    a = event("SH01-261123-02-0001", 1)
    b = event("SH01-261123-02-0002", 1)
    assert client.post("/api/v1/events", json=batch(a, install_id=first), headers=auth).is_success
    r = client.post("/api/v1/events", json=batch(b, install_id=second), headers=auth)
    assert r.status_code == 409 and r.json()["detail"]["code"] == "till_in_use"
    assert stored(app) == (1, 1)
    assert claim(client, auth, second, 2).status_code == 409


def test_a_batch_with_case_numbers_of_another_till_than_its_sender_is_refused(
    app: Any, client: TestClient
) -> None:
    auth = enrol(app, "SH01")
    sender = str(uuid.uuid4())
    own = event("SH01-261123-03-0001", 1)
    other_tills = event("SH01-261123-02-0001", 1)

    r = client.post(
        "/api/v1/events", json=batch(own, other_tills, install_id=sender, till_no=3), headers=auth
    )

    assert r.status_code == 409
    detail = r.json()["detail"]
    assert detail["code"] == "till_in_use"
    assert (detail["event_id"], detail["case_no"]) == (
        other_tills["event_id"],
        "SH01-261123-02-0001",
    )
    assert stored(app) == (0, 0)


def test_a_batch_that_does_not_say_who_sends_it_is_taken_as_before(
    app: Any, client: TestClient
) -> None:
    """Tills older than this check send no ``sender``: they keep working."""
    auth = enrol(app, "SH01")
    assert claim(client, auth, str(uuid.uuid4()), 2).status_code == 200
    r = client.post(
        "/api/v1/events", json=batch(event("SH01-261123-02-0001", 1), install_id=None), headers=auth
    )
    assert r.status_code == 200


def test_a_claim_needs_the_store_token_and_a_till_number_a_till_can_have(
    app: Any, client: TestClient
) -> None:
    auth = enrol(app, "SH01")
    assert claim(client, {}, str(uuid.uuid4()), 2).status_code == 401
    assert claim(client, auth, str(uuid.uuid4()), 0).status_code == 422
    assert claim(client, auth, str(uuid.uuid4()), 100).status_code == 422
    assert claim(client, auth, "not-an-install-id", 2).status_code == 422


def test_release_till_frees_the_number_for_the_next_computer_and_says_so(
    app: Any,
    client: TestClient,
    tmp_path: Path,
    ho_database_url: str,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    auth = enrol(app, "SH01")
    old, new = str(uuid.uuid4()), str(uuid.uuid4())
    assert claim(client, auth, old, 2).status_code == 200
    assert claim(client, auth, new, 2).status_code == 409

    def release(*argv: str) -> tuple[int, str, str]:
        code = main(["--data-dir", str(tmp_path), "--database-url", ho_database_url, *argv])
        out = capsys.readouterr()
        return code, out.out, out.err

    with caplog.at_level(logging.INFO, logger="aftersales.headoffice"):
        code, out, _err = release("release-till", "SH01", "2")
    assert code == 0, out
    # IT sees which computer held it, and the log keeps it (the audit).
    assert "SH01" in out and "till 2" in out and old in out
    assert any(old in r.getMessage() and "released" in r.getMessage() for r in caplog.records)

    assert claim(client, auth, new, 2).status_code == 200
    assert claim(client, auth, old, 2).status_code == 409

    code, _out, err = release("release-till", "SH01", "5")
    assert code == 1 and "till 5" in err
    code, _out, err = release("release-till", "XX99", "2")
    assert code == 1 and "XX99" in err
