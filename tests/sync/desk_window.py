"""The real window on the demo store, offscreen, for the sync tests that drive it
(``test_link_return``, ``test_sync_screen``, ``test_sync_from_app``): how to open it and
close it cleanly, a refund case opened on its till, and "Save and test the connection" in
Settings with a manager's PIN."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import Qt
from sqlalchemy import select

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("AFTERSALES_NO_ERR_WINDOWS", "1")

from sync_helpers import refund_intake  # noqa: E402

from aftersales.config import Paths  # noqa: E402
from aftersales.domain.clock import now_utc  # noqa: E402


@contextmanager
def demo_window(qtbot: Any, paths: Paths) -> Iterator[Any]:
    """The main window on ``paths`` (the demo store), shown and ready with staff signed
    in; at the end its sync timers stop, its background work ends, its database closes."""
    from aftersales.ui import worker
    from aftersales.ui.app import build_window

    w = build_window(paths, demo=True)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.desk.is_ready and w.desk.staff is not None, timeout=30000)
    try:
        yield w
    finally:
        w.sync.timer.stop()
        w.sync.probe_timer.stop()
        qtbot.waitUntil(lambda: not worker.busy(), timeout=20000)
        w.desk.db.dispose()


def returnable_sale(w: Any) -> Any:
    """The newest sale of the window's store with something still returnable."""
    from aftersales.db.models import SalesReceipt
    from aftersales.services.sales import find_sale

    with w.desk.db.read() as s:
        nos = s.scalars(select(SalesReceipt.receipt_no).order_by(SalesReceipt.id.desc())).all()
    return next(
        x for x in (find_sale(w.desk.db, n, now_utc()) for n in nos) if x.anything_returnable
    )


def open_refund_case(w: Any, sale: Any = None) -> str:
    """A refund of one unit of ``sale`` (else :func:`returnable_sale`), opened on the
    window's till: one event in its outbox."""
    from aftersales.services import cases

    sale = sale or returnable_sale(w)
    line = next(ln for ln in sale.lines if ln.returnable_qty)
    return cases.open_case(
        w.desk.db, w.desk.till, w.desk.staff, sale.receipt_no, refund_intake(line.receipt_line_id)
    )


MANAGER = ("9001", "9999")  # the demo store's manager 王芳 and her PIN


def type_and_enter(qtbot: Any, field: Any, text: str) -> None:
    field.setFocus()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def save_and_test(
    qtbot: Any, w: Any, view: Any, url: str, token: str, manager: tuple[str, str] = MANAGER
) -> str:
    """Type head office's address and token in Settings, press "Save and test the
    connection" (a manager gives their PIN if asked), and return what it says."""
    view.ho_url.setText(url)
    view.ho_token.setText(token)
    view.ho_result.clear()
    qtbot.mouseClick(view.ho_test, Qt.MouseButton.LeftButton)
    dialog = view.pin_dialog
    if dialog is not None:
        type_and_enter(qtbot, dialog.staff_no, manager[0])
        type_and_enter(qtbot, dialog.pin, manager[1])
    qtbot.waitUntil(
        lambda: (
            view.pin_dialog is None
            and view.ho_test.isEnabled()
            and "…" not in view.ho_result.text()
        ),
        timeout=20000,
    )
    return str(view.ho_result.text())
