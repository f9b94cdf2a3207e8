"""Walk the real window through every screen on the demo store and save a PNG of each.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py docs/screenshots

Uses a fresh demo data folder in the temp directory; the pictures are what a cashier sees.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QInputMethodEvent  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    from sqlalchemy import select

    from aftersales.config import Paths
    from aftersales.db.models import SalesReceipt
    from aftersales.domain.clock import days_since, now_utc
    from aftersales.services.sales import find_sale
    from aftersales.ui import worker
    from aftersales.ui.app import build_window

    def settle(cond=lambda: True, timeout: float = 20) -> None:  # noqa: ANN001
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            app.processEvents()
            if cond() and not worker.busy():
                break
            time.sleep(0.01)
        for _ in range(5):
            app.processEvents()

    def shot(widget, name: str) -> None:  # noqa: ANN001
        settle()
        widget.grab().save(str(out / f"{name}.png"))
        print("wrote", out / f"{name}.png")  # noqa: T201

    def ime(widget, text: str) -> None:  # noqa: ANN001
        ev = QInputMethodEvent()
        ev.setCommitString(text)
        QApplication.sendEvent(widget, ev)

    tmp = tempfile.mkdtemp()
    w = build_window(Paths(Path(tmp)).ensure(), demo=True)
    w.resize(1180, 760)
    w.show()
    w.focus_scan()
    settle(lambda: w.desk.is_ready and w.desk.staff is not None, 60)
    db = w.desk.db

    def receipt(days: range, lo: int, hi: int, lines: int) -> SalesReceipt:
        now = now_utc()
        with db.read() as s:
            for r in s.scalars(select(SalesReceipt).order_by(SalesReceipt.id.desc())):
                if days_since(r.sold_at, now) not in days:
                    continue
                sale = find_sale(db, r.receipt_no, now)
                if (
                    len(sale.lines) == lines
                    and not sale.earlier_cases
                    and all(
                        lo <= ln.sold_line().share_fen(1) <= hi  # one unit, as the intake takes
                        and not ln.final_sale
                        and not ln.hygiene
                        for ln in sale.lines
                    )
                ):
                    return r
        raise SystemExit(f"no receipt {days.start} to {days.stop - 1} days ago")

    # Within the no-reason window; a few days, as the demo's sales depend on the day seeded.
    r = receipt(range(2, 7), 10000, 90000, 2)
    scan = w.scan_view
    scan.field.setText(r.barcode)
    QTest.keyClick(scan.field, Qt.Key.Key_Return)
    shot(w, "1-scan")
    QTest.keyClick(scan.field, Qt.Key.Key_Return)
    intake = w.view("intake")
    ime(intake.name, "王小明")
    intake.phone.setText("13812345678")
    intake.category.setCurrentIndex(0)  # quality defect
    intake.wanted.setCurrentIndex(1)  # exchange
    ime(intake.description, "穿了一次领口开线")
    intake.spins[0][1].setValue(1)
    shot(w, "2-intake")
    intake.on_next_clicked()
    settle(lambda: w.stack.currentWidget() is w.view("inspection"))
    insp = w.view("inspection")
    form = insp.forms[0]
    form.unworn.setChecked(False)
    form.damage.setCurrentIndex(1)  # seam split
    shot(w, "3-inspection")
    insp.on_next_clicked()
    settle(lambda: w.stack.currentWidget() is w.view("decision"))
    dec = w.view("decision")
    if dec.forms[0].exchange_combo.count() > 1:
        dec.forms[0].exchange_combo.setCurrentIndex(1)
    shot(w, "4-decision")
    dec.on_complete_clicked()
    settle(lambda: w.stack.currentWidget() is w.view("done"))
    done = w.view("done")
    settle(lambda: done.slip_path is not None)
    shot(w, "6-done")

    # A high-value refund: the manager's approval.
    w.show_scan()
    r = receipt(range(1, 7), 100001, 10**9, 1)
    scan.field.setText(r.barcode)
    QTest.keyClick(scan.field, Qt.Key.Key_Return)
    QTest.keyClick(scan.field, Qt.Key.Key_Return)
    ime(intake.name, "李女士")
    intake.phone.setText("13900001234")
    intake.category.setCurrentIndex(1)  # size / fit
    intake.on_next_clicked()
    settle(lambda: w.stack.currentWidget() is insp)
    insp.on_next_clicked()
    settle(lambda: w.stack.currentWidget() is dec)
    dec.on_complete_clicked()
    settle(lambda: dec.findChild(object, "approvalDialog") is not None)
    dlg = dec.findChild(object, "approvalDialog")
    if dlg is None:
        raise SystemExit(f"no approval asked: {dec.banner.text()!r} {dec.approval_label.text()!r}")
    dlg.staff_no.setText("9001")
    dlg.pin.setText("0000")
    dlg.decide(True)
    settle(lambda: dlg.banner.isVisible() and not dlg.busy)
    shot(dlg, "5-approval")
    dlg.reject()
    settle()

    w.show_cases()
    shot(w, "7-cases")
    cases = w.view("cases")
    cases.on_open()
    settle(lambda: w.stack.currentWidget() is w.view("case_detail"))
    shot(w, "8-case-detail")
    w.show_settings()
    shot(w, "9-settings")
    w.show_scan()
    scan.field.setText("RSH01022611230011Z")
    QTest.keyClick(scan.field, Qt.Key.Key_Return)
    shot(w, "10-bad-scan")

    # The sync screen: head office away (an address that does not resolve), so the day's
    # changes wait with their reason; one change head office refused for good is parked.
    from aftersales.db.models import OutboxEvent, OutboxState

    with db.write() as s:
        refused = s.scalars(select(OutboxEvent).order_by(OutboxEvent.id.desc())).first()
        refused.attempts = 1
        refused.state = OutboxState.PARKED
        refused.last_error = (
            "HTTP 422: {'code': 'event_id_reused', 'event_id': "
            f"'{refused.event_id}', 'case_no': '{refused.case_no}'}}"
        )
    w.desk.set_head_office("http://headoffice.invalid:8000", "demo-token")
    w.show_sync()
    sync = w.view("sync")
    sync.sync_button.click()
    settle(lambda: sync.banner.isVisible() and sync.sync_button.isEnabled(), 30)
    settle(lambda: sync.pending.rowCount() > 0 and sync.parked.rowCount() > 0)
    shot(w, "11-sync")
    w.sync.timer.stop()
    w.sync.probe_timer.stop()
    db.dispose()


if __name__ == "__main__":
    main()
