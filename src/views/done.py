"""The case is completed: the return slip is written, and the next customer can come."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QWidget

from ..domain.codes import Tender
from ..domain.money import format_fen
from ..ui.message import Level
from ..ui.widgets import heading, tr_label
from .base import View
from .problems import document_label, print_text

if TYPE_CHECKING:
    from ..printing.queues import PrintOutcome
    from ..services.documents import PrintResult
    from ..ui.desk import Desk


class DocumentRow(QWidget):
    """One document of the finished case: what its printing did, Print/Retry, Save PDF."""

    def __init__(self, view: DoneView, document: str) -> None:
        super().__init__()
        self.view = view
        self.document = document
        self.file: Path | None = None
        self.status = QLabel()
        self.status.setObjectName(f"printStatus_{document}")
        self.status.setWordWrap(True)
        self.print_button = QPushButton(self.tr("Print"))
        self.print_button.setObjectName(f"print_{document}")
        self.print_button.clicked.connect(self.print_now)
        self.save_button = QPushButton(self.tr("Save PDF as…"))
        self.save_button.setObjectName(f"save_{document}")
        self.save_button.clicked.connect(self.on_save_clicked)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(QLabel(document_label(document)))
        lay.addWidget(self.status, 1)
        lay.addWidget(self.print_button)
        lay.addWidget(self.save_button)
        self.reset()

    def reset(self) -> None:
        self.file = None
        self.outcome: PrintOutcome | None = None
        self.status.setText(self.tr("Not printed yet."))
        self.print_button.setText(self.tr("Print"))
        self.print_button.setEnabled(True)

    @Slot()
    def print_now(self) -> None:
        desk, case_no, document = self.view.desk, self.view.case_no, self.document
        self.print_button.setEnabled(False)
        self.status.setText(self.tr("Printing…"))

        def done(result: PrintResult) -> None:
            self.file = result.file
            self.outcome = result.outcome
            self.status.setText(print_text(document, result.outcome))
            self.status.setStyleSheet("" if result.outcome.ok else "color:#8a1c1c;")
            self.print_button.setText(
                self.tr("Print again") if result.outcome.ok else self.tr("Retry")
            )
            self.print_button.setEnabled(True)
            self.view.print_finished.emit(document, result.outcome.ok)

        def failed(exc: BaseException) -> bool:
            self.print_button.setEnabled(True)
            self.print_button.setText(self.tr("Retry"))
            if isinstance(exc, OSError):
                self.status.setText(
                    self.tr("The PDF could not be written ({0}). The case is saved.").format(
                        exc.strerror or exc
                    )
                )
                return True
            return False

        desk.print_case_document(case_no, document, done, failed, context=self)

    @Slot()
    def on_save_clicked(self) -> None:
        from ..services.cases import case_detail
        from ..services.documents import Document, render_document

        desk = self.view.desk
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the PDF"),
            f"{self.view.case_no}-{self.document}.pdf",
            self.tr("PDF (*.pdf)"),
        )
        if not name:
            return
        target = Path(name)
        printer = desk.printer_for(self.document)
        case_no, document = self.view.case_no, Document(self.document)
        db, till = desk.require_db(), desk.require_till()

        def work() -> Path:
            detail = case_detail(db, case_no)
            made = render_document(till, detail, document, printer.paper, target.parent)
            made.replace(target)
            return target

        desk.call(
            work,
            lambda path: self.status.setText(self.tr("Saved as {0}.").format(path.name)),
            context=self,
        )


class DoneView(View):
    """Signals:
    next_requested(): back to the scan for the next customer.
    slip_written(str): the slip's path.
    print_finished(str, bool): a document ("slip", "receipt") was sent; whether it printed.
    """

    next_requested = Signal()
    slip_written = Signal(str)
    print_finished = Signal(str, bool)

    def __init__(self, desk: Desk) -> None:
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
        self.rows = {d: DocumentRow(self, d) for d in ("slip", "receipt")}
        for w in (self.title, self.summary, self.banner, *self.rows.values()):
            self.layout_.addWidget(w)
        self.layout_.addLayout(row)
        self.layout_.addStretch(1)
        self.first_focus = self.next_button

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
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
        for row in self.rows.values():
            row.reset()
        detail = case_detail(self.desk.require_db(), case_no)
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
        from ..services.documents import write_slip

        desk, case_no = self.desk, self.case_no
        db, till = desk.require_db(), desk.require_till()

        def done(path: Path) -> None:
            self.slip_path = path
            self.open_button.setEnabled(True)
            self.retry_button.setVisible(False)
            self.banner.show_message(
                Level.INFO, self.tr("Return slip saved: {0}").format(path.name)
            )
            self.slip_written.emit(str(path))
            for row in self.rows.values():
                if self.desk.auto_print and self.desk.printer_for(row.document).queue:
                    row.print_now()
                elif self.desk.auto_print:
                    row.status.setText(
                        self.tr("No printer is set for it: choose one in Settings (F9).")
                    )

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
            lambda: write_slip(db, till, desk.paths, desk.staff, case_no),
            done,
            failed,
            context=self,
        )

    @Slot()
    def on_open_clicked(self) -> None:
        if self.slip_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.slip_path)))
