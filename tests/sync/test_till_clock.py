"""The till's clock against head office's: measured on every exchange with the real
service on a loopback port, kept in the till's database, and, while it is off by more than
a few minutes, every decision by days since the sale goes to a manager with the reason in
words (on the decision screen and on the slip). A sale dated after the till's clock goes
to a manager too. The status bar of the real window says how far off the clock is."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("AFTERSALES_NO_ERR_WINDOWS", "1")

from desk_window import demo_window, save_and_test  # noqa: E402
from sync_helpers import refund_intake  # noqa: E402

from aftersales.config import Paths  # noqa: E402
from aftersales.contract import HEAD_OFFICE_TIME  # noqa: E402
from aftersales.db.models import AppSetting  # noqa: E402
from aftersales.domain.codes import Resolution  # noqa: E402
from aftersales.domain.states import CaseStatus  # noqa: E402
from aftersales.i18n import catalog  # noqa: E402
from aftersales.services import cases  # noqa: E402
from aftersales.services.documents import slip_data  # noqa: E402
from aftersales.sync.outbox import drain  # noqa: E402
from aftersales.sync.pull import pull  # noqa: E402
from aftersales.sync.wire import exchange  # noqa: E402

FOUR_DAYS = timedelta(days=4)


def recorded_skew(db: Any) -> float | None:
    with db.read() as s:
        value = s.scalar(select(AppSetting.value).where(AppSetting.key == "clock_skew_s"))
    return None if value is None else float(value)


def decide_refund(shop: Any, sale: Any) -> tuple[str, cases.SubmitResult]:
    """A no-reason refund of the sale's T-shirt at the counter, through the decision
    screen's Complete (open, inspect, decide)."""
    line = sale.line(shop.cat.tee_m).receipt_line_id
    staff = shop.cashier.info
    no = cases.open_case(shop.db, shop.ctx, staff, sale.receipt_no, refund_intake(line))
    cases.record_inspection(shop.db, shop.ctx, staff, no, [cases.InspectionInput(line)])
    decision = cases.DecisionInput(line, Resolution.REFUND)
    return no, cases.decide_case(shop.db, shop.ctx, staff, no, [decision])


def test_every_reply_of_head_office_carries_its_time(head_office: Any) -> None:
    office, _app = head_office
    for path in ("/api/v1/health", "/api/v1/stores/me", "/api/v1/no-such-route"):
        reply = exchange(
            office.url + path, headers={"Authorization": f"Bearer {office.token}"}, timeout=10
        )
        assert reply.skew_s is not None and abs(reply.skew_s) < 5, path
    # ISO 8601 in UTC with milliseconds (the Date header has whole seconds only).
    import http.client

    conn = http.client.HTTPConnection(office.url.removeprefix("http://"), timeout=10)
    conn.request("GET", "/api/v1/health")
    stamp = conn.getresponse().getheader(HEAD_OFFICE_TIME) or ""
    conn.close()
    assert stamp.endswith("Z") and len(stamp) == len("2026-06-10T04:00:00.123Z"), stamp


def test_a_till_four_days_slow_sends_a_return_in_its_window_to_a_manager(
    shop: Any, head_office: Any, till_clock: Any
) -> None:
    """A no-reason return 10 days after the sale (the window is 7) at a till whose clock
    is 4 days slow: by the till's count it is day 6, so it was refunded in policy."""
    office, _app = head_office
    sale = shop.sell((shop.cat.tee_m, 1), days_ago=10)
    till_clock.set(-FOUR_DAYS)
    assert pull(shop.db, office).problem is None  # an exchange with head office
    skew = recorded_skew(shop.db)
    assert skew is not None and abs(skew + FOUR_DAYS.total_seconds()) < 5

    no, result = decide_refund(shop, sale)
    assert result.status is CaseStatus.AWAITING_APPROVAL
    reasons = {rule: (zh, en) for rule, zh, en in result.approval_reasons}
    assert list(reasons) == ["CLOCK_OFF"]
    zh, en = reasons["CLOCK_OFF"]
    assert "本机时钟与总部相差 5760 分钟" in zh and "购买已 10 天" in zh
    assert "5760 minutes" in en and "10 days" in en
    # On the decision screen (the line's verdict) and on the printed slip.
    form = cases.decision_form(shop.db, shop.ctx, no)
    assert zh in form.verdicts[sale.line(shop.cat.tee_m).receipt_line_id].reason("zh")
    assert zh in slip_data(shop.ctx, cases.case_detail(shop.db, no)).rule_reason
    # The case's events say it went to approval, for head office.
    with shop.db.read() as s:
        from aftersales.db.models import OutboxEvent

        kinds = s.scalars(select(OutboxEvent.kind).where(OutboxEvent.case_no == no)).all()
    assert kinds[-1] == "approval_requested"


