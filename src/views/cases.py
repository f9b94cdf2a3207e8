"""The case list: today's and open cases, searchable by case, receipt or phone."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
)

from ..domain.clock import STORE_TZ
from ..domain.money import format_fen
from ..ui.widgets import heading, tr_label
from .base import View

if TYPE_CHECKING:
    from ..ui.desk import Desk


class CasesView(View):
    """Signals:
    case_requested(str): open this case.
    """

    case_requested = Signal(str)

    def __init__(self, desk: Desk) -> None:
        super().__init__(desk)
        from ..services.cases import CaseScope

        self.title = heading(self.tr("Cases"))
        self.search = QLineEdit()
        self.search.setObjectName("caseSearch")
        self.search.setPlaceholderText(
            self.tr(
                "Case number, receipt number, or phone (full or last 4 digits); Enter to search"
            )
        )
        self.search.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.search.returnPressed.connect(self.on_search)
        self.scope = QComboBox()
        self.scope.addItem(self.tr("Today's and open cases"), CaseScope.TODAY_AND_OPEN)
        self.scope.addItem(self.tr("All cases"), CaseScope.ALL)
        self.scope.currentIndexChanged.connect(self.on_search)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.scope)
        self.table = QTableWidget(0, 7)
        self.table.setObjectName("caseTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Case"),
                self.tr("Status"),
                self.tr("Opened"),
                self.tr("Receipt"),
                self.tr("Customer"),
                self.tr("Phone"),
                self.tr("Refund"),
            ]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self.on_open)
        self.table.activated.connect(self.on_open)
        for w in (self.title, self.banner):
            self.layout_.addWidget(w)
        self.layout_.addLayout(top)
        self.layout_.addWidget(self.table)
        self.first_focus = self.search

    def entered(self) -> None:
        super().entered()
        self.on_search()

    @Slot()
    def on_search(self) -> None:
        from ..services.cases import CaseScope, list_cases

        # Qt hands the item's data back as a plain str: made the code again, or the
        # service's `is` test never matched and the list always held every case.
        scope = CaseScope(self.scope.currentData())
        rows = list_cases(self.desk.require_db(), self.search.text(), scope)
        self.table.setRowCount(len(rows))
        for r, c in enumerate(rows):
            values = [
                c.case_no,
                tr_label(c.status) + (" ⚠ " + self.tr("review") if c.conflict else ""),
                c.created_at.astimezone(STORE_TZ).strftime("%Y-%m-%d %H:%M"),
                c.receipt_no,
                c.customer_name,
                c.phone_masked,
                format_fen(c.refund_total_fen),
            ]
            for col, v in enumerate(values):
                item = QTableWidgetItem(v)
                if col == 6:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if col == 1 and c.conflict:
                    item.setToolTip(
                        self.tr(
                            "Head office found more of this sale returned than was sold: "
                            "open the case to see with which other case."
                        )
                    )
                self.table.setItem(r, col, item)
        if rows:
            self.table.selectRow(0)
        if rows and self.search.text().strip() and len(rows) == 1:
            self.table.setFocus()

    @Slot()
    def on_open(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            item = self.table.item(row, 0)
            if item is not None:
                self.case_requested.emit(item.text())
