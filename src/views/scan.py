"""Scan: read the receipt barcode and show the original sale with what was returned."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
)

from ..domain.money import format_fen
from ..domain.scan import ScanProblem, read_scan
from ..ui.message import Level
from ..ui.widgets import ScanLineEdit, heading, tr_label
from .base import View

if TYPE_CHECKING:
    from ..services.sales import SaleView
    from ..ui.desk import Desk

log = logging.getLogger("aftersales.scan")


class ScanView(View):
    """Signals:
    sale_chosen(object): a SaleView, when the cashier starts a case on it.
    case_requested(str): a case number was scanned.
    """

    sale_chosen = Signal(object)
    case_requested = Signal(str)

    COLUMNS = 10

    def __init__(self, desk: Desk) -> None:
        super().__init__(desk)
        self.sale: SaleView | None = None
        self._pending_scan: str | None = None
        self.title = heading("")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.field = ScanLineEdit()
        self.field.setObjectName("scanField")
        f = QFont(self.field.font())
        f.setPointSize(f.pointSize() + 6)
        self.field.setFont(f)
        self.field.setMinimumHeight(44)
        self.field.scanned.connect(self.on_field_scanned)
        self.sale_label = QLabel()
        self.sale_label.setObjectName("saleHeader")
        self.sale_label.setWordWrap(True)
        self.sale_label.setTextFormat(Qt.TextFormat.PlainText)
        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setObjectName("saleLines")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.earlier_label = QLabel()
        self.earlier_label.setWordWrap(True)
        self.start_button = QPushButton()
        self.start_button.setObjectName("startCase")
        self.start_button.setEnabled(False)
        self.start_button.clicked.connect(self.on_start_clicked)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.start_button)
        for w in (
            self.title,
            self.hint,
            self.field,
            self.banner,
            self.sale_label,
            self.table,
            self.earlier_label,
        ):
            self.layout_.addWidget(w)
        self.layout_.addLayout(row)
        self.first_focus = self.field
        self.desk.ready.connect(self.on_desk_ready)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Scan the customer's sales receipt"))
        self.hint.setText(
            self.tr(
                "Scan the barcode on the receipt, or type the receipt number (e.g. "
                "SH01-02-261123-0042) and press Enter. Press Enter again to start the case."
            )
        )
        self.field.setPlaceholderText(self.tr("Receipt barcode or number, or a case number"))
        self.start_button.setText(self.tr("Start after-sales case (Enter)"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Product"),
                self.tr("Size"),
                self.tr("Colour"),
                self.tr("Sold"),
                self.tr("Returned"),
                self.tr("In open cases"),
                self.tr("Returnable"),
                self.tr("Paid"),
                self.tr("Days since purchase"),
                self.tr("Notes"),
            ]
        )
        if self.sale is not None:
            self.show_sale(self.sale)

    def reset(self) -> None:
        self.sale = None
        self.table.setRowCount(0)
        self.sale_label.setText("")
        self.earlier_label.setText("")
        self.start_button.setEnabled(False)
        self.field.clear()
        self.banner.clear_message()
        self.field.setFocus()

    # -- scanning ----------------------------------------------------------------------

    @Slot(str)
    def on_field_scanned(self, raw: str) -> None:
        if not raw.strip():
            if self.sale is not None and self.start_button.isEnabled():
                self.on_start_clicked()
            return
        self.field.clear()
        self.field.setFocus()
        if not self.desk.is_ready:
            if self.desk.open_error:
                self.banner.show_message(Level.ERROR, self.desk.open_error)
                return
            self._pending_scan = raw
            self.banner.show_message(
                Level.INFO, self.tr("Opening the database… the scan will be looked up in a moment.")
            )
            return
        self.look_up(raw)

    @Slot()
    def on_desk_ready(self) -> None:
        if self._pending_scan is not None:
            raw, self._pending_scan = self._pending_scan, None
            self.banner.clear_message()
            if self.desk.db is not None:
                self.look_up(raw)
        if self.desk.not_enrolled:
            self.banner.show_message(
                Level.WARNING,
                self.tr(
                    "This till has no store yet. Join head office in Settings (F9), or run "
                    "'aftersales enrol ADDRESS STORE-CODE --till N'; or start the app with "
                    "--demo to practise on the demo store."
                ),
            )

    def look_up(self, raw: str) -> None:
        result = read_scan(raw)
        if result.problem is not None:
            self._show_scan_problem(result.problem)
            return
        if result.case_no is not None:
            self.case_requested.emit(result.case_no)
            return
        assert result.receipt is not None
        if self.desk.not_enrolled:
            self.on_desk_ready()
            return
        from ..domain.clock import now_utc
        from ..services.sales import find_sale

        receipt_no = result.receipt.receipt_no
        db = self.desk.require_db()  # the scan looks up only once the desk is ready
        sale = None
        try:
            # Rarely a scanner's prefix frames a second code that checks: only the real
            # receipt exists, so the readings are looked up in turn.
            for candidate in result.candidates:
                sale = find_sale(db, candidate.receipt_no, now_utc())
                if sale is not None:
                    break
        except Exception as e:  # noqa: BLE001 - environmental failures get a sentence
            text = self.desk.describe(e)
            if text is None:
                raise
            self.banner.show_message(Level.ERROR, text)
            return
        if sale is None:
            self.reset()
            self.banner.show_message(
                Level.ERROR,
                self.tr(
                    "Receipt {0} is not in this till's records. Check that the receipt is from "
                    "this store; sales from the last few minutes may not have arrived yet."
                ).format(receipt_no),
            )
            return
        self.banner.clear_message()
        self.show_sale(sale)

    def _show_scan_problem(self, problem: ScanProblem) -> None:
        text = {
            ScanProblem.EMPTY: self.tr("Nothing was scanned. Scan the receipt's barcode again."),
            ScanProblem.TOO_LONG: self.tr(
                "That scan is too long to be a receipt barcode: the scanner may have read "
                "twice. Scan once more."
            ),
            ScanProblem.NOT_A_CODE: self.tr(
                "That is not a receipt barcode or receipt number. Scan the barcode at the "
                "bottom of the sales receipt."
            ),
            ScanProblem.BAD_CHECK: self.tr(
                "The barcode was misread (its check character is wrong). Scan it again, or "
                "type the receipt number printed under it."
            ),
            ScanProblem.BAD_DATE: self.tr(
                "The code holds an impossible date, so it cannot be our receipt. Scan again "
                "or type the receipt number."
            ),
        }[problem]
        self.reset()
        self.banner.show_message(Level.ERROR, text)

    def show_sale(self, sale: SaleView) -> None:
        from ..domain.clock import STORE_TZ

        self.sale = sale
        sold = sale.sold_at.astimezone(STORE_TZ)
        self.sale_label.setText(
            self.tr("Receipt {0} · sold {1} ({2} days ago) · paid {3} by {4}").format(
                sale.receipt_no,
                sold.strftime("%Y-%m-%d %H:%M"),
                sale.days_since_purchase,
                format_fen(sale.paid_fen),
                tr_label(sale.tender),
            )
        )
        self.table.setRowCount(len(sale.lines))
        for r, ln in enumerate(sale.lines):
            notes = []
            if ln.final_sale:
                notes.append(self.tr("Final sale"))
            if ln.hygiene:
                notes.append(self.tr("Hygiene item"))
            values = [
                f"{ln.name}  {ln.sku}",
                ln.size,
                ln.colour,
                str(ln.qty_sold),
                str(ln.returned_qty),
                str(ln.pending_qty),
                str(ln.returnable_qty),
                format_fen(ln.paid_fen),
                str(sale.days_since_purchase),
                " · ".join(notes),
            ]
            for c, v in enumerate(values):
                item = QTableWidgetItem(v)
                if 3 <= c <= 8:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        if sale.earlier_cases:
            self.earlier_label.setText(
                self.tr("Earlier cases on this receipt: {0}").format(
                    ", ".join(f"{no} ({tr_label(st)})" for no, st in sale.earlier_cases)
                )
            )
        else:
            self.earlier_label.setText("")
        ok = sale.anything_returnable
        self.start_button.setEnabled(ok)
        if not ok:
            self.banner.show_message(
                Level.WARNING,
                self.tr(
                    "Everything on this receipt has already been returned or is in an open case."
                ),
            )

    @Slot()
    def on_start_clicked(self) -> None:
        if self.sale is None:
            return
        if self.desk.staff is None:
            self.banner.show_message(Level.WARNING, self.tr("Sign in first (F12)."))
            return
        self.sale_chosen.emit(self.sale)
