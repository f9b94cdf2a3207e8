"""Sync: what this till still has to send to head office, what head office refused, and
why, with "Sync now" and, for a refused change, "Try again"."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
)

from ..domain.clock import STORE_TZ
from ..ui.message import Level
from ..ui.widgets import heading
from .base import View

if TYPE_CHECKING:
    from ..ui.desk import Desk
    from ..ui.sync_scheduler import (
        OutboxOverview,
        OutboxRow,
        Reconciled,
        SyncScheduler,
        SyncState,
    )

EVENT_ID = Qt.ItemDataRole.UserRole


class SyncView(View):
    """The outbox as a cashier or IT reads it.

    Attributes:
        scheduler: the window's :class:`~aftersales.ui.sync_scheduler.SyncScheduler`.
    """

    def __init__(self, desk: Desk, scheduler: SyncScheduler) -> None:
        super().__init__(desk)
        self.scheduler = scheduler
        self._asked = False  # "Sync now" or "Try again" pressed: say how it went
        self._loading = 0
        self.title = heading(self.tr("Sync with head office"))
        self.address = QLabel()
        self.address.setObjectName("syncAddress")
        self.address.setWordWrap(True)
        self.address.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.store = QLabel()
        self.store.setObjectName("syncStore")
        self.connection = QLabel()
        self.connection.setObjectName("syncConnection")
        self.connection.setWordWrap(True)
        self.last_success = QLabel()
        self.last_success.setObjectName("syncLastSuccess")
        self.mirror = QLabel()
        self.mirror.setObjectName("syncMirror")
        self.mirror.setWordWrap(True)
        self.reconciled = QLabel()
        self.reconciled.setObjectName("syncReconciled")
        self.reconciled.setWordWrap(True)
        info = QFormLayout()
        info.addRow(self.tr("Head office"), self.address)
        info.addRow(self.tr("Store"), self.store)
        info.addRow(self.tr("Connection"), self.connection)
        info.addRow(self.tr("Last successful sync"), self.last_success)
        info.addRow(self.tr("Head office's data"), self.mirror)
        info.addRow(self.tr("Checked with head office"), self.reconciled)
        self.sync_button = QPushButton(self.tr("Sync now"))
        self.sync_button.setObjectName("syncNow")
        self.sync_button.clicked.connect(self.on_sync_clicked)
        self.running_label = QLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.sync_button)
        buttons.addWidget(self.running_label, 1)

        self.pending_title = QLabel()
        self.pending_title.setObjectName("pendingTitle")
        self.pending = self._table("pendingTable")
        self.pending_more = QLabel()
        self.parked_title = QLabel()
        self.parked_title.setObjectName("parkedTitle")
        self.parked = self._table("parkedTable")
        self.parked.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.parked.itemSelectionChanged.connect(self.on_parked_selection_changed)
        self.retry_button = QPushButton(self.tr("Try again"))
        self.retry_button.setObjectName("retryParked")
        self.retry_button.setToolTip(
            self.tr("Put the selected changes back in the queue and send them now.")
        )
        self.retry_button.clicked.connect(self.on_retry_clicked)
        parked_row = QHBoxLayout()
        parked_row.addWidget(self.parked_title, 1)
        parked_row.addWidget(self.retry_button)

        for w in (self.title, self.banner):
            self.layout_.addWidget(w)
        self.layout_.addLayout(info)
        self.layout_.addLayout(buttons)
        self.layout_.addWidget(self.pending_title)
        self.layout_.addWidget(self.pending, 3)
        self.layout_.addWidget(self.pending_more)
        self.layout_.addLayout(parked_row)
        self.layout_.addWidget(self.parked, 2)
        self.first_focus = self.sync_button
        scheduler.state_changed.connect(self.on_state_changed)
        scheduler.running_changed.connect(self.on_running_changed)
        self.on_running_changed(scheduler.running)
        self._show_state(scheduler.state, None)

    def _table(self, name: str) -> QTableWidget:
        t = QTableWidget(0, 5)
        t.setObjectName(name)
        t.setHorizontalHeaderLabels(
            [
                self.tr("Case"),
                self.tr("Change"),
                self.tr("Made at"),
                self.tr("Attempts"),
                self.tr("Reason"),
            ]
        )
        t.verticalHeader().setVisible(False)
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        t.setWordWrap(False)
        header = t.horizontalHeader()
        for col in range(4):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        return t

    # -- showing -----------------------------------------------------------------------

    def entered(self) -> None:
        super().entered()
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Read the outbox (off the UI thread) and show it."""
        if self.desk.db is None:
            return
        self._loading += 1
        ticket = self._loading

        def done(overview: OutboxOverview) -> None:
            if ticket == self._loading:  # an older read finishing late is dropped
                self._show_overview(overview)

        self.scheduler.read_outbox(done, context=self)

    def _show_overview(self, overview: OutboxOverview) -> None:
        self._show_state(self.scheduler.state, overview.last_sent_at)
        self.pending_title.setText(
            self.tr("Waiting to be sent: {0}").format(overview.pending_total)
        )
        self._fill(self.pending, overview.pending)
        hidden = overview.pending_total - len(overview.pending)
        self.pending_more.setText(
            self.tr("… and {0} more, sent in the order they were made.").format(hidden)
            if hidden > 0
            else ""
        )
        self.pending_more.setVisible(hidden > 0)
        self.parked_title.setText(
            self.tr("Failed, head office refused them: {0}").format(overview.parked_total)
        )
        self._fill(self.parked, overview.parked)
        if overview.parked and not self.parked.selectedItems():
            self.parked.selectRow(0)
        self.on_parked_selection_changed()

    def _fill(self, table: QTableWidget, rows: Sequence[OutboxRow]) -> None:
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            values = [
                row.case_no,
                self.kind_text(row.kind),
                row.created_at.astimezone(STORE_TZ).strftime("%Y-%m-%d %H:%M"),
                str(row.attempts),
                self.reason_text(row.reason, row.detail, row.attempts),
            ]
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if col == 0:
                    item.setData(EVENT_ID, row.event_id)
                if col == 3:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if col == 4:
                    item.setToolTip(f"{value}\n{row.detail}" if row.detail else value)
                table.setItem(r, col, item)

    def _show_state(self, state: SyncState, last_sent_at: datetime | None) -> None:
        office = self.desk.head_office()
        if office is None:
            self.address.setText(
                self.tr("Not set up: open Settings (F9) and enter head office's address.")
            )
        else:
            self.address.setText(office.url)
        till = self.desk.till
        self.store.setText(
            self.tr("{0} {1} · till {2:02d}").format(till.store_code, till.store_name, till.till_no)
            if till is not None
            else self.tr("This till has no store yet.")
        )
        if office is None:
            connection = self.tr("Offline: head office not set up")
        elif state.online is None or not state.configured:
            connection = self.tr("Not tried yet")
        elif state.online:
            connection = self.tr("Online")
        elif state.problem == "unauthorized":
            connection = self.tr("Offline: head office refuses this till's token")
        elif state.problem == "till_in_use":
            connection = self.tr(
                "Offline: this till number is in use by another computer: re-enrol"
            )
        elif state.problem == "server_error":
            connection = self.tr("Offline: head office has a problem, trying again")
        else:
            connection = self.tr("Offline: head office cannot be reached, trying again")
        self.connection.setText(connection)
        when = state.last_success or last_sent_at
        self.last_success.setText(
            when.astimezone(STORE_TZ).strftime("%Y-%m-%d %H:%M:%S")
            if when is not None
            else self.tr("Not yet")
        )

        if state.mirror_at is None:
            mirror = self.tr("Not received yet: this till works on its own data.")
        else:
            mirror = self.tr("Products, staff, sales and policy as of {0}").format(
                state.mirror_at.astimezone(STORE_TZ).strftime("%Y-%m-%d %H:%M")
            )
        if state.pull_problem:
            mirror += " · " + self.tr(
                "the last reply could not be used and was set aside; the till goes on with "
                "this copy"
            )
        self.mirror.setText(mirror)
        self.reconciled.setText(self.reconciled_text(state.reconciled))

    def reconciled_text(self, found: Reconciled | None) -> str:
        """Whether head office still holds what this till sent, and what went again."""
        if found is None:
            return self.tr("Not yet")
        text = self.tr("{0}: head office holds everything this till sent").format(
            found.at.astimezone(STORE_TZ).strftime("%Y-%m-%d %H:%M")
        )
        if found.resent_at is not None:
            text += " · " + self.tr(
                "on {0} head office no longer held {1} change(s) of {2} case(s) it had "
                "taken (restored from a backup?): this till sent them again"
            ).format(
                found.resent_at.astimezone(STORE_TZ).strftime("%Y-%m-%d %H:%M"),
                found.resent_events,
                found.resent_cases,
            )
        return text

    def kind_text(self, kind: str) -> str:
        """A change in plain words."""
        return {
            "case_opened": self.tr("Case opened"),
            "inspection_recorded": self.tr("Inspection recorded"),
            "case_submitted": self.tr("Decision submitted"),
            "approval_requested": self.tr("Approval requested"),
            "case_approved": self.tr("Approved by the manager"),
            "case_rejected": self.tr("Rejected by the manager"),
            "case_completed": self.tr("Case completed"),
            "case_cancelled": self.tr("Case cancelled"),
            "case_revised": self.tr("Case reopened for changes"),
        }.get(kind, kind)

    def reason_text(self, reason: str, detail: str, attempts: int) -> str:
        """Why a change is still here, in plain words (the codes are in the tooltip)."""
        if reason == "":
            return self.tr("Not sent yet") if attempts == 0 else self.tr("Waiting to be sent")
        texts = {
            "unreachable": self.tr("Head office could not be reached; sent when it answers"),
            "server_error": self.tr("Head office had a problem; trying again by itself"),
            "bad_reply": self.tr("Head office's answer was not understood; trying again"),
            "unauthorized": self.tr("Head office refuses this till's token: check Settings"),
            "till_in_use": self.tr("This till number is in use by another computer: re-enrol"),
            "event_id_reused": self.tr(
                "Head office already has this change with other content: call IT support"
            ),
            "sequence_gap": self.tr("Head office lacks this case's earlier changes"),
            "resent": self.tr(
                "Head office no longer holds this change it had taken (restored from a "
                "backup?): sent again"
            ),
            "case_no_malformed": self.tr(
                "Head office cannot read this case's number: call IT support"
            ),
            "case_of_other_store": self.tr(
                "Head office says this case number is another store's: call IT support"
            ),
            "receipt_of_other_store": self.tr(
                "Head office says the sale is another store's: call IT support"
            ),
            "qty_above_sold": self.tr(
                "Head office says more items are returned than the sale holds: call IT support"
            ),
            "amount_above_paid": self.tr(
                "Head office says an amount is more than the customer paid: call IT support"
            ),
            "status_unknown": self.tr(
                "Head office does not know this case's status: call IT support"
            ),
            "status_not_allowed": self.tr(
                "Head office says the case's steps are out of order: call IT support"
            ),
            "too_large": self.tr(
                "Too large for head office or a proxy on the way: call IT support"
            ),
            "refused": self.tr("Head office refused this change ({0}): call IT support"),
        }
        text = texts.get(reason)
        if text is None:
            return detail or reason
        return text.format(detail) if "{0}" in text else text

    # -- acting ------------------------------------------------------------------------

    @Slot(object)
    def on_state_changed(self, state: SyncState) -> None:
        if self._asked:
            self._asked = False
            self._say_result(state)
        if self.isVisible():
            self.refresh()

    @Slot(bool)
    def on_running_changed(self, running: bool) -> None:
        self.sync_button.setEnabled(not running)
        self.running_label.setText(self.tr("Sending…") if running else "")
        self.on_parked_selection_changed()

    @Slot()
    def on_parked_selection_changed(self) -> None:
        self.retry_button.setEnabled(
            bool(self.parked.selectedItems()) and not self.scheduler.running
        )

    @Slot()
    def on_sync_clicked(self) -> None:
        if self.scheduler.running:
            return
        self._asked = True
        self.banner.clear_message()
        self.scheduler.sync_now()

    @Slot()
    def on_retry_clicked(self) -> None:
        rows = sorted({i.row() for i in self.parked.selectedIndexes()})
        # Each row's first cell holds its event id (see _fill), handed back untyped by Qt.
        cells = [self.parked.item(r, 0) for r in rows]
        ids: list[str] = [cell.data(EVENT_ID) for cell in cells if cell is not None]
        if not ids or self.desk.db is None:
            return
        self.retry_button.setEnabled(False)

        def done(n: int) -> None:
            self.banner.show_message(
                Level.INFO, self.tr("{0} change(s) back in the queue: sending now.").format(n)
            )
            self.refresh()
            self._asked = True
            self.scheduler.sync_now()

        self.scheduler.unpark(ids, done, context=self)

    def _say_result(self, state: SyncState) -> None:
        if not state.configured:
            self.banner.show_message(
                Level.WARNING,
                self.tr(
                    "Head office is not set up: open Settings (F9) and enter its address and "
                    "the store's token. Cases stay on this till until then."
                ),
            )
            return
        problem = state.problem
        if problem == "" and state.parked:
            level, text = (
                Level.WARNING,
                self.tr(
                    "Sent {0} change(s). {1} failed: head office refused them, see below."
                ).format(state.sent, state.parked),
            )
        elif problem == "" and state.pending:
            level, text = (
                Level.INFO,
                self.tr("Sent {0} change(s); {1} still waiting, sending on.").format(
                    state.sent, state.pending
                ),
            )
        elif problem == "":
            level, text = (
                Level.INFO,
                self.tr("Sent {0} change(s) to head office. Nothing is waiting.").format(
                    state.sent
                ),
            )
        elif problem == "refused":
            level, text = (
                Level.WARNING,
                self.tr(
                    "Head office refused a change: it is listed under Failed. The others are "
                    "sent on."
                ),
            )
        elif problem == "unauthorized":
            level, text = (
                Level.ERROR,
                self.tr(
                    "Head office refuses this till's token. Nothing was sent and nothing is "
                    "lost: check the token in Settings (F9), or ask head office for a new one."
                ),
            )
        elif problem == "till_in_use":
            level, text = (
                Level.ERROR,
                self.tr(
                    "This till number is in use by another computer: re-enrol. Nothing was "
                    "sent and nothing is lost: the changes stay on this till. Ask IT to enrol "
                    "this computer with another till number, or to release this number if "
                    "the other computer is no longer used."
                ),
            )
        elif problem == "server_error":
            level, text = (
                Level.ERROR,
                self.tr(
                    "Head office has a problem ({0}). Nothing is lost: the changes stay on "
                    "this till and are sent by themselves when it is fixed."
                ).format(state.detail),
            )
        elif problem == "bad_reply":
            level, text = (
                Level.ERROR,
                self.tr(
                    "Head office's answer was not understood. Nothing is lost: the changes "
                    "stay on this till and it tries again by itself. If it goes on, call IT."
                ),
            )
        else:
            level, text = (
                Level.ERROR,
                self.tr(
                    "Head office cannot be reached. Nothing is lost: the changes stay on this "
                    "till and are sent as soon as head office answers again."
                ),
            )
        self.banner.show_message(level, text)
