"""Settings: the screen language, the printers, and where this till's data lives."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from ..i18n import LANGUAGES
from ..ui.message import Level
from ..ui.widgets import heading
from .base import View
from .problems import document_label, print_text


class PrinterChoice(QGroupBox):
    """Queue, paper and copies for one document; saved as soon as they change."""

    def __init__(self, view: SettingsView, document: str) -> None:
        super().__init__(document_label(document))
        self.view = view
        self.document = document
        self.queue = QComboBox()
        self.queue.setObjectName(f"queue_{document}")
        self.paper = QComboBox()
        self.paper.setObjectName(f"paper_{document}")
        self.paper.addItem(self.tr("80 mm thermal roll"), "80mm")
        self.paper.addItem(self.tr("A4 sheet"), "a4")
        self.copies = QSpinBox()
        self.copies.setObjectName(f"copies_{document}")
        self.copies.setRange(1, 9)
        self.test_button = QPushButton(self.tr("Print test page"))
        self.test_button.setObjectName(f"test_{document}")
        self.test_button.clicked.connect(self.on_test_clicked)
        self.result = QLabel()
        self.result.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("Printer"), self.queue)
        form.addRow(self.tr("Paper"), self.paper)
        form.addRow(self.tr("Copies"), self.copies)
        form.addRow(self.test_button, self.result)
        self.load([])
        for w in (self.queue, self.paper):
            w.currentIndexChanged.connect(self.save)
        self.copies.valueChanged.connect(self.save)

    def load(self, queues: list[str]) -> None:
        """Show the queues this computer has, and the choice saved before."""
        current = self.view.desk.printer_for(self.document)
        self.queue.blockSignals(True)
        self.queue.clear()
        self.queue.addItem(self.tr("(no printer)"), "")
        names = list(queues)
        if current.queue and current.queue not in names:
            names.append(current.queue)  # kept, even while the printer is away
        for name in names:
            self.queue.addItem(name, name)
        self.queue.setCurrentIndex(max(0, self.queue.findData(current.queue or "")))
        self.queue.blockSignals(False)
        self.paper.blockSignals(True)
        self.paper.setCurrentIndex(max(0, self.paper.findData(current.paper.value)))
        self.paper.blockSignals(False)
        self.copies.blockSignals(True)
        self.copies.setValue(current.copies)
        self.copies.blockSignals(False)

    def printer(self) -> Any:
        from ..printing.paper import Paper
        from ..services.documents import DocumentPrinter

        return DocumentPrinter(
            self.queue.currentData() or None, Paper(self.paper.currentData()), self.copies.value()
        )

    @Slot()
    def save(self) -> None:
        self.view.desk.set_printer_for(self.document, self.printer())

    @Slot()
    def on_test_clicked(self) -> None:
        from ..services.documents import print_test_page

        printer = self.printer()
        self.test_button.setEnabled(False)
        self.result.setText(self.tr("Printing…"))
        desk = self.view.desk

        def done(outcome: Any) -> None:
            self.test_button.setEnabled(True)
            self.result.setText(print_text(self.document, outcome))

        def failed(exc: BaseException) -> bool:
            self.test_button.setEnabled(True)
            return False

        document = self.document
        submit = desk.print_backend()[1]
        desk.call(
            lambda: print_test_page(desk.till, desk.paths, printer, document, submit),
            done,
            failed,
            context=self,
        )


class SettingsView(View):
    """Signals:
    language_changed(str): the new language code.
    connection_saved(): head office's address and token were saved and answer.
    """

    language_changed = Signal(str)
    connection_saved = Signal()

    def __init__(self, desk: Any) -> None:
        super().__init__(desk)
        self.language = QComboBox()
        self.language.setObjectName("language")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(self.language.findData(desk.language))
        self.language.currentIndexChanged.connect(self.on_language_chosen)
        self.data_dir = QLabel(str(desk.paths.data_dir))
        self.data_dir.setWordWrap(True)
        office = desk.head_office()
        self.ho_url = QLineEdit(office.url if office else "")
        self.ho_url.setObjectName("headOfficeUrl")
        self.ho_url.setPlaceholderText("https://headoffice.example.com")
        self.ho_token = QLineEdit(office.token if office else "")
        self.ho_token.setObjectName("headOfficeToken")
        self.ho_token.setEchoMode(QLineEdit.EchoMode.Password)
        self.ho_token.setPlaceholderText(self.tr("the store's token from head office"))
        self.ho_test = QPushButton(self.tr("Save and test the connection"))
        self.ho_test.setObjectName("headOfficeTest")
        self.ho_test.clicked.connect(self.on_ho_test_clicked)
        self.ho_result = QLabel()
        self.ho_result.setWordWrap(True)
        self.head_office = QWidget()
        ho = QFormLayout(self.head_office)
        ho.setContentsMargins(0, 0, 0, 0)
        ho.addRow(self.tr("Address"), self.ho_url)
        ho.addRow(self.tr("Store token"), self.ho_token)
        ho.addRow(self.ho_test, self.ho_result)
        self.printers = {d: PrinterChoice(self, d) for d in ("slip", "receipt")}
        self.auto_print = QCheckBox(self.tr("Print both automatically when a case is completed"))
        self.auto_print.setObjectName("autoPrint")
        self.auto_print.setChecked(desk.auto_print)
        self.auto_print.toggled.connect(desk.set_auto_print)
        self.refresh_button = QPushButton(self.tr("Look for printers again"))
        self.refresh_button.clicked.connect(self.refresh_printers)
        form = QFormLayout()
        form.addRow(self.tr("Language (语言)"), self.language)
        form.addRow(self.tr("Data folder"), self.data_dir)
        form.addRow(self.tr("Head office"), self.head_office)
        printers = QWidget()
        row = QHBoxLayout(printers)
        row.setContentsMargins(0, 0, 0, 0)
        for box in self.printers.values():
            row.addWidget(box)
        self.layout_.addWidget(heading(self.tr("Settings")))
        self.layout_.addWidget(self.banner)
        self.layout_.addLayout(form)
        self.layout_.addWidget(printers)
        self.layout_.addWidget(self.auto_print)
        self.layout_.addWidget(self.refresh_button)
        self.layout_.addStretch(1)
        self.first_focus = self.language

    def entered(self) -> None:
        super().entered()
        self.refresh_printers()

    @Slot()
    def refresh_printers(self) -> None:
        """Ask the system for its print queues (a subprocess: off the UI thread)."""
        list_queues = self.desk.print_backend()[0]

        def done(queues: list[str]) -> None:
            for box in self.printers.values():
                box.load(queues)
            if not queues:
                self.banner.show_message(
                    Level.WARNING,
                    self.tr(
                        "This computer has no printers. Add the counter's printer in the "
                        "system's printer settings, then press 'Look for printers again'."
                    ),
                )
            else:
                self.banner.clear_message()

        self.desk.call(list_queues, done, context=self)

    @Slot()
    def on_ho_test_clicked(self) -> None:
        from ..sync.outbox import SyncProblem, check_connection

        self.desk.set_head_office(self.ho_url.text(), self.ho_token.text())
        office = self.desk.head_office()
        if office is None:
            self.ho_result.setText(self.tr("Enter the address and the store's token."))
            return
        self.ho_test.setEnabled(False)
        self.ho_result.setText(self.tr("Connecting…"))
        till = self.desk.till

        def done(result: Any) -> None:
            self.ho_test.setEnabled(True)
            problem, detail = result
            if problem is None and till is not None and detail != till.store_code:
                text = self.tr("This token belongs to store {0}, but this till is in {1}.").format(
                    detail, till.store_code
                )
            elif problem is None:
                text = self.tr("Connected: head office knows this till as store {0}.").format(
                    detail
                )
                self.connection_saved.emit()
            elif problem is SyncProblem.UNAUTHORIZED:
                text = self.tr("Head office refuses this token: check it, or ask for a new one.")
            elif problem is SyncProblem.UNREACHABLE:
                text = self.tr(
                    "Head office cannot be reached ({0}): check the address and the network."
                ).format(detail)
            else:
                text = self.tr("Head office answered something unexpected ({0}).").format(detail)
            self.ho_result.setText(text)

        def failed(exc: BaseException) -> bool:
            self.ho_test.setEnabled(True)
            return False

        self.desk.call(lambda: check_connection(office), done, failed, context=self)

    @Slot()
    def on_language_chosen(self) -> None:
        lang = self.language.currentData()
        if lang != self.desk.language:
            self.desk.set_language(lang)
            self.language_changed.emit(lang)