def test_once_the_clock_is_right_again_returns_decide_as_before(
    shop: Any, head_office: Any, till_clock: Any
) -> None:
    office, _app = head_office
    late, fresh = shop.sell((shop.cat.tee_m, 1), days_ago=10), shop.sell((shop.cat.tee_m, 1))
    till_clock.set(-FOUR_DAYS)
    assert pull(shop.db, office).problem is None
    till_clock.set(timedelta())
    # The next exchange measures it right, and that clears it.
    assert pull(shop.db, office).problem is None
    skew = recorded_skew(shop.db)
    assert skew is not None and abs(skew) < 5
    # Day 10: outside the 7 days of a no-reason refund, a manager decides (as always).
    _no, result = decide_refund(shop, late)
    assert [r[0] for r in result.approval_reasons] == ["APPROVAL_OVERRIDE"]
    # Day 0: in policy, completed at once.
    _no, result = decide_refund(shop, fresh)
    assert (result.status, result.approval_reasons) == (CaseStatus.COMPLETED, ())
    assert drain(shop.db, office).problem is None
    assert abs(recorded_skew(shop.db) or 99) < 5


def test_a_sale_dated_after_the_tills_clock_goes_to_a_manager(shop: Any) -> None:
    """A receipt dated tomorrow (the selling till's clock was fast, or this one is slow):
    not taken as in policy, a manager decides, and the reason says why."""
    sale = shop.sell((shop.cat.tee_m, 1), days_ago=-1)
    no, result = decide_refund(shop, sale)
    assert result.status is CaseStatus.AWAITING_APPROVAL
    ((rule, zh, en),) = result.approval_reasons
    assert rule == "SALE_IN_FUTURE"
    assert "晚于本机时钟" in zh and "after this till's clock" in en
    (line,) = cases.case_detail(shop.db, no).lines
    assert line.decision is not None and line.decision.within_policy is False


def test_the_status_bar_says_the_clock_is_off_until_it_is_right(
    qtbot: Any, tmp_path: Path, head_office: Any, till_clock: Any
) -> None:
    office, _app = head_office
    zh = catalog("zh_CN")
    with demo_window(qtbot, Paths(tmp_path / "data").ensure()) as w:
        w.show_settings()
        settings = w.view("settings")
        assert "SH01" in save_and_test(qtbot, w, settings, office.url, office.token)
        states: list[Any] = []
        w.sync.state_changed.connect(states.append)

        def measured(days: int) -> bool:
            """A sync attempt ended with the clock measured ``days`` off head office's."""
            return any(
                x.clock_skew_s is not None and abs(x.clock_skew_s / 86400 - days) < 0.01
                for x in states
            )

        till_clock.set(-FOUR_DAYS)
        w.sync.sync_now()
        qtbot.waitUntil(lambda: measured(-4), timeout=20000)
        off = zh.text(
            "MainWindow",
            "This till's clock is {0} behind head office's: set the date and time right",
        ).format(zh.text("MainWindow", "{0} days").format(4))
        assert off in w.connection_label.text()
        assert "本机时钟" in off and "4 天" in off

        states.clear()
        till_clock.set(timedelta())
        w.sync.sync_now()
        qtbot.waitUntil(lambda: measured(0), timeout=20000)
        assert "本机时钟" not in w.connection_label.text()
        assert zh.text("MainWindow", "data up to date") in w.connection_label.text()
