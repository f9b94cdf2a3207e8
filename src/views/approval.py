"""The manager's approval: another staff member with the manager role, by PIN."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QAbstractButton,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..ui.message import Level
from .pin_dialog import PinDialog

if TYPE_CHECKING:
    from ..domain.states import CaseStatus
    from ..ui.desk import Desk


class ApprovalDialog(PinDialog):
    """Asks a manager to approve or reject a case; ``result_status`` holds the outcome."""

    def __init__(
        self,
        desk: Desk,
        case_no: str,
        cashier_id: int,
        reasons: tuple[tuple[str, str, str], ...],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(desk, parent)
        self.case_no = case_no
        self.cashier_id = cashier_id
        self.result_status: CaseStatus | None = None
        self.setWindowTitle(self.tr("Manager approval (店长审批)"))
        self.setModal(True)
        self.resize(520, 320)
        zh = desk.language != "en"
        text = "\n".join("• " + (r[1] if zh else r[2]) for r in reasons)
        self.reasons = QLabel(
            self.tr("Case {0} needs a manager because:").format(case_no) + "\n" + text
        )
        self.reasons.setWordWrap(True)
        self.staff_no.setObjectName("managerNo")
        self.pin.setObjectName("managerPin")
        self.note = QLineEdit()
        self.note.setObjectName("approvalNote")
        self.note.setPlaceholderText(self.tr("Note (required to reject)"))
        form = QFormLayout()
        form.addRow(self.tr("Manager's staff number"), self.staff_no)
        form.addRow(self.tr("PIN"), self.pin)
        form.addRow(self.tr("Note"), self.note)
        self.approve_button = QPushButton(self.tr("Approve"))
        self.approve_button.setObjectName("approve")
        self.reject_button = QPushButton(self.tr("Reject"))
        self.reject_button.setObjectName("reject")
        self.cancel_button = QPushButton(self.tr("Not now"))
        self.approve_button.clicked.connect(lambda: self.decide(True))
        self.reject_button.clicked.connect(lambda: self.decide(False))
        self.cancel_button.clicked.connect(self.reject)
        self.no_default_buttons()
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.reject_button)
        buttons.addWidget(self.approve_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.reasons)
        lay.addWidget(self.banner)
        lay.addLayout(form)
        lay.addLayout(buttons)

    def buttons_(self) -> list[QAbstractButton]:
        return [self.approve_button, self.reject_button, self.cancel_button]

    def fields(self) -> list[QLineEdit]:
        return [*super().fields(), self.note]

    def confirm(self) -> None:
        self.decide(True)

    @Slot()
    def decide(self, approve: bool) -> None:
        from ..services.auth import authenticate_manager
        from ..services.cases import approve_case

        if self.busy:
            return
        if not approve and not self.note.text().strip():
            self.banner.show_message(Level.ERROR, self.tr("Give the reason for rejecting."))
            self.note.setFocus()
            return
        db, case_no, cashier_id = self.desk.require_db(), self.case_no, self.cashier_id
        staff_no, pin, note = self.staff_no.text(), self.pin.text(), self.note.text()

        def work() -> CaseStatus:
            manager = authenticate_manager(db, staff_no, pin, cashier_id=cashier_id)
            return approve_case(db, manager, case_no, approve=approve, note=note)

        def decided(status: CaseStatus) -> None:
            self.result_status = status
            self.accept()

        self.check(work, decided)
