"""A cashier at the counter: scan, intake, inspection, decision, approval, slip.

Drives the real main window with key presses, on a copy of the real demo database, and
checks what the cashier sees, what was saved, and the slip PDF (read back with poppler,
its barcode decoded with zxing-cpp).
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from aftersales.db.models import (
    AfterSalesCase,
    AuditEvent,
    OutboxEvent,
    SalesReceipt,
)
from aftersales.domain.clock import days_since, now_utc
from aftersales.i18n import catalog
from aftersales.services.sales import find_sale


def zh(context: str, source: str) -> str:
    """What the screen shows for ``source`` in the default language, Simplified Chinese."""
    text = catalog("zh_CN").get(context, source)
    assert text, f"no Chinese for {source!r} in {context}"
    return text.split("{")[0]


def find_receipt(
    db: Any,
    *,
    days: int,
    min_paid: int = 0,
    max_paid: int = 10**9,
    lines: int = 1,
    units: int | None = None,
) -> SalesReceipt:
    """A demo receipt sold ``days`` ago with ``lines`` ordinary, fully returnable lines
    (of ``units`` each, if given: the demo's sales change with the date, and a test that
    counts units must not depend on which receipt comes first)."""
    now = now_utc()
    with db.read() as s:
        for r in s.scalars(select(SalesReceipt).order_by(SalesReceipt.id.desc())):
            if days_since(r.sold_at, now) != days:
                continue
            sale = find_sale(db, r.receipt_no, now)
            assert sale is not None
            if len(sale.lines) != lines or sale.earlier_cases:
                continue
            if all(
                not ln.final_sale
                and not ln.hygiene
                and ln.returnable_qty == ln.qty_sold
                and units in (None, ln.qty_sold)
                and min_paid <= ln.paid_fen <= max_paid
                for ln in sale.lines
            ):
                s.expunge(r)
                return r
    pytest.skip(f"the demo has no receipt sold {days} days ago with paid {min_paid}-{max_paid}")


def ime_commit(widget: Any, text: str) -> None:
    """Chinese text arrives from the input method as a commit, not as key presses."""
    ev = QInputMethodEvent()
    ev.setCommitString(text)
    QApplication.sendEvent(widget, ev)


def type_and_enter(qtbot: Any, widget: Any, text: str) -> None:
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def ctrl_enter(qtbot: Any, window: Any) -> None:
    qtbot.keyClick(
        QApplication.focusWidget() or window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )


def current(window: Any) -> Any:
    return window.stack.currentWidget()


def fill_intake(
    qtbot: Any,
    window: Any,
    *,
    name: str,
    phone: str,
    category_steps: int,
    wanted_steps: int = 0,
) -> None:
    """Fill the intake from the keyboard alone: Enter and Tab move on, arrows pick."""
    intake = window.view("intake")
    assert QApplication.focusWidget() is intake.name
    ime_commit(intake.name, name)
    qtbot.keyClick(intake.name, Qt.Key.Key_Return)  # Enter moves on to the next field
    assert QApplication.focusWidget() is intake.phone
    qtbot.keyClicks(intake.phone, phone)
    qtbot.keyClick(intake.phone, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is intake.channel
    qtbot.keyClick(intake.channel, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is intake.category
    for _ in range(category_steps):
        qtbot.keyClick(intake.category, Qt.Key.Key_Down)
    qtbot.keyClick(intake.category, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is intake.wanted
    for _ in range(wanted_steps):
        qtbot.keyClick(intake.wanted, Qt.Key.Key_Down)
    qtbot.keyClick(intake.wanted, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is intake.description
    ime_commit(intake.description, "顾客说尺码偏小")
    qtbot.keyClick(intake.description, Qt.Key.Key_Tab)
    # The quantity boxes come next in the tab order (a one-line receipt starts at 1).
    assert QApplication.focusWidget() is intake.spins[0][1]


def intake_by_keys(qtbot: Any, window: Any, receipt: SalesReceipt, name: str, phone: str) -> None:
    """Scan, Enter to start, fill the intake (size/fit) and go on: the case is opened."""
    scan = window.scan_view
    type_and_enter(qtbot, scan.field, receipt.barcode)
    qtbot.keyClick(scan.field, Qt.Key.Key_Return)
    fill_intake(qtbot, window, name=name, phone=phone, category_steps=1)
    ctrl_enter(qtbot, window)
    qtbot.waitUntil(lambda: current(window) is window.view("inspection"), timeout=10000)


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def decode_barcodes(path: Path, tmp_path: Path) -> list[str]:
    subprocess.run(["pdftoppm", "-r", "203", "-png", str(path), str(tmp_path / "page")], check=True)
    texts = []
    for png in sorted(tmp_path.glob("page*.png")):
        texts += [b.text for b in zxingcpp.read_barcodes(Image.open(png))]
    return texts


def test_scan_to_slip_within_policy(qtbot, window, db, tmp_path) -> None:
    receipt = find_receipt(db, days=3, max_paid=50000, units=1)
    scan = window.scan_view
    assert QApplication.focusWidget() is scan.field

    # The scanner types the code and Enter; the sale appears with its lines.
    type_and_enter(qtbot, scan.field, receipt.barcode)
    assert receipt.receipt_no in scan.sale_label.text()
    assert scan.table.rowCount() == 1
    assert scan.start_button.isEnabled()

    # Enter again starts the case.
    qtbot.keyClick(scan.field, Qt.Key.Key_Return)
    assert current(window) is window.view("intake")
    fill_intake(qtbot, window, name="王小明", phone="13812345678", category_steps=1)
    ctrl_enter(qtbot, window)
    qtbot.waitUntil(lambda: current(window) is window.view("inspection"), timeout=10000)
    inspection = window.view("inspection")
    # A no-reason return: the seller bears it.
    assert zh("Labels", "Store (seller)") in inspection.forms[0].suggestion.text()

    ctrl_enter(qtbot, window)
    qtbot.waitUntil(lambda: current(window) is window.view("decision"), timeout=10000)
    decision = window.view("decision")
    assert "NR_REFUND" in decision.forms[0].rule.text()
    assert decision.approval_label.text() == zh(
        "DecisionView", "Within the policy: no approval needed."
    )

    ctrl_enter(qtbot, window)
    qtbot.waitUntil(lambda: current(window) is window.view("done"), timeout=10000)
    done = window.view("done")
    qtbot.waitUntil(lambda: done.slip_path is not None, timeout=20000)
    case_no = done.case_no
    assert case_no in done.summary.text()
    assert zh("Labels", "Completed") in done.summary.text()
    assert "138****5678" in done.summary.text()

    # Saved: the case, its audit trail and its outbox rows.
    with db.read() as s:
        case = s.scalar(select(AfterSalesCase).where(AfterSalesCase.case_no == case_no))
        assert case.status == "completed"
        assert [
            e.to_status
            for e in s.scalars(
                select(AuditEvent).where(AuditEvent.case_id == case.id).order_by(AuditEvent.id)
            )
            if e.to_status
        ] == ["draft", "submitted", "completed"]
        # Unworn, tags on, a no-reason refund: the item goes back to stock.
        assert [ln.decision.disposition for ln in case.lines] == ["back_to_stock"]
        seqs = s.scalars(
            select(OutboxEvent.seq).where(OutboxEvent.case_no == case_no).order_by(OutboxEvent.seq)
        ).all()
        assert seqs == list(range(1, len(seqs) + 1)) and len(seqs) == 4

    # The slip: Chinese text, the masked phone only, and a barcode that scans back.
    text = pdf_text(done.slip_path)
    assert case_no in text
    assert "王小明" in text and "138****5678" in text and "13812345678" not in text
    assert "退款" in text
    assert case_no in decode_barcodes(done.slip_path, tmp_path)

    # Enter: next customer, focus back in the scan field; the receipt now shows the return.
    qtbot.keyClick(done, Qt.Key.Key_Return)
    assert current(window) is scan
    assert QApplication.focusWidget() is scan.field
    type_and_enter(qtbot, scan.field, receipt.receipt_no)
    assert scan.table.item(0, 4).text() == "1"  # returned
    assert scan.table.item(0, 6).text() == "0"  # returnable
    assert not scan.start_button.isEnabled()


def test_high_value_refund_needs_a_manager_pin(qtbot, window, db) -> None:
    receipt = find_receipt(db, days=5, min_paid=100001, units=1)  # the planted coat
    intake_by_keys(qtbot, window, receipt, "李女士", "139 0000 1234")
    ctrl_enter(qtbot, window)
    qtbot.waitUntil(lambda: current(window) is window.view("decision"), timeout=10000)
    decision = window.view("decision")
    assert decision.approval_label.text().startswith(
        zh("DecisionView", "Needs a manager's approval: ")
    )
    assert "¥1,000.00" in decision.approval_label.text()

    ctrl_enter(qtbot, window)
    qtbot.waitUntil(
        lambda: (
            decision.findChild(object, "approvalDialog") is not None
            and decision.findChild(object, "approvalDialog").isVisible()
        ),
        timeout=10000,
    )
    dlg = decision.findChild(object, "approvalDialog")

    # The cashier cannot approve their own case; a wrong PIN is refused with a message.
    type_and_enter(qtbot, dlg.staff_no, "1001")
    type_and_enter(qtbot, dlg.pin, "1111")
    qtbot.waitUntil(lambda: dlg.banner.isVisible() and not dlg.busy, timeout=10000)
    assert dlg.banner.text() == zh(
        "Problems", "Only a store manager can approve. Ask a manager to enter their number and PIN."
    )
    dlg.staff_no.clear()
    type_and_enter(qtbot, dlg.staff_no, "9001")
    type_and_enter(qtbot, dlg.pin, "0000")
    wrong = zh("Problems", "Wrong staff number or PIN. Check both and try again.")
    qtbot.waitUntil(lambda: dlg.banner.text() == wrong and not dlg.busy, timeout=10000)
    with db.read() as s:
        assert (
            s.scalar(select(AfterSalesCase.status).order_by(AfterSalesCase.id.desc()).limit(1))
            == "awaiting_approval"
        )

    type_and_enter(qtbot, dlg.pin, "9999")
    qtbot.waitUntil(lambda: current(window) is window.view("done"), timeout=10000)
    done = window.view("done")
    qtbot.waitUntil(lambda: done.slip_path is not None, timeout=20000)
    with db.read() as s:
        case = s.scalar(select(AfterSalesCase).where(AfterSalesCase.case_no == done.case_no))
        assert case.status == "completed"
        assert case.approver.staff_no == "9001"
    assert "王芳" in pdf_text(done.slip_path)


def test_a_till_clock_off_head_offices_sends_a_return_in_its_window_to_a_manager(
    qtbot, window, db
) -> None:
    """Sync measured this till's clock four days slow: a no-reason refund on day 5 (in the
    7-day window by the till's count, day 9 by head office's) is not taken as in policy.
    The decision screen, the manager's dialog and the slip say why."""
    from datetime import timedelta

    from aftersales.db.clock_skew import ClockSkew, write_clock_skew

    with db.write() as s:
        write_clock_skew(s, ClockSkew(-timedelta(days=4).total_seconds(), now_utc()))
    receipt = find_receipt(db, days=5, max_paid=100000)
    intake_by_keys(qtbot, window, receipt, "赵先生", "139 0000 5678")
    ctrl_enter(qtbot, window)
    qtbot.waitUntil(lambda: current(window) is window.view("decision"), timeout=10000)
    decision = window.view("decision")
    said = decision.approval_label.text()
    assert said.startswith(zh("DecisionView", "Needs a manager's approval: "))
    assert "本机时钟与总部相差 5760 分钟" in said and "购买已 9 天" in said

    ctrl_enter(qtbot, window)
    qtbot.waitUntil(
        lambda: (
            decision.findChild(object, "approvalDialog") is not None
            and decision.findChild(object, "approvalDialog").isVisible()
        ),
        timeout=10000,
    )
    dlg = decision.findChild(object, "approvalDialog")
    assert "本机时钟与总部相差 5760 分钟" in dlg.reasons.text()
    type_and_enter(qtbot, dlg.staff_no, "9001")
    type_and_enter(qtbot, dlg.pin, "9999")
    qtbot.waitUntil(lambda: current(window) is window.view("done"), timeout=10000)
    done = window.view("done")
    qtbot.waitUntil(lambda: done.slip_path is not None, timeout=20000)
    assert "本机时钟与总部相差5760分钟" in "".join(pdf_text(done.slip_path).split())


