"""Sign in, or switch the staff member on duty: staff number and PIN."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QVBoxLayout

from ..ui.message import Level
from ..ui.widgets import MessageBanner
from .problems import auth_text


class SignInDialog(QDialog):
    def __init__(self, desk: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.setWindowTitle(self.tr("Sign in (登录)"))
        self.banner = MessageBanner()
        self.staff_no = QLineEdit()
        self.staff_no.setObjectName("signInNo")
        self.pin = QLineEdit()
        self.pin.setObjectName("signInPin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("Staff number"), self.staff_no)
        form.addRow(self.tr("PIN"), self.pin)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons = buttons
        buttons.accepted.connect(self.on_ok)
        buttons.rejected.connect(self.reject)
        # Enter moves from the number to the PIN and then signs in; no default button, or
        # the Enter after the number would try to sign in without a PIN.
        for b in buttons.buttons():
            b.setAutoDefault(False)
            b.setDefault(False)
        self.staff_no.returnPressed.connect(self.pin.setFocus)
        self.pin.returnPressed.connect(self.on_ok)
        lay = QVBoxLayout(self)
        lay.addWidget(self.banner)
        lay.addLayout(form)
        lay.addWidget(buttons)
        self.staff_no.setFocus()

    @property
    def busy(self) -> bool:
        return self.staff_no.isReadOnly()

    def set_busy(self, busy: bool) -> None:
        """While the PIN is checked (Argon2 takes a moment, on a worker thread)."""
        self.buttons.setEnabled(not busy)
        self.staff_no.setReadOnly(busy)
        self.pin.setReadOnly(busy)

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        # The fields act on Enter themselves; the dialog has no default button to press.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)

    @Slot()
    def on_ok(self) -> None:
        from ..services.auth import AuthError, authenticate

        if self.busy:
            return
        desk, staff_no, pin = self.desk, self.staff_no.text(), self.pin.text()
        self.set_busy(True)

        def done(staff: Any) -> None:
            self.set_busy(False)
            desk.set_staff(staff)
            self.accept()

        def failed(exc: BaseException) -> bool:
            self.set_busy(False)
            if isinstance(exc, AuthError):
                self.banner.show_message(Level.ERROR, auth_text(exc))
                self.pin.clear()
                self.pin.setFocus()
                return True
            return False

        desk.call(lambda: authenticate(desk.db, staff_no, pin), done, failed)
