"""Sign in, or switch the staff member on duty: staff number and PIN."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialogButtonBox,
    QFormLayout,
    QVBoxLayout,
    QWidget,
)

from .pin_dialog import PinDialog

if TYPE_CHECKING:
    from ..services.auth import StaffInfo
    from ..ui.desk import Desk


class SignInDialog(PinDialog):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        self.setWindowTitle(self.tr("Sign in (登录)"))
        self.staff_no.setObjectName("signInNo")
        self.pin.setObjectName("signInPin")
        form = QFormLayout()
        form.addRow(self.tr("Staff number"), self.staff_no)
        form.addRow(self.tr("PIN"), self.pin)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.confirm)
        self.buttons.rejected.connect(self.reject)
        self.no_default_buttons()
        lay = QVBoxLayout(self)
        lay.addWidget(self.banner)
        lay.addLayout(form)
        lay.addWidget(self.buttons)

    def buttons_(self) -> list[QAbstractButton]:
        return list(self.buttons.buttons())

    @Slot()
    def confirm(self) -> None:
        from ..services.auth import authenticate

        desk, staff_no, pin = self.desk, self.staff_no.text(), self.pin.text()
        db = desk.require_db()

        def signed_in(staff: StaffInfo) -> None:
            desk.set_staff(staff)
            self.accept()

        self.check(lambda: authenticate(db, staff_no, pin), signed_in)
