"""One case: intake, items with inspection and decision, and its timeline."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
)

from ..domain.clock import STORE_TZ
from ..domain.money import format_fen
from ..domain.states import Action, CaseStatus, can
from ..i18n import QT_TRANSLATE_NOOP
from ..ui.message import Level
from ..ui.widgets import heading, tr_label
from .base import View
from .problems import document_label, print_text

if TYPE_CHECKING:
    from ..services.cases import CaseDetail
    from ..services.documents import PrintResult
    from ..ui.desk import Desk
    from .approval import ApprovalDialog

ACTION_LABELS = {
    "open": QT_TRANSLATE_NOOP("Timeline", "Opened (intake recorded)"),
    "inspect": QT_TRANSLATE_NOOP("Timeline", "Inspected"),
    "liability_override": QT_TRANSLATE_NOOP("Timeline", "Liability overridden"),
    "submit": QT_TRANSLATE_NOOP("Timeline", "Submitted"),
    "request_approval": QT_TRANSLATE_NOOP("Timeline", "Sent for approval"),
    "approve": QT_TRANSLATE_NOOP("Timeline", "Approved"),
    "reject": QT_TRANSLATE_NOOP("Timeline", "Rejected"),
    "revise": QT_TRANSLATE_NOOP("Timeline", "Back to draft for a new decision"),
    "complete": QT_TRANSLATE_NOOP("Timeline", "Completed"),
    "cancel": QT_TRANSLATE_NOOP("Timeline", "Cancelled"),
    "slip_written": QT_TRANSLATE_NOOP("Timeline", "Return slip written"),
    "print": QT_TRANSLATE_NOOP("Timeline", "Printed"),
    "reprint": QT_TRANSLATE_NOOP("Timeline", "Reprinted"),
    "print_failed": QT_TRANSLATE_NOOP("Timeline", "Printing failed"),
}


class CaseDetailView(View):
    """Signals:
    case_finished(str): a case was approved and completed from here.
    continue_requested(str, str): go on with a case (its number) from a step, "inspection"
        for a draft or "decision".
    """

    case_finished = Signal(str)
    continue_requested = Signal(str, str)

    def __init__(self, desk: Desk) -> None:
        super().__init__(desk)
        self.detail: CaseDetail | None = None
        self.title = heading("")
        self.info = QLabel()
        self.info.setObjectName("caseInfo")
        self.info.setWordWrap(True)
        self.lines = QTableWidget(0, 7)
        self.lines.setObjectName("caseLines")
        self.lines.setHorizontalHeaderLabels(
            [
                self.tr("Product"),
                self.tr("Qty"),
                self.tr("Inspection"),
                self.tr("Liability"),
                self.tr("Decision"),
                self.tr("Amount"),
                self.tr("Rule"),
            ]
        )
        self.timeline = QTableWidget(0, 4)
        self.timeline.setObjectName("timeline")
        self.timeline.setHorizontalHeaderLabels(
            [self.tr("When"), self.tr("Who"), self.tr("What"), self.tr("Why")]
        )
        for t in (self.lines, self.timeline):
            t.verticalHeader().setVisible(False)
            t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Free text gets the room; codes, quantities and amounts take what they need.
        for col in (0, 2, 6):
            self.lines.horizontalHeader().setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        self.timeline.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.slip_button = QPushButton(self.tr("Open slip PDF"))
        self.slip_button.clicked.connect(self.on_slip_clicked)
        self.reprint_buttons: dict[str, QPushButton] = {}
        self.preview_buttons: dict[str, QPushButton] = {}
        for document, text, preview in (
            ("slip", self.tr("Reprint slip"), self.tr("Preview slip")),
            ("receipt", self.tr("Reprint receipt"), self.tr("Preview receipt")),
        ):
            b = QPushButton(text)
            b.setObjectName(f"reprint_{document}")
            b.clicked.connect(lambda _c=False, d=document: self.reprint(d))
            self.reprint_buttons[document] = b
            p = QPushButton(preview)
            p.setObjectName(f"preview_{document}")
            p.clicked.connect(lambda _c=False, d=document: self.preview(d))
            self.preview_buttons[document] = p
        self.approve_button = QPushButton(self.tr("Manager approval…"))
        self.approve_button.setObjectName("detailApprove")
        self.approve_button.clicked.connect(self.on_approve_clicked)
        self.continue_button = QPushButton(self.tr("Continue the case"))
        self.continue_button.setObjectName("detailContinue")
        self.continue_button.clicked.connect(self.on_continue_clicked)
        self.cancel_button = QPushButton(self.tr("Cancel case…"))
        self.cancel_button.setObjectName("detailCancel")
        self.cancel_button.clicked.connect(self.on_cancel_clicked)
        row = QHBoxLayout()
        row.addWidget(self.slip_button)
        for document in ("slip", "receipt"):
            row.addWidget(self.preview_buttons[document])
            row.addWidget(self.reprint_buttons[document])
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        row.addWidget(self.continue_button)
        row.addWidget(self.approve_button)
        for w in (
            self.title,
            self.banner,
            self.info,
            QLabel(self.tr("Items")),
            self.lines,
            QLabel(self.tr("Timeline")),
            self.timeline,
        ):
            self.layout_.addWidget(w)
        self.layout_.addLayout(row)

    def start(self, case_no: str) -> None:
        from ..services.cases import CaseNotFound, case_detail

        self.banner.clear_message()
        try:
            self.detail = d = case_detail(self.desk.require_db(), case_no)
        except CaseNotFound:
            self.detail = None
            self.title.setText(case_no)
            self.banner.show_message(
                Level.ERROR, self.tr("Case {0} is not on this till.").format(case_no)
            )
            for t in (self.lines, self.timeline):
                t.setRowCount(0)
            self.info.setText("")
            return
        self.title.setText(self.tr("Case {0} · {1}").format(d.case_no, tr_label(d.status)))
        for conflict in d.conflicts:
            others = ", ".join(no for no in conflict.case_nos if no != d.case_no)
            self.banner.show_message(
                Level.WARNING,
                self.tr(
                    "For review: head office counts {0} returned of line {1} ({2}), but {3} "
                    "were sold. Case {4} returned it too. Do not refund it again; the store "
                    "manager settles this with head office."
                ).format(
                    conflict.returned_qty, conflict.line_no, conflict.sku, conflict.sold_qty, others
                ),
            )
        created = d.created_at.astimezone(STORE_TZ).strftime("%Y-%m-%d %H:%M")
        self.info.setText(
            self.tr(
                "Opened {0} at till {1} by {2} · receipt {3}\nCustomer {4} {5} · {6} · {7} · "
                "wants {8}\n{9}"
            ).format(
                created,
                d.till_no,
                d.cashier_name,
                d.receipt_no,
                d.customer_name,
                d.phone_masked,
                tr_label(d.channel),
                tr_label(d.category),
                tr_label(d.wanted),
                d.description,
            )
        )
        zh = self.desk.language != "en"
        self.lines.setRowCount(len(d.lines))
        for r, ln in enumerate(d.lines):
            i, dec = ln.inspection, ln.decision
            insp = ""
            if i:
                insp = ", ".join(
                    x
                    for x in [
                        self.tr("tags on") if i.tags_attached else self.tr("tags missing"),
                        "" if i.unworn else self.tr("worn"),
                        "" if i.unwashed else self.tr("washed"),
                        self.tr("stains") if i.stains else "",
                        self.tr("odour") if i.odour else "",
                        tr_label(i.damage),
                    ]
                    if x
                )
            amount = 0
            if dec:
                amount = dec.refund_fen or dec.compensation_fen or dec.price_difference_fen
            values = [
                f"{ln.name} {ln.sku} {ln.size} {ln.colour}",
                str(ln.qty),
                insp,
                tr_label(i.liability) if i else "",
                tr_label(dec.resolution) if dec else "",
                format_fen(amount) if dec else "",
                (dec.reason_zh if zh else dec.reason_en) if dec else "",
            ]
            for c, v in enumerate(values):
                item = QTableWidgetItem(v)
                item.setToolTip(v)
                self.lines.setItem(r, c, item)
        self.timeline.setRowCount(len(d.timeline))
        for r, e in enumerate(d.timeline):
            what = self.translate_action(e.action)
            if e.to_status is not None:
                what += f" → {tr_label(e.to_status)}"
            if e.action in ("print", "reprint", "print_failed"):
                job = e.detail
                what += f": {document_label(job.get('document', ''))} → {job.get('printer', '')}"
                if job.get("reprint"):
                    what += f" (#{job['reprint']})"
            for c, v in enumerate(
                [
                    e.at.astimezone(STORE_TZ).strftime("%Y-%m-%d %H:%M:%S"),
                    e.staff_name,
                    what,
                    e.reason,
                ]
            ):
                self.timeline.setItem(r, c, QTableWidgetItem(v))
        self.slip_button.setEnabled(bool(d.slip_path))
        # Documents exist for a case that has its decisions (submitted or later).
        decided = all(ln.decision for ln in d.lines)
        for b in (*self.reprint_buttons.values(), *self.preview_buttons.values()):
            b.setEnabled(decided)
        self.approve_button.setVisible(d.status is CaseStatus.AWAITING_APPROVAL)
        self.cancel_button.setVisible(can(d.status, Action.CANCEL))
        # A draft goes on from the inspection; a case the manager rejected, or one saved
        # as submitted but not completed (the till stopped in between), from the decision.
        self.continue_button.setVisible(
            d.status
            in (CaseStatus.DRAFT, CaseStatus.REJECTED, CaseStatus.SUBMITTED, CaseStatus.APPROVED)
        )
        self.first_focus = next(
            (b for b in (self.approve_button, self.continue_button) if b.isVisible()), self.lines
        )

    def translate_action(self, action: str) -> str:
        from PySide6.QtCore import QCoreApplication

        return QCoreApplication.translate("Timeline", ACTION_LABELS.get(action, action))

    def shown_case(self) -> CaseDetail:
        """The case on the screen, for its buttons (a bug if they act without one)."""
        if self.detail is None:
            raise LookupError("no case is shown")
        return self.detail

    @Slot()
    def on_continue_clicked(self) -> None:
        from ..services.cases import complete_case

        d = self.shown_case()
        if d.status is CaseStatus.DRAFT:
            self.continue_requested.emit(d.case_no, "inspection")
        elif d.status is CaseStatus.REJECTED:
            self.continue_requested.emit(d.case_no, "decision")
        else:  # submitted within the policy, or approved: only completion is left
            desk, case_no = self.desk, d.case_no
            db, staff = desk.require_db(), desk.require_staff()
            desk.call(
                lambda: complete_case(db, staff, case_no),
                lambda _s: self.case_finished.emit(case_no),
                context=self,
            )

    def reprint(self, document: str) -> None:
        """Print a document again, marked 重印 / REPRINT with its count; noted on the case."""
        desk, case_no = self.desk, self.shown_case().case_no
        button = self.reprint_buttons[document]
        button.setEnabled(False)

        def done(result: PrintResult) -> None:
            button.setEnabled(True)
            self.start(case_no)
            level = Level.INFO if result.outcome.ok else Level.ERROR
            self.banner.show_message(level, print_text(document, result.outcome))

        def failed(exc: BaseException) -> bool:
            button.setEnabled(True)
            return False

        desk.print_case_document(case_no, document, done, failed, context=self)

    def preview(self, document: str) -> None:
        from .preview import PreviewDialog

        dlg = PreviewDialog(self.desk, self.shown_case().case_no, document, self)
        dlg.finished.connect(dlg.deleteLater)
        dlg.open()

    @Slot()
    def on_slip_clicked(self) -> None:
        if self.detail is not None and self.detail.slip_path:
            QDesktopServices.openUrl(QUrl.fromLocalFile(self.detail.slip_path))

    @Slot()
    def on_approve_clicked(self) -> None:
        from .approval import ApprovalDialog

        d = self.shown_case()
        dlg = ApprovalDialog(self.desk, d.case_no, d.cashier_id, d.approval_reasons, self)
        dlg.finished.connect(lambda _r: self.window().activateWindow())
        dlg.finished.connect(lambda _r: self.on_approval_finished(dlg))
        dlg.open()

    def on_approval_finished(self, dlg: ApprovalDialog) -> None:
        from ..services.cases import complete_case

        status = dlg.result_status
        dlg.deleteLater()
        desk, case_no = self.desk, self.shown_case().case_no
        if status is CaseStatus.APPROVED:
            db, staff = desk.require_db(), desk.require_staff()
            desk.call(
                lambda: complete_case(db, staff, case_no),
                lambda _s: self.case_finished.emit(case_no),
                context=self,
            )
        else:
            self.start(case_no)

    @Slot()
    def on_cancel_clicked(self) -> None:
        from ..services.cases import cancel_case

        reason, ok = QInputDialog.getText(
            self,
            self.tr("Cancel case"),
            self.tr("Why is the case cancelled? (kept in its timeline)"),
        )
        if not ok or not reason.strip():
            return
        desk, case_no = self.desk, self.shown_case().case_no
        db, staff = desk.require_db(), desk.require_staff()
        desk.call(
            lambda: cancel_case(db, staff, case_no, reason),
            lambda _s: self.start(case_no),
            context=self,
        )
