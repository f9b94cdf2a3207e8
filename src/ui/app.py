"""Start-up: the window first, everything heavy after it shows.

A bare PySide6 window takes ~0.2 s; SQLAlchemy, Alembic, reportlab and the font are
loaded on a worker thread once the scan field already has the focus.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from datetime import date
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLockFile, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from ..config import Paths
from ..i18n import DEFAULT_LANGUAGE, LANGUAGES
from .desk import Desk
from .message import MessageBridge
from .translator import install_translator

if TYPE_CHECKING:
    from .main_window import MainWindow

log = logging.getLogger("aftersales.ui")

NO_ERR_WINDOWS_ENV = "AFTERSALES_NO_ERR_WINDOWS"


def install_excepthook() -> None:
    """A bug shows a dialog with copyable details (or only a log line without windows)."""

    def hook(etype: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        details = "".join(traceback.format_exception(etype, value, tb))
        log.error("unexpected error:\n%s", details)
        if os.environ.get(NO_ERR_WINDOWS_ENV) or QApplication.instance() is None:
            sys.__excepthook__(etype, value, tb)
            return
        box = QMessageBox()
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(QCoreApplication.translate("Errors", "Unexpected error"))
        box.setText(
            QCoreApplication.translate(
                "Errors",
                "Something went wrong in Aftersales Desk. What was saved before is safe. Please "
                "send the details below to IT support.",
            )
        )
        box.setDetailedText(details)
        box.exec()

    sys.excepthook = hook


def build_window(paths: Paths, *, demo: bool, today: date | None = None) -> MainWindow:
    """Create the desk and the main window; start opening the database after it shows."""
    from .main_window import MainWindow

    bridge = MessageBridge()
    desk = Desk(paths, bridge, demo=demo)
    app = QApplication.instance()
    assert app is not None
    install_translator(app, desk.language)
    window = MainWindow(desk)
    QTimer.singleShot(0, lambda: desk.open_in_background(today))
    return window


def run(paths: Paths, *, demo: bool, smoke_test: bool = False) -> int:
    paths.ensure()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Aftersales Desk")
    app.setOrganizationName("AftersalesDesk")
    install_excepthook()
    language = QSettings(str(paths.data_dir / "settings.ini"), QSettings.Format.IniFormat).value(
        "ui/language", DEFAULT_LANGUAGE
    )
    install_translator(app, str(language) if language in LANGUAGES else DEFAULT_LANGUAGE)
    # One window per data folder: a second one would only confuse whoever is on duty.
    lock = QLockFile(str(paths.data_dir / "aftersales.lock"))
    lock.setStaleLockTime(0)  # a lock left by a crash is recognised by its dead process
    if not lock.tryLock(100):
        text = QCoreApplication.translate(
            "Errors",
            "Aftersales Desk is already running with this data folder ({0}). Use the window "
            "that is open.",
        ).format(paths.data_dir)
        log.error("already running with %s", paths.data_dir)
        if os.environ.get(NO_ERR_WINDOWS_ENV) or smoke_test:
            print(text, file=sys.stderr)  # noqa: T201 - no window to show it in
        else:
            QMessageBox.warning(None, QCoreApplication.translate("Errors", "Already running"), text)
        return 3
    window = build_window(paths, demo=demo)
    window.show()
    # Ask for the keyboard: a till often runs with no window manager to give it.
    window.activateWindow()
    window.focus_scan()
    if smoke_test:
        # Never hang an installer or CI: give up after a minute, with a failing code.
        QTimer.singleShot(60_000, lambda: QApplication.exit(2))
        _report_focus(window)
        window.desk.ready.connect(lambda: _report_and_quit(window))
    return app.exec()


def _report_focus(window: MainWindow) -> None:
    """``--smoke-test``: say the moment the scan field really has the keyboard focus."""
    field = window.scan_view.field
    timer = QTimer(window)
    timer.setInterval(2)

    def check() -> None:
        if QApplication.focusWidget() is field:
            timer.stop()
            print(f"focused={field.objectName()}", flush=True)  # noqa: T201

    timer.timeout.connect(check)
    timer.start()


def _report_and_quit(window: MainWindow) -> None:
    """``--smoke-test``: say what the window shows once the database is open, then quit."""
    from PySide6.QtWidgets import QApplication

    desk = window.desk
    focus = QApplication.focusWidget()
    print(  # noqa: T201 - the smoke test's report
        f"title={window.windowTitle()!r} "
        f"focus={focus.objectName() if focus else None} "
        f"database={'open' if desk.db is not None else 'failed'} "
        f"store={desk.till.store_code if desk.till else None} "
        f"staff={desk.staff.staff_no if desk.staff else None}",
        flush=True,
    )
    QApplication.exit(0 if desk.db is not None and focus is not None else 1)
