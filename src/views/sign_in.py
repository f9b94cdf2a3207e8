"""Sign in, or switch the staff member on duty: staff number and PIN."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Slot
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
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.on_ok)
        buttons.rejected.connect(self.reject)
        self.staff_no.returnPressed.connect(self.pin.setFocus)
        lay = QVBoxLayout(self)
        lay.addWidget(self.banner)
        lay.addLayout(form)
        lay.addWidget(buttons)
        self.staff_no.setFocus()

    @Slot()
    def on_ok(self) -> None:
        from ..services.auth import AuthError, authenticate

        if not self.isEnabled():
            return
        desk, staff_no, pin = self.desk, self.staff_no.text(), self.pin.text()
        self.setEnabled(False)

        def done(staff: Any) -> None:
            self.setEnabled(True)
            desk.set_staff(staff)
            self.accept()

        def failed(exc: BaseException) -> bool:
            self.setEnabled(True)
            if isinstance(exc, AuthError):
                self.banner.show_message(Level.ERROR, auth_text(exc))
                self.pin.clear()
                self.pin.setFocus()
                return True
            return False

        desk.call(lambda: authenticate(desk.db, staff_no, pin), done, failed)
