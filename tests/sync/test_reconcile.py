"""Head office restored from its backup has lost what it confirmed since: the till finds it
out and sends it again from its kept outbox, exactly once in effect (issue 13, part 3).
Through the real service on a loopback port, on SQLite and on PostgreSQL, with a real
backup and restore."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from ho_backup import back_up, restore
from sqlalchemy import func, select
from sync_helpers import refund_case

from aftersales.db.models import OutboxEvent, OutboxState
from aftersales.domain import clock
from aftersales.headoffice import reference
from aftersales.headoffice.models import HOCase, HOEvent, HOStore
from aftersales.sync.outbox import drain, pending_count
from aftersales.sync.pull import pull
from aftersales.sync.reconcile import (
    CHECK_EVERY,
    RESENT,
    SyncProblem,
    due,
    last_reconciliation,
    reconcile,
)

TILL = 2  # the test shop's till


def ho_cases(app: Any) -> dict[str, tuple[str, int]]:
    with app.state.sessions() as s:
        return {c.case_no: (c.status, c.last_seq) for c in s.scalars(select(HOCase))}


def ho_event_count(app: Any) -> int:
    with app.state.sessions() as s:
        return int(s.scalar(select(func.count()).select_from(HOEvent)) or 0)


def test_cases_lost_in_a_restore_are_found_and_sent_again_once(
    shop: Any, head_office: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    office, app = head_office
    before = [refund_case(shop) for _ in range(3)]
    assert drain(shop.db, office).sent == 12
    backup = tmp_path / "nightly.backup"
    back_up(app, backup)
    # The day goes on: ten more cases completed, every one confirmed by head office.
    lost = [refund_case(shop) for _ in range(10)]
    assert drain(shop.db, office).sent == 40
    assert reconcile(shop.db, office, TILL, compare=True).resent_events == 0

    restore(app, backup)  # the disk failed; IT restored last night's backup
    assert set(ho_cases(app)) == set(before)

    caplog.set_level(logging.WARNING)
    found = reconcile(shop.db, office, TILL)
    assert found.problem is None
    assert (found.held_events, found.sent_events) == (12, 52)
    assert (found.resent_events, found.resent_cases) == (40, 10)
    with shop.db.read() as s:
        waiting = s.scalars(select(OutboxEvent).where(OutboxEvent.state == OutboxState.PENDING))
        assert {(e.case_no, e.last_error) for e in waiting} == {(no, RESENT) for no in lost}
    # Head office's log says what comes again and why.
    said = [
        r
        for r in caplog.records
        if r.name == "aftersales.headoffice.reconcile" and r.levelno >= logging.WARNING
    ]
    assert [
        (r.getMessage(), r.store, r.till_no, r.events, r.cases, r.reason)  # type: ignore[attr-defined]
        for r in said
    ] == [("till sends again what head office no longer held", "SH01", 2, 40, 10, "events_missing")]

    assert drain(shop.db, office).sent == 40
    assert pending_count(shop.db) == 0
    assert ho_cases(app) == {no: ("completed", 4) for no in before + lost}
    assert ho_event_count(app) == 52
    # And nothing more the next time: every event is held once.
    again = reconcile(shop.db, office, TILL, compare=True)
    assert (again.held_events, again.sent_events) == (52, 52)
    assert pending_count(shop.db) == 0
    # What went again is still said (the sync screen shows it), as of when it went.
    assert again.resent_at == found.resent_at and again.resent_events == 40


def test_a_case_head_office_holds_in_part_goes_again_from_where_it_stops(
    shop: Any, head_office: Any, tmp_path: Path
) -> None:
    office, app = head_office
    no = refund_case(shop, complete=False)  # opened, inspected, submitted
    assert drain(shop.db, office).sent == 3
    backup = tmp_path / "nightly.backup"
    back_up(app, backup)
    from aftersales.services import cases

    cases.complete_case(shop.db, shop.cashier.info, no)
    assert drain(shop.db, office).sent == 1
    restore(app, backup)

    found = reconcile(shop.db, office, TILL)
    assert (found.resent_events, found.resent_cases) == (1, 1)
    assert drain(shop.db, office).sent == 1
    assert ho_cases(app) == {no: ("completed", 4)}


def test_the_figures_agreeing_no_case_list_is_asked(
    shop: Any, head_office: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check every few minutes is one small request; the case list only when the
    figures show a loss, or once a day."""
    office, _app = head_office
    refund_case(shop)
    drain(shop.db, office)
    assert due(shop.db) == "compare"  # never compared yet
    first = reconcile(shop.db, office, TILL, compare=True)
    assert first.compared_at is not None
    assert due(shop.db) is None
    later = clock.now_utc() + CHECK_EVERY + timedelta(seconds=1)
    monkeypatch.setattr(clock, "now_utc", lambda: later)
    assert due(shop.db) == "check"
    checked = reconcile(shop.db, office, TILL)
    assert checked.compared_at == first.compared_at  # the cases were not listed again
    assert (checked.held_events, checked.sent_events) == (4, 4)
    assert last_reconciliation(shop.db) == checked


def test_reference_data_published_after_a_restore_still_reaches_the_till(
    shop: Any, head_office: Any, tmp_path: Path
) -> None:
    """Head office restored counted its revisions on from the backup's, giving again those
    the till holds as its cursor: what it published next never reached the till."""
    office, app = head_office
    backup = tmp_path / "nightly.backup"
    back_up(app, backup)
    _publish_staff(app, "S100", "赵一")
    assert pull(shop.db, office).problem is None
    restore(app, backup)
    _publish_staff(app, "S200", "钱二")

    assert pull(shop.db, office).problem is None
    from aftersales.db.models import Staff

    with shop.db.read() as s:
        names = set(s.scalars(select(Staff.name)))
    assert {"赵一", "钱二"} <= names


def test_head_office_away_changes_nothing(shop: Any, head_office: Any) -> None:
    office, _app = head_office
    refund_case(shop)
    drain(shop.db, office)
    from sync_helpers import free_port

    from aftersales.sync.outbox import HeadOffice

    away = HeadOffice(f"http://127.0.0.1:{free_port()}", office.token)
    found = reconcile(shop.db, away, TILL, compare=True)
    assert found.problem is SyncProblem.UNREACHABLE
    assert pending_count(shop.db) == 0
    assert last_reconciliation(shop.db) is None  # nothing recorded as reconciled


def _publish_staff(app: Any, staff_no: str, name: str) -> None:
    from aftersales.contract import StaffRef

    with app.state.sessions() as s:
        store = s.scalars(select(HOStore).where(HOStore.code == "SH01")).one()
        reference.upsert_staff(
            s,
            store=store,
            staff=[StaffRef(staff_no=staff_no, name=name, role="cashier", pin_hash="x" * 40)],
        )
        s.commit()


def test_cases_of_another_till_number_in_this_database_are_not_sent_again(
    shop: Any, head_office: Any
) -> None:
    """A till's database copied to set up another till (enrolled as till 3) still holds
    till 2's cases, sent by till 2: head office lists till 3's cases only, and the copy
    must not take till 2's for lost (sent again, they would be refused as another
    computer's)."""
    office, _app = head_office
    refund_case(shop)
    assert drain(shop.db, office).sent == 4
    found = reconcile(shop.db, office, 3, compare=True)
    assert (found.held_events, found.sent_events, found.resent_events) == (0, 0, 0)
    assert pending_count(shop.db) == 0