@pytest.mark.parametrize(
    "raw",
    [
        "RSH0102261123001",  # cut short
        "RSH01022611230011Z",  # wrong check character
        "hello world",
        "R" + "9" * 300,  # far too long
        "\x00\x07\x1b",  # control characters only
    ],
)
def test_mangled_scan_says_so_and_writes_nothing(qtbot, window, db, raw) -> None:
    scan = window.scan_view
    with db.read() as s:
        before = s.scalar(select(func.count()).select_from(AfterSalesCase))
    scan.field.setText(raw)
    qtbot.keyClick(scan.field, Qt.Key.Key_Return)
    assert scan.banner.isVisible()
    assert scan.banner.text()
    assert scan.field.text() == ""
    assert QApplication.focusWidget() is scan.field
    assert scan.table.rowCount() == 0
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(AfterSalesCase)) == before


def test_unknown_receipt_is_named_in_the_message(qtbot, window) -> None:
    from datetime import date

    from aftersales.domain.scan import ReceiptCode

    code = ReceiptCode("SH01", 2, date(2026, 1, 2), 9999)
    type_and_enter(qtbot, window.scan_view.field, code.barcode)
    assert code.receipt_no in window.scan_view.banner.text()
    assert window.scan_view.banner.isVisible()


def test_scanner_with_ime_prefix_and_full_width(qtbot, window, db) -> None:
    receipt = find_receipt(db, days=3, max_paid=50000)
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in receipt.barcode)
    scan = window.scan_view
    scan.field.setText("]C0" + full_width)
    qtbot.keyClick(scan.field, Qt.Key.Key_Tab)  # a scanner set to send Tab as its suffix
    assert receipt.receipt_no in scan.sale_label.text()


