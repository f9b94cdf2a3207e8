"""Signing in, switching language, and a till that has no store yet."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from aftersales.config import Paths
from aftersales.domain.clock import STORE_TZ
from aftersales.domain.states import CaseStatus
from aftersales.ui.widgets import tr_label


def test_switch_user_with_staff_number_and_pin(qtbot, window) -> None:
    qtbot.keyClick(window, Qt.Key.Key_F12)
    dlg = window.findChild(object, "signInDialog")
    assert dlg is not None and dlg.isVisible()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dlg)
    assert QApplication.focusWidget() is dlg.staff_no
    qtbot.keyClicks(dlg.staff_no, "1002")
    qtbot.keyClick(dlg.staff_no, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is dlg.pin  # Enter moves on, it does not sign in
    qtbot.keyClicks(dlg.pin, "9999")
    qtbot.keyClick(dlg.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dlg.banner.isVisible() and not dlg.busy, timeout=10000)
    assert "1002" not in window.staff_label.text()
    assert dlg.pin.text() == ""  # a wrong PIN is cleared, the number stays
    qtbot.keyClicks(dlg.pin, "2222")
    qtbot.keyClick(dlg.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "1002" in window.staff_label.text(), timeout=10000)
    assert "张伟" in window.staff_label.text()
    assert window.desk.staff.staff_no == "1002"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.scan_view.field)


def test_english_on_a_setting_and_back(qtbot, window, demo_paths: Paths) -> None:
    assert window.scan_view.title.text() == "扫描顾客的销售小票"
    qtbot.keyClick(window, Qt.Key.Key_F9)
    settings = window.view("settings")
    settings.language.setCurrentIndex(settings.language.findData("en"))
    assert window.scan_view.title.text() == "Scan the customer's sales receipt"
    assert window.act_cases.text() == "Cases"
    stored = QSettings(str(demo_paths.data_dir / "settings.ini"), QSettings.Format.IniFormat)
    assert stored.value("ui/language") == "en"
    window.show_scan()
    window.scan_view.field.setText("nonsense")
    qtbot.keyClick(window.scan_view.field, Qt.Key.Key_Return)
    assert window.scan_view.banner.text().startswith("That is not a receipt barcode")
    # Screens built after the switch speak English too.
    qtbot.keyClick(window, Qt.Key.Key_F3)
    assert window.view("cases").title.text() == "Cases"
    qtbot.keyClick(window, Qt.Key.Key_F9)
    settings = window.view("settings")
    settings.language.setCurrentIndex(settings.language.findData("zh_CN"))
    assert window.scan_view.title.text() == "扫描顾客的销售小票"


def test_a_till_without_a_store_says_how_it_gets_one(qtbot, tmp_path) -> None:
    from aftersales.ui.app import build_window

    w = build_window(Paths(tmp_path / "empty").ensure(), demo=False)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.desk.is_ready, timeout=20000)
    banner = w.scan_view.banner
    assert banner.isVisible() and "--demo" in banner.text()
    assert w.desk.staff is None and w.desk.not_enrolled
    w.scan_view.field.setText("SH01-02-261123-0042")
    qtbot.keyClick(w.scan_view.field, Qt.Key.Key_Return)
    assert "--demo" in banner.text()
    assert w.scan_view.table.rowCount() == 0
    w.desk.db.dispose()


def test_a_bad_store_policy_file_is_named_and_the_till_keeps_working(
    qtbot, demo_paths: Paths
) -> None:
    from aftersales.config import resource
    from aftersales.ui.app import build_window

    text = resource("policy", "default_policy.toml").read_text("utf-8")
    demo_paths.policy.write_text(text.replace("refund_days = 7", 'refund_days = "seven"'))
    w = build_window(demo_paths, demo=True)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.desk.is_ready and w.scan_view.banner.isVisible(), timeout=20000)
    message = w.scan_view.banner.text()
    assert "policy.toml" in message and "no_reason.refund_days" in message
    assert w.desk.till.policy.version == "2026.1"  # the built-in policy decides meanwhile
    w.desk.db.dispose()


def test_the_stores_own_policy_is_used(qtbot, demo_paths: Paths) -> None:
    from aftersales.config import resource
    from aftersales.ui.app import build_window

    text = resource("policy", "default_policy.toml").read_text("utf-8")
    demo_paths.policy.write_text(
        text.replace('version = "2026.1"', 'version = "SH01-2026.2"').replace(
            "refund_days = 7", "refund_days = 3"
        )
    )
    w = build_window(demo_paths, demo=True)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.desk.is_ready, timeout=20000)
    assert w.desk.till.policy.version == "SH01-2026.2"
    assert w.desk.till.policy.no_reason.refund_days == 3
    assert not w.scan_view.banner.isVisible()
    w.desk.db.dispose()


def test_without_demo_staff_sign_in_before_anything(qtbot, demo_paths: Paths) -> None:
    from aftersales.ui.app import build_window

    w = build_window(demo_paths, demo=False)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.desk.is_ready, timeout=20000)
    dlg = w.findChild(object, "signInDialog")
    assert dlg is not None and dlg.isVisible()
    assert w.desk.staff is None
    # A scan before signing in finds the sale but will not start a case.
    from sqlalchemy import select

    from aftersales.db.models import SalesReceipt
    from aftersales.domain.clock import now_utc
    from aftersales.services.sales import find_sale

    with w.desk.db.read() as s:
        receipts = s.execute(select(SalesReceipt.receipt_no, SalesReceipt.barcode)).all()
    barcode = next(
        code for no, code in receipts if find_sale(w.desk.db, no, now_utc()).anything_returnable
    )
    dlg.reject()
    w.scan_view.field.setText(barcode)
    qtbot.keyClick(w.scan_view.field, Qt.Key.Key_Return)
    assert w.scan_view.table.rowCount() >= 1
    qtbot.keyClick(w.scan_view.field, Qt.Key.Key_Return)
    assert w.stack.currentWidget() is w.scan_view
    assert "F12" in w.scan_view.banner.text()
    w.desk.db.dispose()


def test_the_case_list_opens_on_todays_and_open_cases(qtbot, window) -> None:
    """F3 lists today's and open cases by default (the demo's 60 earlier returns, all
    completed on earlier days, are not among them); "All cases" shows them."""
    qtbot.keyClick(window, Qt.Key.Key_F3)
    cases = window.view("cases")
    cases.search.clear()
    cases.scope.setCurrentIndex(0)
    cases.on_search()
    today = datetime.now(STORE_TZ).strftime("%Y-%m-%d")
    shown = [
        (cases.table.item(r, 1).text(), cases.table.item(r, 2).text())
        for r in range(cases.table.rowCount())
    ]
    done = {tr_label(CaseStatus.COMPLETED), tr_label(CaseStatus.CANCELLED)}
    assert all(opened.startswith(today) or status not in done for status, opened in shown)
    cases.scope.setCurrentIndex(1)
    assert cases.table.rowCount() >= 60 > len(shown)
