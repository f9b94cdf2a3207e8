"""Decision per item, with the rule behind it; then submit, approval and completion."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..domain.clock import local_date, now_utc
from ..domain.codes import Disposition, Resolution
from ..domain.decide import InspectionRecord, disposition_for
from ..domain.money import format_fen, parse_yuan
from ..domain.policy import LineOutcome
from ..domain.states import CaseStatus
from ..services.cases import MAX_TEXT
from ..ui.message import Level
from ..ui.widgets import CodeCombo, heading, tr_label
from .base import View

if TYPE_CHECKING:
    from ..domain.policy import LineVerdict
    from ..services.cases import CaseDetail, DecisionInput, SubmitResult
    from ..services.sales import ProductView, SaleLineView, SaleView
    from ..ui.desk import Desk
    from .approval import ApprovalDialog

ORDER = (
    Resolution.REFUND,
    Resolution.EXCHANGE,
    Resolution.REPAIR,
    Resolution.COMPENSATION,
    Resolution.REJECT,
)


class LineDecisionForm(QGroupBox):
    """The decision for one item."""

    def __init__(
        self,
        view: DecisionView,
        sale: SaleView,
        line: SaleLineView,
        qty: int,
        verdict: LineVerdict,
        options: list[ProductView],
        inspection: InspectionRecord | None = None,
    ) -> None:
        super().__init__(f"{line.name}  {line.sku} · {line.size} · {line.colour} × {qty}")
        self.view = view
        self.line = line
        self.qty = qty
        self.verdict = verdict
        zh = view.desk.language != "en"
        allowed = ", ".join(
            tr_label(r) for r in ORDER if r in verdict.allowed and r is not Resolution.REJECT
        ) or self.tr("nothing but a rejection")
        self.rule = QLabel(
            self.tr("Policy allows: {0}.").format(allowed)
            + "  "
            + verdict.reason("zh" if zh else "en")
            + f"  [{', '.join(verdict.rule_ids)}]"
        )
        self.rule.setWordWrap(True)
        self.rule.setObjectName("ruleText")
        outside = " " + self.tr("(outside the policy: manager approval)")
        self.resolution: CodeCombo[Resolution] = CodeCombo([])
        self.resolution.set_codes(ORDER, lambda r: "" if r in verdict.allowed else outside)
        self.resolution.setObjectName(f"resolution_{line.line_no}")
        self.resolution.select(verdict.suggested)
        self.sold = line.sold_line()
        share = self.sold.share_fen(min(qty, self.sold.returnable_qty))
        self.share_fen = share
        # One page of details per resolution.
        self.pages = QStackedWidget()
        self.refund_label = QLabel(
            self.tr("Refund {0} to {1} (the share actually paid, after discounts)").format(
                format_fen(share), tr_label(sale.tender)
            )
        )
        self.exchange_combo = QComboBox()
        self.exchange_combo.setObjectName(f"exchange_{line.line_no}")
        self.exchange_combo.addItem(self.tr("— choose —"), None)
        for p in options:
            if p.sku != line.sku:
                self.exchange_combo.addItem(
                    f"{p.sku} · {p.colour} · {p.size} · {format_fen(p.price_fen)}", p
                )
        self.exchange_sku = QLineEdit()
        self.exchange_sku.setPlaceholderText(self.tr("or type another product's SKU"))
        self.exchange_diff = QLabel()
        ex = QFormLayout()
        ex.addRow(self.tr("Same style"), self.exchange_combo)
        ex.addRow(self.tr("Other product"), self.exchange_sku)
        ex.addRow(self.tr("Price difference"), self.exchange_diff)
        self.repair_date = QDateEdit()
        self.repair_date.setCalendarPopup(True)
        self.repair_date.setDisplayFormat("yyyy-MM-dd")
        d = local_date(now_utc()) + timedelta(days=7)
        self.repair_date.setDate(QDate(d.year, d.month, d.day))
        self.compensation = QLineEdit()
        self.compensation.setObjectName(f"compensation_{line.line_no}")
        self.compensation.setPlaceholderText(self.tr("Amount in yuan, e.g. 50"))
        self.reject_reason = QLineEdit()
        self.reject_reason.setMaxLength(MAX_TEXT)  # what head office takes
        self.reject_reason.setObjectName(f"rejectReason_{line.line_no}")
        self.reject_reason.setPlaceholderText(self.tr("Why, as the customer will be told"))
        for widget in (
            self.refund_label,
            _wrap(ex),
            _row(self.tr("Ready on"), self.repair_date),
            _row(self.tr("Compensation"), self.compensation),
            _row(self.tr("Reason"), self.reject_reason),
        ):
            self.pages.addWidget(widget)
        self.inspection = inspection
        self.disposition = CodeCombo(list(Disposition))
        self.disposition.setObjectName(f"disposition_{line.line_no}")
        self._suggested_disposition: Disposition | None = None
        lay = QVBoxLayout(self)
        lay.addWidget(self.rule)
        lay.addWidget(_row(self.tr("Decision"), self.resolution))
        lay.addWidget(self.pages)
        lay.addWidget(_row(self.tr("The item goes"), self.disposition))
        self.resolution.currentIndexChanged.connect(self.on_changed)
        self.exchange_combo.currentIndexChanged.connect(self.on_changed)
        self.exchange_sku.textChanged.connect(self.on_changed)
        self.compensation.textChanged.connect(self.on_changed)
        self.on_changed()

    def chosen(self) -> Resolution:
        return self.resolution.code()

    def exchange_product(self) -> ProductView | None:
        sku = self.exchange_sku.text().strip().upper()
        if sku:
            return self.view.product_by_sku(sku)
        # Qt hands an item's data back untyped: the ProductView added with it, or None.
        chosen: ProductView | None = self.exchange_combo.currentData()
        return chosen

    def compensation_fen(self) -> int:
        try:
            return parse_yuan(self.compensation.text())
        except ValueError:
            return 0

    def suggested_disposition(self) -> Disposition:
        return disposition_for(
            self.view.desk.require_till().policy,
            self.chosen(),
            self.inspection,
            hygiene=self.line.hygiene,
        )

    @Slot()
    def on_changed(self) -> None:
        self.pages.setCurrentIndex(ORDER.index(self.chosen()))
        # The disposition follows the decision until staff choose another one.
        suggested = self.suggested_disposition()
        if self._suggested_disposition in (None, self.disposition.code()):
            self.disposition.select(suggested)
        self._suggested_disposition = suggested
        if self.chosen() is Resolution.EXCHANGE:
            p = self.exchange_product()
            if p is None:
                self.exchange_diff.setText(self.tr("Choose the new item."))
            else:
                diff = p.price_fen * self.qty - self.share_fen
                if diff > 0:
                    self.exchange_diff.setText(
                        self.tr("Customer pays {0}").format(format_fen(diff))
                    )
                elif diff < 0:
                    self.exchange_diff.setText(
                        self.tr("Customer gets back {0}").format(format_fen(-diff))
                    )
                else:
                    self.exchange_diff.setText(self.tr("No difference"))
        self.view.update_totals()

    def outcome(self) -> LineOutcome:
        r = self.chosen()
        back = 0
        if r is Resolution.EXCHANGE and (p := self.exchange_product()) is not None:
            back = max(0, self.share_fen - p.price_fen * self.qty)
        return LineOutcome(
            self.verdict,
            r,
            self.share_fen if r is Resolution.REFUND else 0,
            self.compensation_fen() if r is Resolution.COMPENSATION else 0,
            self.view.overridden.get(self.line.receipt_line_id, False),
            back,
        )

    def value(self) -> DecisionInput:
        from ..services.cases import DecisionInput

        r = self.chosen()
        p = self.exchange_product() if r is Resolution.EXCHANGE else None
        qd = self.repair_date.date()
        from datetime import date

        return DecisionInput(
            receipt_line_id=self.line.receipt_line_id,
            resolution=r,
            exchange_sku=(
                p.sku if p is not None else (self.exchange_sku.text().strip().upper() or None)
            )
            if r is Resolution.EXCHANGE
            else None,
            repair_due=date(qd.year(), qd.month(), qd.day()) if r is Resolution.REPAIR else None,
            compensation_fen=self.compensation_fen() if r is Resolution.COMPENSATION else 0,
            reject_reason=self.reject_reason.text() if r is Resolution.REJECT else "",
            disposition=self.disposition.code(),
        )


def _row(label: str, widget: QWidget) -> QWidget:
    w = QWidget()
    lay = QHBoxLayout(w)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.addWidget(QLabel(label))
    lay.addWidget(widget, 1)
    return w


def _wrap(layout: QLayout) -> QWidget:
    w = QWidget()
    w.setLayout(layout)
    return w


class DecisionView(View):
    """Signals:
    case_finished(str): the case is completed.
    """

    case_finished = Signal(str)

    def __init__(self, desk: Desk) -> None:
        super().__init__(desk)
        self.case_no = ""
        self.sale: SaleView | None = None
        self.detail: CaseDetail | None = None
        self.forms: list[LineDecisionForm] = []
        self.overridden: dict[int, bool] = {}
        self._products: dict[str, ProductView | None] = {}
        self.title = heading(self.tr("Decision"))
        self.case_label = QLabel()
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        self.totals = QLabel()
        self.totals.setObjectName("totals")
        self.totals.setWordWrap(True)
        self.approval_label = QLabel()
        self.approval_label.setObjectName("approvalNotice")
        self.approval_label.setWordWrap(True)
        self.complete_button = QPushButton(self.tr("Complete case (Ctrl+Enter)"))
        self.complete_button.setObjectName("completeCase")
        self.complete_button.clicked.connect(self.on_complete_clicked)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.on_complete_clicked)
        QShortcut(QKeySequence("Ctrl+Enter"), self, self.on_complete_clicked)
        row = QHBoxLayout()
        row.addWidget(self.totals, 1)
        row.addWidget(self.complete_button)
        for w in (self.title, self.case_label, self.banner, self.area, self.approval_label):
            self.layout_.addWidget(w)
        self.layout_.addLayout(row)

    def product_by_sku(self, sku: str) -> ProductView | None:
        if sku not in self._products:
            from ..services.sales import find_product

            self._products[sku] = find_product(self.desk.require_db(), sku)
        return self._products[sku]

    def start(self, case_no: str, sale: SaleView) -> None:
        from ..services.cases import decision_form

        # Reloaded: other tills may have taken units since the scan, and the refund is
        # prorated after the cases opened before this one, exactly as the service does.
        form_data = decision_form(self.desk.require_db(), self.desk.require_till(), case_no)
        self.case_no, self.sale = case_no, form_data.sale
        sale = self.sale
        self.banner.clear_message()
        self.detail = form_data.detail
        verdicts = form_data.verdicts
        self.overridden = {
            ln.receipt_line_id: ln.inspection is not None and ln.inspection.overridden
            for ln in self.detail.lines
        }
        self.case_label.setText(
            self.tr("Case {0} · {1} · customer wants: {2}").format(
                case_no, tr_label(self.detail.category), tr_label(self.detail.wanted)
            )
        )
        inner = QWidget()
        lay = QVBoxLayout(inner)
        self.forms = []
        for ln in self.detail.lines:
            line = sale.line(ln.receipt_line_id)
            form = LineDecisionForm(
                self,
                sale,
                line,
                ln.qty,
                verdicts[ln.receipt_line_id],
                form_data.exchange_options.get(line.style_code, []),
                ln.inspection,
            )
            lay.addWidget(form)
            self.forms.append(form)
        lay.addStretch(1)
        self.area.setWidget(inner)
        self.first_focus = self.forms[0].resolution if self.forms else self.complete_button
        self.update_totals()

    @Slot()
    def update_totals(self) -> None:
        till, detail, sale = self.desk.till, self.detail, self.sale
        # Nothing to add up before start, nor while start is still adding the forms.
        if till is None or detail is None or sale is None or len(self.forms) != len(detail.lines):
            return
        outcomes = [f.outcome() for f in self.forms]
        refund = sum(o.refund_fen for o in outcomes if o.resolution is Resolution.REFUND)
        self.totals.setText(
            self.tr("Refund in all: {0} to {1}").format(format_fen(refund), tr_label(sale.tender))
        )
        reasons = till.policy.approval_reasons(outcomes)
        zh = self.desk.language != "en"
        if reasons:
            self.approval_label.setText(
                self.tr("Needs a manager's approval: ")
                + " ".join(h.reason_zh if zh else h.reason_en for h in reasons)
            )
            self.approval_label.setStyleSheet("color:#8a5a00;font-weight:600;")
        else:
            self.approval_label.setText(self.tr("Within the policy: no approval needed."))
            self.approval_label.setStyleSheet("color:#1e5b2a;")

    @Slot()
    def on_complete_clicked(self) -> None:
        if not self.case_no or not self.isEnabled():
            return
        from ..services.cases import decide_case

        if self.detail is not None and self.detail.status is CaseStatus.AWAITING_APPROVAL:
            self.ask_approval(self.detail.cashier_id, self.detail.approval_reasons)
            return
        decisions = [f.value() for f in self.forms]
        desk, case_no = self.desk, self.case_no
        db, till, staff = desk.require_db(), desk.require_till(), desk.require_staff()

        def work() -> SubmitResult:
            # One transaction: revised if rejected, decided, submitted, and completed
            # when no approval is needed.
            return decide_case(db, till, staff, case_no, decisions)

        def done(result: SubmitResult) -> None:
            if result.status is CaseStatus.AWAITING_APPROVAL:
                from ..services.cases import case_detail

                self.detail = detail = case_detail(db, case_no)
                self.ask_approval(detail.cashier_id, result.approval_reasons)
            else:
                self.case_finished.emit(case_no)

        self.run_action(work, done)

    def ask_approval(self, cashier_id: int, reasons: tuple[tuple[str, str, str], ...]) -> None:
        from .approval import ApprovalDialog

        dlg = ApprovalDialog(self.desk, self.case_no, cashier_id, reasons, self)
        dlg.setObjectName("approvalDialog")
        dlg.finished.connect(lambda _r: self.window().activateWindow())
        dlg.finished.connect(lambda _r: self.on_approval_finished(dlg))
        dlg.open()

    def on_approval_finished(self, dlg: ApprovalDialog) -> None:
        from ..services.cases import case_detail, complete_case

        status = dlg.result_status
        dlg.deleteLater()
        desk, case_no = self.desk, self.case_no
        db = desk.require_db()
        if status is CaseStatus.APPROVED:
            staff = desk.require_staff()
            self.run_action(
                lambda: complete_case(db, staff, case_no),
                lambda _: self.case_finished.emit(case_no),
            )
            return
        self.detail = detail = case_detail(db, case_no)
        if status is CaseStatus.REJECTED:
            note = next(
                (e.reason for e in reversed(detail.timeline) if e.to_status is CaseStatus.REJECTED),
                "",
            )
            self.banner.show_message(
                Level.WARNING,
                self.tr(
                    "The manager rejected this decision: {0}. Change the decision and complete "
                    "again, or cancel the case from the case list."
                ).format(note),
            )
        else:
            self.banner.show_message(
                Level.INFO,
                self.tr(
                    "The case is saved and waits for a manager. Complete again when one is here, "
                    "or find it later in the case list (F3)."
                ),
            )
