"""Settings: the screen language, the printers, and where this till's data lives."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

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
from ..ui.sync_scheduler import LinkProblem
from ..ui.widgets import heading
from .base import View
from .pin_dialog import ManagerPinDialog
from .problems import document_label, print_text

if TYPE_CHECKING:
    from ..printing.queues import PrintOutcome
    from ..services.auth import StaffInfo
    from ..services.documents import DocumentPrinter
    from ..ui.desk import Desk
    from ..ui.sync_scheduler import LinkCheck, SyncScheduler


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

    def printer(self) -> DocumentPrinter:
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

        def done(outcome: PrintOutcome) -> None:
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


@dataclass(frozen=True, slots=True)
class HeadOfficeChange:
    """What "Save and test" would change: head office's address, and whether the token."""

    old_url: str
    new_url: str
    token_changed: bool


class SettingsView(View):
    """Signals:
    language_changed(str): the new language code.
    connection_saved(): head office's address and token were saved and answer.
    """

    language_changed = Signal(str)
    connection_saved = Signal()

    def __init__(self, desk: Desk, scheduler: SyncScheduler) -> None:
        super().__init__(desk)
        self.scheduler = scheduler
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
        till = desk.till
        self.ho_store = QLabel(
            self.tr("{0} {1} (this till's store; the token must be this store's)").format(
                till.store_code, till.store_name
            )
            if till is not None
            else self.tr("This till has no store yet.")
        )
        self.ho_store.setObjectName("headOfficeStore")
        self.ho_store.setWordWrap(True)
        self.ho_test = QPushButton(self.tr("Save and test the connection"))
        self.ho_test.setObjectName("headOfficeTest")
        self.ho_test.clicked.connect(self.on_ho_test_clicked)
        self.ho_result = QLabel()
        self.ho_result.setObjectName("headOfficeResult")
        self.ho_result.setWordWrap(True)
        self.pin_dialog: ManagerPinDialog | None = None  # while a manager is asked
        self.head_office = QWidget()
        ho = QFormLayout(self.head_office)
        ho.setContentsMargins(0, 0, 0, 0)
        ho.addRow(self.tr("Address"), self.ho_url)
        ho.addRow(self.tr("Store code"), self.ho_store)
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
        """Save and test head office's address and token. A change of either needs a
        manager's PIN first (once the till has a manager), and is audited."""
        from ..services.auth import has_manager

        url, token = self.ho_url.text().strip(), self.ho_token.text().strip()
        office = self.desk.head_office()
        old_url, old_token = (office.url, office.token) if office else ("", "")
        change = HeadOfficeChange(old_url, url, token != old_token)
        if url == old_url and not change.token_changed:
            self.save_and_test(url, token, None, None)
            return
        db = self.desk.db
        if db is None:
            self.ho_result.setText(self.tr("The till is still starting: try again in a moment."))
            return
        if not has_manager(db):  # a till not enrolled yet: nobody could give a PIN
            self.save_and_test(url, token, change, None)
            return
        dlg = ManagerPinDialog(
            self.desk,
            self.tr(
                "Changing head office's address or the store's token needs a manager: "
                "enter a manager's staff number and PIN."
            ),
            self,
        )
        dlg.setObjectName("headOfficePinDialog")
        self.pin_dialog = dlg
        self.ho_test.setEnabled(False)

        def finished(_result: int) -> None:
            self.pin_dialog = None
            manager = dlg.manager
            dlg.deleteLater()
            if manager is None:
                self.ho_test.setEnabled(True)
                self.ho_result.setText(
                    self.tr(
                        "Not saved: changing head office's address or the store's token "
                        "needs a manager's staff number and PIN. Nothing was changed."
                    )
                )
                return
            self.save_and_test(url, token, change, manager)

        dlg.finished.connect(finished)
        dlg.open()

    def save_and_test(
        self, url: str, token: str, change: HeadOfficeChange | None, manager: StaffInfo | None
    ) -> None:
        """Test the connection, then save what may be saved (and audit a ``change``)."""
        if not url or not token:
            if self.save(url, token, change, manager):
                self.ho_result.setText(self.tr("Enter the address and the store's token."))
            return
        self.ho_test.setEnabled(False)
        self.ho_result.setText(self.tr("Connecting…"))
        till = self.desk.till
        store_code = till.store_code if till is not None else None

        def done(check: LinkCheck) -> None:
            # Saved even while head office is away (it is sent once it answers), but never
            # another store's token (this store's cases would go in that store's name), nor
            # an address the token would cross the network to in clear.
            if check.problem not in (LinkProblem.WRONG_STORE, LinkProblem.PLAIN_HTTP):
                if not self.save(url, token, change, manager, lambda: finish(check)):
                    return
            else:
                finish(check)

        def finish(check: LinkCheck) -> None:
            self.ho_test.setEnabled(True)
            self.ho_result.setText(self.connection_text(check, store_code))
            if check.problem in (None, LinkProblem.CLOCK_SKEW):
                self.connection_saved.emit()

        def failed(exc: BaseException) -> bool:
            self.ho_test.setEnabled(True)
            return False

        self.scheduler.check_link(url, token, store_code, done, failed, context=self)

    def save(
        self,
        url: str,
        token: str,
        change: HeadOfficeChange | None,
        manager: StaffInfo | None,
        then: Callable[[], None] | None = None,
    ) -> bool:
        """Keep the address and token, then audit the change (off the UI thread) and call
        ``then``. False, said on the screen, if the token cannot be kept: nothing changed."""
        from ..services.till_audit import record_head_office_change
        from ..token_store import TokenNotSaved

        try:
            self.desk.set_head_office(url, token)
        except TokenNotSaved as e:
            self.ho_test.setEnabled(True)
            self.ho_result.setText(self.desk.token_not_saved_text(e))
            return False
        db = self.desk.db
        if change is None or db is None:
            if then is not None:
                then()
            return True
        signed_in = self.desk.staff

        def audit() -> None:
            record_head_office_change(
                db,
                manager,
                signed_in=signed_in,
                old_url=change.old_url,
                new_url=change.new_url,
                token_changed=change.token_changed,
                via="settings",
            )

        self.desk.call(audit, lambda _none: then() if then is not None else None, context=self)
        return True

    def connection_text(self, check: LinkCheck, store_code: str | None) -> str:
        """What "test connection" found, in one sentence that says what to do."""
        problem = check.problem
        if problem is None:
            return self.tr("Connected: head office knows this till as store {0}.").format(
                check.store_code
            )
        if problem is LinkProblem.UNREACHABLE:
            return self.tr(
                "Head office cannot be reached ({0}): check the address and the network."
            ).format(check.detail)
        if problem is LinkProblem.UNAUTHORIZED:
            return self.tr("Head office refuses this token: check it, or ask for a new one.")
        if problem is LinkProblem.PLAIN_HTTP:
            return self.tr(
                "Not saved: with http:// the store's token would cross the network unencrypted. "
                "Use the https:// address of head office (ask IT)."
            )
        if problem is LinkProblem.UNTRUSTED_CERTIFICATE:
            return self.tr(
                "Head office's certificate is not trusted, so nothing was sent. If head "
                "office uses its own certificate authority, IT names its certificate in "
                "settings.ini (sync/ca_file); otherwise check the address. ({0})"
            ).format(check.detail)
        if problem is LinkProblem.WRONG_STORE:
            return self.tr(
                "Wrong store: this token belongs to store {0}, but this till is in {1}. It "
                "was not saved, so nothing is sent with it: ask head office for store {1}'s "
                "token."
            ).format(check.store_code, store_code)
        if problem is LinkProblem.CLOCK_SKEW:
            minutes = max(1, round(abs(check.skew_s or 0) / 60))
            text = (
                self.tr(
                    "Connected as store {0}, but this till's clock is {1} minutes ahead of "
                    "head office's."
                )
                if (check.skew_s or 0) > 0
                else self.tr(
                    "Connected as store {0}, but this till's clock is {1} minutes behind "
                    "head office's."
                )
            )
            return (
                text.format(check.store_code, minutes)
                + " "
                + self.tr(
                    "Cases are timestamped by this till: set the computer's date and time "
                    "correctly (or ask IT), then test again."
                )
            )
        return self.tr("Head office answered something unexpected ({0}).").format(check.detail)

    @Slot()
    def on_language_chosen(self) -> None:
        lang = self.language.currentData()
        if lang != self.desk.language:
            self.desk.set_language(lang)
            self.language_changed.emit(lang)
