"""Intake (售后问题受理单): customer, items and quantities, problem, what they want."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from ..domain.codes import Channel, ProblemCategory, Resolution
from ..domain.money import format_fen
from ..services.cases import MAX_NAME
from ..ui.message import Level
from ..ui.widgets import CodeCombo, heading
from .base import View
from .problems import problem_text

if TYPE_CHECKING:
    from ..services.cases import IntakeInput
    from ..services.sales import SaleView
    from ..ui.desk import Desk


class IntakeView(View):
    """Signals:
    case_opened(str, object): the new case number and the sale it belongs to.
    """

    case_opened = Signal(str, object)

    def __init__(self, desk: Desk) -> None:
        super().__init__(desk)
        self.sale: SaleView | None = None
        self.title = heading(self.tr("Intake (售后问题受理单)"))
        self.receipt_label = QLabel()
        self.name = QLineEdit()
        self.name.setMaxLength(MAX_NAME)  # what head office takes
        self.name.setObjectName("customerName")
        self.phone = QLineEdit()
        self.phone.setObjectName("customerPhone")
        self.phone.setPlaceholderText("138 1234 5678")
        self.phone.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
        self.channel = CodeCombo(list(Channel))
        self.channel.setObjectName("channel")
        self.category = CodeCombo(list(ProblemCategory))
        self.category.setObjectName("category")
        self.wanted = CodeCombo(
            [Resolution.REFUND, Resolution.EXCHANGE, Resolution.REPAIR, Resolution.COMPENSATION]
        )
        self.wanted.setObjectName("wanted")
        self.description = QPlainTextEdit()
        self.description.setObjectName("description")
        self.description.setTabChangesFocus(True)
        self.description.setMaximumHeight(80)
        self.description.setPlaceholderText(
            self.tr("What happened, in the customer's words; read the key points back to them.")
        )
        form = QFormLayout()
        form.addRow(self.tr("Customer name"), self.name)
        form.addRow(self.tr("Mobile phone"), self.phone)
        form.addRow(self.tr("Channel"), self.channel)
        form.addRow(self.tr("Problem"), self.category)
        form.addRow(self.tr("Customer wants"), self.wanted)
        form.addRow(self.tr("Description"), self.description)
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("intakeLines")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Product"),
                self.tr("Size"),
                self.tr("Colour"),
                self.tr("Paid"),
                self.tr("Returnable"),
                self.tr("Quantity"),
            ]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        # Tab goes through the quantity boxes, not cell by cell through the table.
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setTabKeyNavigation(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.next_button = QPushButton(self.tr("Next: inspection (Ctrl+Enter)"))
        self.next_button.setObjectName("intakeNext")
        self.next_button.clicked.connect(self.on_next_clicked)
        for edit in (self.name, self.phone):
            edit.returnPressed.connect(self.focusNextChild)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.on_next_clicked)
        QShortcut(QKeySequence("Ctrl+Enter"), self, self.on_next_clicked)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Esc: back to the scan")))
        row.addStretch(1)
        row.addWidget(self.next_button)
        self.layout_.addWidget(self.title)
        self.layout_.addWidget(self.receipt_label)
        self.layout_.addWidget(self.banner)
        self.layout_.addLayout(form)
        self.layout_.addWidget(QLabel(self.tr("Items and quantities")))
        self.layout_.addWidget(self.table)
        self.layout_.addLayout(row)
        self.first_focus = self.name
        self.spins: list[tuple[int, QSpinBox]] = []

    def start(self, sale: SaleView) -> None:
        self.sale = sale
        self.banner.clear_message()
        self.name.clear()
        self.phone.clear()
        self.description.clear()
        self.channel.setCurrentIndex(0)
        self.category.setCurrentIndex(0)
        self.wanted.setCurrentIndex(0)
        self.receipt_label.setText(
            self.tr("Receipt {0} · {1} days since purchase").format(
                sale.receipt_no, sale.days_since_purchase
            )
        )
        self.table.setRowCount(len(sale.lines))
        self.spins = []
        returnable_lines = [ln for ln in sale.lines if ln.returnable_qty > 0]
        for r, ln in enumerate(sale.lines):
            for c, v in enumerate(
                [
                    f"{ln.name}  {ln.sku}",
                    ln.size,
                    ln.colour,
                    format_fen(ln.paid_fen),
                    str(ln.returnable_qty),
                ]
            ):
                self.table.setItem(r, c, QTableWidgetItem(v))
            spin = QSpinBox()
            spin.setObjectName(f"qty_{ln.line_no}")
            spin.setRange(0, ln.returnable_qty)
            spin.setEnabled(ln.returnable_qty > 0)
            if len(returnable_lines) == 1 and ln.returnable_qty > 0:
                spin.setValue(1)
            self.table.setCellWidget(r, 5, spin)
            self.spins.append((ln.receipt_line_id, spin))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        chain = [self.description, *(spin for _lid, spin in self.spins), self.next_button]
        for a, b in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(a, b)

    def intake_input(self) -> IntakeInput:
        from ..services.cases import IntakeInput

        return IntakeInput(
            customer_name=self.name.text(),
            customer_phone=self.phone.text(),
            channel=self.channel.code(),
            category=self.category.code(),
            description=self.description.toPlainText(),
            wanted=self.wanted.code(),
            lines=tuple((lid, spin.value()) for lid, spin in self.spins),
        )

    @Slot()
    def on_next_clicked(self) -> None:
        if self.sale is None or not self.isEnabled():
            return
        from ..services.cases import check_intake, open_case

        intake = self.intake_input()
        problems = check_intake(self.sale, intake)
        if problems:
            self.show_problems(problems)
            return
        desk, sale = self.desk, self.sale
        db, till, staff = desk.require_db(), desk.require_till(), desk.require_staff()
        self.run_action(
            lambda: open_case(db, till, staff, sale.receipt_no, intake),
            lambda case_no: self.case_opened.emit(case_no, sale),
        )

    def show_problems(self, problems: Sequence[tuple[int, StrEnum]]) -> None:
        texts = []
        for _line, code in problems:
            t = problem_text(code)
            if t not in texts:
                texts.append(t)
        self.banner.show_message(Level.ERROR, " ".join(texts))
        first = problems[0][1].value
        if first == "name_missing":
            self.name.setFocus()
        elif first == "phone_invalid":
            self.phone.setFocus()