def test_a_draft_left_with_esc_is_picked_up_from_the_case_list(qtbot, window, db) -> None:
    receipt = find_receipt(db, days=3, max_paid=50000)
    scan = window.scan_view
    intake_by_keys(qtbot, window, receipt, "赵先生", "13700001111")
    case_no = window.view("inspection").case_no

    # Esc: back to the scan (not to the intake, which would open a second case).
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert current(window) is scan
    assert case_no in scan.banner.text()
    with db.read() as s:
        assert (
            s.scalar(
                select(func.count())
                .select_from(AfterSalesCase)
                .where(AfterSalesCase.receipt_id == receipt.id)
            )
            == 1
        )

    # The case list finds it by the customer's phone; Continue goes on.
    qtbot.keyClick(window, Qt.Key.Key_F3)
    cases = window.view("cases")
    type_and_enter(qtbot, cases.search, "137 0000 1111")
    assert cases.table.rowCount() == 1 and cases.table.item(0, 0).text() == case_no
    qtbot.keyClick(cases.table, Qt.Key.Key_Return)
    detail = window.view("case_detail")
    assert current(window) is detail and detail.continue_button.isVisible()
    detail.continue_button.click()
    assert current(window) is window.view("inspection")
    ctrl_enter(qtbot, window)
    qtbot.waitUntil(lambda: current(window) is window.view("decision"), timeout=10000)
    ctrl_enter(qtbot, window)
    qtbot.waitUntil(lambda: current(window) is window.view("done"), timeout=10000)
    assert window.view("done").case_no == case_no
    qtbot.waitUntil(lambda: window.view("done").slip_path is not None, timeout=20000)


