"""What the PIN dialogs share: a staff number, a PIN, and a check off the UI thread; and
the manager's PIN that allows a change to the till itself."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..ui.message import Level
from ..ui.widgets import MessageBanner
from .problems import auth_text

if TYPE_CHECKING:
    from ..services.auth import StaffInfo
    from ..ui.desk import Desk

T = TypeVar("T")


class PinDialog(QDialog):
    """A dialog asking for a staff number and PIN (sign-in, manager approval).

    Enter moves from the number to the PIN, and Enter in the PIN confirms: there is no
    default button, which would fire on the Enter that ends the number. While the PIN is
    checked (Argon2 takes a moment, on a worker thread) the buttons are off and the fields
    read-only; the dialog itself stays enabled so the key that started it is handled.
    """

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.banner = MessageBanner()
        self.staff_no = QLineEdit()
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.staff_no.returnPressed.connect(self.pin.setFocus)
        self.pin.returnPressed.connect(self.confirm)
        self.staff_no.setFocus()

    def buttons_(self) -> list[QAbstractButton]:
        """The dialog's buttons (subclasses list theirs)."""
        return []

    def fields(self) -> list[QLineEdit]:
        return [self.staff_no, self.pin]

    def no_default_buttons(self) -> None:
        for b in self.buttons_():
            if isinstance(b, QPushButton):  # only a push button can be a dialog's default
                b.setAutoDefault(False)
                b.setDefault(False)

    def confirm(self) -> None:
        """Enter in the PIN field: the dialog's main action."""
        raise NotImplementedError

    @property
    def busy(self) -> bool:
        return self.staff_no.isReadOnly()

    def set_busy(self, busy: bool) -> None:
        for b in self.buttons_():
            b.setEnabled(not busy)
        for f in self.fields():
            f.setReadOnly(busy)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)

    def check(self, work: Callable[[], T], on_done: Callable[[T], None]) -> None:
        """Run ``work`` (which checks the PIN) off the UI thread; a refused PIN is said in
        the dialog, the PIN cleared and focused for another try."""
        from ..services.auth import AuthError

        if self.busy:
            return
        self.set_busy(True)

        def done(result: T) -> None:
            self.set_busy(False)
            on_done(result)

        def failed(exc: BaseException) -> bool:
            self.set_busy(False)
            if isinstance(exc, AuthError):
                self.banner.show_message(Level.ERROR, auth_text(exc))
                self.pin.clear()
                self.pin.setFocus()
                return True
            return False

        self.desk.call(work, done, failed, context=self)


class ManagerPinDialog(PinDialog):
    """A manager allows a change to the till itself (head office's address, the store's
    token) with their number and PIN; ``manager`` holds who, once allowed (None if not)."""

    def __init__(self, desk: Desk, what: str, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        self.manager: StaffInfo | None = None
        self.setWindowTitle(self.tr("Manager's approval (店长确认)"))
        self.setModal(True)
        self.what = QLabel(what)
        self.what.setWordWrap(True)
        self.staff_no.setObjectName("managerNo")
        self.pin.setObjectName("managerPin")
        form = QFormLayout()
        form.addRow(self.tr("Manager's staff number"), self.staff_no)
        form.addRow(self.tr("PIN"), self.pin)
        self.allow_button = QPushButton(self.tr("Allow"))
        self.allow_button.setObjectName("allow")
        self.allow_button.clicked.connect(self.allow)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.reject)
        self.no_default_buttons()
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.allow_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.what)
        lay.addWidget(self.banner)
        lay.addLayout(form)
        lay.addLayout(buttons)

    def buttons_(self) -> list[QAbstractButton]:
        return [self.allow_button, self.cancel_button]

    def confirm(self) -> None:
        self.allow()

    @Slot()
    def allow(self) -> None:
        from ..services.auth import authenticate_manager

        db, staff_no, pin = self.desk.require_db(), self.staff_no.text(), self.pin.text()

        def allowed(manager: StaffInfo) -> None:
            self.manager = manager
            self.accept()

        self.check(lambda: authenticate_manager(db, staff_no, pin, cashier_id=None), allowed)
