"""The case is completed: the return slip is written, and the next customer can come."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton

from ..domain.codes import Tender
from ..domain.money import format_fen
from ..ui.message import Level
from ..ui.widgets import heading, tr_label
from .base import View


class DoneView(View):
    """Signals:
    next_requested(): back to the scan for the next customer.
    slip_written(str): the slip's path.
    """

    next_requested = Signal()
    slip_written = Signal(str)

    def __init__(self, desk: Any) -> None:
        super().__init__(desk)
        self.case_no = ""
        self.slip_path: Path | None = None
        self.title = heading(self.tr("Case completed"))
        self.summary = QLabel()
        self.summary.setObjectName("doneSummary")
        self.summary.setWordWrap(True)
        self.open_button = QPushButton(self.tr("Open slip PDF (Ctrl+P)"))
        self.open_button.setObjectName("openSlip")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.on_open_clicked)
        self.retry_button = QPushButton(self.tr("Write the slip again"))
        self.retry_button.setVisible(False)
        self.retry_button.clicked.connect(self.write_slip)
        self.next_button = QPushButton(self.tr("Next customer (Enter)"))
        self.next_button.setObjectName("nextCustomer")
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.next_requested)
        QShortcut(QKeySequence("Ctrl+P"), self, self.on_open_clicked)
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addWidget(self.retry_button)
        row.addStretch(1)
        row.addWidget(self.next_button)
        for w in (self.title, self.summary, self.banner):
            self.layout_.addWidget(w)
        self.layout_.addLayout(row)
        self.layout_.addStretch(1)
        self.first_focus = self.next_button

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        from PySide6.QtCore import Qt

        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            self.next_requested.emit()
            return
        super().keyPressEvent(event)

    def start(self, case_no: str) -> None:
        from ..services.cases import case_detail

        self.case_no = case_no
        self.slip_path = None
        self.open_button.setEnabled(False)
        self.retry_button.setVisible(False)
        detail = case_detail(self.desk.db, case_no)
        self.summary.setText(
            self.tr("Case {0} is {1}. Refund in all: {2} to {3}. Customer: {4} {5}.").format(
                case_no,
                tr_label(detail.status),
                format_fen(detail.refund_total_fen),
                tr_label(Tender(detail.tender)),
                detail.customer_name,
                detail.phone_masked,
            )
        )
        self.banner.show_message(Level.INFO, self.tr("Writing the return slip…"))
        self.write_slip()

    @Slot()
    def write_slip(self) -> None:
        from ..services.slips import write_slip

        desk, case_no = self.desk, self.case_no

        def done(path: Path) -> None:
            self.slip_path = path
            self.open_button.setEnabled(True)
            self.retry_button.setVisible(False)
            self.banner.show_message(
                Level.INFO, self.tr("Return slip saved: {0}").format(path.name)
            )
            self.slip_written.emit(str(path))

        def failed(exc: BaseException) -> bool:
            if isinstance(exc, OSError):
                self.retry_button.setVisible(True)
                self.banner.show_message(
                    Level.ERROR,
                    self.tr(
                        "The case is saved, but its slip could not be written ({0}). Free disk "
                        "space or check the slips folder, then write it again."
                    ).format(exc.strerror or exc),
                )
                return True
            return False

        desk.call(
            lambda: write_slip(desk.db, desk.till, desk.paths, desk.staff, case_no), done, failed
        )

    @Slot()
    def on_open_clicked(self) -> None:
        if self.slip_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.slip_path)))