def test_a_database_that_refuses_writes_is_said_plainly_and_the_intake_is_kept(
    qtbot, window, db
) -> None:
    """SQLite itself refusing the write (every connection made read-only, as on a file whose
    permissions were changed): the cashier is told what happened and what to do, the form
    keeps what was typed, and saving again works once the file is writable."""
    from sqlalchemy import event

    state = {"read_only": True}

    @event.listens_for(db.engine, "connect")
    def lock(dbapi_conn, _record) -> None:  # noqa: ANN001
        if state["read_only"]:
            dbapi_conn.execute("PRAGMA query_only = ON")

    db.engine.dispose()
    receipt = find_receipt(db, days=3, max_paid=50000)
    scan = window.scan_view
    type_and_enter(qtbot, scan.field, receipt.barcode)
    qtbot.keyClick(scan.field, Qt.Key.Key_Return)
    fill_intake(qtbot, window, name="孙女士", phone="13600002222", category_steps=1)
    intake = window.view("intake")
    ctrl_enter(qtbot, window)
    refused = zh(
        "Errors",
        "The database file cannot be written (read-only or no permission). Nothing was "
        "saved: ask IT to check the data folder's permissions.",
    )
    qtbot.waitUntil(lambda: intake.banner.text() == refused and intake.isEnabled(), timeout=10000)
    assert current(window) is intake
    assert intake.name.text() == "孙女士" and intake.phone.text() == "13600002222"
    state["read_only"] = False
    db.engine.dispose()
    with db.read() as s:
        assert (
            s.scalar(
                select(func.count())
                .select_from(AfterSalesCase)
                .where(AfterSalesCase.receipt_id == receipt.id)
            )
            == 0
        )

    intake.next_button.setFocus()
    ctrl_enter(qtbot, window)
    qtbot.waitUntil(lambda: current(window) is window.view("inspection"), timeout=10000)
