"""When the outbox is sent: soon after each change, every minute otherwise, and after a
failure with exponential backoff and full jitter. One drain at a time, off the UI thread.

While backing off because head office could not be reached (or answered with an error),
a cheap health check runs every few seconds; once head office answers again after it was
seen down, the outbox is sent at once instead of at the end of the backoff, which can be
minutes. The system's own "network is back" notice (``QNetworkInformation``, where the
platform has a backend) does the same.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from ..sync.problems import LinkProblem, SyncProblem
from .worker import run_in_background

if TYPE_CHECKING:
    from PySide6.QtNetwork import QNetworkInformation

    from ..sync.outbox import DrainResult
    from ..sync.outbox import LinkCheck as LinkCheck  # what the screens read, named here
    from ..sync.outbox import OutboxOverview as OutboxOverview
    from ..sync.outbox import OutboxRow as OutboxRow
    from ..sync.pull import PullResult
    from ..sync.reconcile import Reconciled as Reconciled
    from .desk import Desk

    # One attempt's outcome, from the worker thread: what sending did, what pulling did
    # (None: not tried, head office being unreachable or refusing the token), the outbox
    # after it, how old the mirror of head office's data is, the last reconciliation, and
    # this till's clock against head office's as last measured (seconds, None: never).
    Attempt = tuple[
        DrainResult,
        PullResult | None,
        OutboxOverview,
        datetime | None,
        Reconciled | None,
        float | None,
    ]

__all__ = ["LinkProblem", "SyncProblem", "SyncScheduler", "SyncState"]

log = logging.getLogger("aftersales.sync")

IDLE_MS = 60_000
SOON_MS = 1_000
PROBE_MS = 5_000
# Problems that a later try can get past by itself (the others need a person).
RETRYABLE = ("unreachable", "server_error", "bad_reply")


@dataclass(frozen=True, slots=True)
class SyncState:
    """Where sending stands after an attempt.

    Attributes:
        configured: head office's address and token are set.
        online: the last attempt reached head office (None: not tried yet).
        pending: events waiting to be sent.
        last_success: when sending last went through (None: not since start, nothing sent).
        problem: the :class:`~aftersales.sync.outbox.SyncProblem` value, or "".
        parked: events head office refused, set aside until someone tries them again.
        sent: events sent by this attempt.
        detail: the technical detail behind ``problem``.
        mirror_at: when this till's copy of head office's data (products, staff, sales,
            policies, returns) was last brought up to date in full; None: never.
        pull_problem: why the last pull was refused (:class:`SyncProblem` value), or "".
        reconciled: the last comparison of what head office holds of this till with what
            it marked sent (:class:`~aftersales.sync.reconcile.Reconciled`); None: never.
        clock_skew_s: this till's clock minus head office's, in seconds, as last measured
            (on any exchange, kept in the database); None: never measured.
    """

    configured: bool
    online: bool | None  # None: not tried yet
    pending: int
    last_success: datetime | None
    problem: str = ""
    parked: int = 0
    sent: int = 0
    detail: str = ""
    mirror_at: datetime | None = None
    pull_problem: str = ""
    reconciled: Reconciled | None = None
    clock_skew_s: float | None = None


class SyncScheduler(QObject):
    """Signals:
    state_changed(object): a :class:`SyncState` after each attempt.
    running_changed(bool): a drain started (True) or ended (False).
    """

    state_changed = Signal(object)
    running_changed = Signal(bool)

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk
        self.failures = 0
        self.running = False
        self.last_success: datetime | None = None
        self.state = SyncState(False, None, 0, None)
        self._again = False  # poked while a drain ran: send again right after it
        self._link_down = False  # head office was seen unreachable since the last success
        self._probing = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.on_timer_timeout)
        self.probe_timer = QTimer(self)
        self.probe_timer.setInterval(PROBE_MS)
        self.probe_timer.timeout.connect(self.on_probe_timer_timeout)
        self._watch_network()

    @property
    def backing_off(self) -> bool:
        """Waiting out a backoff after a failure a later try may get past."""
        return self.failures > 0 and self.state.problem in RETRYABLE

    # -- what the sync screen reads and does (views never call sync themselves) ----------

    def read_outbox(
        self, on_done: Callable[[OutboxOverview], None], context: QObject | None = None
    ) -> None:
        """The unsent events, waiting and parked, read off the UI thread
        (a :class:`~aftersales.sync.outbox.OutboxOverview` to ``on_done``)."""
        from ..sync.outbox import outbox_overview

        db = self.desk.db
        if db is not None:
            self.desk.call(lambda: outbox_overview(db), on_done, context=context)

    def unpark(
        self, event_ids: list[str], on_done: Callable[[int], None], context: QObject | None = None
    ) -> None:
        """Put parked events back in the queue (how many went back, to ``on_done``)."""
        from ..sync.outbox import unpark

        db = self.desk.db
        if db is not None:
            self.desk.call(lambda: unpark(db, event_ids), on_done, context=context)

    def check_link(
        self,
        url: str,
        token: str,
        store_code: str | None,
        on_done: Callable[[LinkCheck], None],
        on_error: Callable[[BaseException], bool | None] | None = None,
        context: QObject | None = None,
    ) -> None:
        """Test head office at ``url`` with ``token`` as this till would use it, off the UI
        thread (a :class:`~aftersales.sync.outbox.LinkCheck` to ``on_done``)."""
        from ..sync.outbox import HeadOffice, check_link

        office = HeadOffice(url, token, self.desk.allow_plain_http, self.desk.ca_file)
        self.desk.call(
            lambda: check_link(office, store_code), on_done, on_error, context, network=True
        )

    # -- triggers ----------------------------------------------------------------------

    @Slot()
    def poke(self) -> None:
        """Something was written (or the settings changed): send soon."""
        self.failures = 0
        if self.running:
            self._again = True
            return
        self.timer.start(SOON_MS)

    @Slot()
    def sync_now(self) -> None:
        """The user asked: send now (or, while a drain runs, once more right after it)."""
        self.failures = 0
        if self.running:
            self._again = True
            return
        self.timer.start(0)

    def _watch_network(self) -> None:
        """Listen to the system's reachability notices, where the platform has them."""
        try:
            from PySide6.QtNetwork import QNetworkInformation

            if not QNetworkInformation.loadDefaultBackend():
                log.info("no network information backend: head office is probed instead")
                return
            info = QNetworkInformation.instance()
        except (ImportError, RuntimeError) as e:
            log.info("network information unavailable: %s", e)
            return
        if info is not None:
            info.reachabilityChanged.connect(self.on_reachability_changed)

    @Slot(object)
    def on_reachability_changed(self, reachability: QNetworkInformation.Reachability) -> None:
        from PySide6.QtNetwork import QNetworkInformation

        if reachability == QNetworkInformation.Reachability.Disconnected:
            self._link_down = True
        elif reachability == QNetworkInformation.Reachability.Online and self.backing_off:
            log.info("the network is back: sending now")
            self._send_now()

    def _send_now(self) -> None:
        self.probe_timer.stop()
        if not self.running:
            self.timer.start(0)

    # -- the health check while backing off ---------------------------------------------

    @Slot()
    def on_probe_timer_timeout(self) -> None:
        from ..sync.outbox import probe

        office = self.desk.head_office()
        if office is None or not self.backing_off:
            self.probe_timer.stop()
            return
        if self.running or self._probing:
            return
        self._probing = True

        def done(ok: bool) -> None:
            self._probing = False
            if not ok:
                self._link_down = True
            elif self._link_down and self.backing_off and not self.running:
                # Back after being away: send now. (A head office whose health check
                # answers while sending fails keeps to the backoff: no hammering it.)
                log.info("head office answers again: sending now")
                self._send_now()

        def failed(exc: BaseException) -> None:
            self._probing = False
            log.warning("health check failed: %r", exc)

        run_in_background(lambda: probe(office), done, failed, self, network=True)

    # -- sending -----------------------------------------------------------------------

    @Slot()
    def on_timer_timeout(self) -> None:
        from ..sync.outbox import DrainResult, backoff_delay, drain, outbox_overview
        from ..sync.pull import mirror_age, pull
        from ..sync.reconcile import due, last_reconciliation, reconcile
        from ..sync.skew import clock_skew

        if self.running:
            self._again = True
            return
        office = self.desk.head_office()
        db = self.desk.db
        if db is None:
            self.timer.start(IDLE_MS)
            return
        self.running = True
        self.running_changed.emit(True)
        if office is None:
            self.probe_timer.stop()

            def counted(view: OutboxOverview) -> None:
                self._finish(
                    IDLE_MS,
                    SyncState(
                        False,
                        None,
                        view.pending_total,
                        self.last_success or view.last_sent_at,
                        parked=view.parked_total,
                    ),
                )

            run_in_background(lambda: outbox_overview(db, limit=0), counted, self._failed, self)
            return

        def done(out: Attempt) -> None:
            result, pulled, view, mirror_at, reconciled, skew = out
            problem = result.problem.value if result.problem else ""
            if pulled is not None and pulled.problem is None:
                if pulled.new_policy is not None or self.desk.till is None:
                    self.desk.reload_context()  # a new policy, or the store's first data
            if result.problem is None:
                self.failures = 0
                self.last_success = result.at
                self._link_down = False
                self.probe_timer.stop()
                delay = IDLE_MS
            else:
                # Backoff, a refusal included: it parked one event, and the others go on
                # after a short wait that grows while refusals go on (an address that is
                # not head office's refuses every request): they are not all parked at once.
                self.failures += 1
                if problem == "unreachable":
                    self._link_down = True
                delay = int(backoff_delay(self.failures) * 1000) + 500
            self._finish(
                delay,
                SyncState(
                    True,
                    problem in ("", "refused"),
                    result.pending,
                    self.last_success or view.last_sent_at,
                    problem,
                    view.parked_total,
                    result.sent,
                    result.detail,
                    mirror_at,
                    pulled.problem.value if pulled is not None and pulled.problem else "",
                    reconciled,
                    skew,
                ),
            )

        till_no = self.desk.till.till_no if self.desk.till is not None else None

        def work() -> Attempt:
            result = drain(db, office)
            pulled = None
            if result.problem not in (SyncProblem.UNREACHABLE, SyncProblem.UNAUTHORIZED):
                # Then bring head office's data back: new sales, staff, a new policy, and
                # what the store's other tills returned.
                pulled = pull(db, office)
            when = due(db) if result.problem is None and till_no is not None else None
            if when is not None and till_no is not None:
                # Does head office still hold what it took? (Not after a restore.)
                found = reconcile(db, office, till_no, compare=when == "compare")
                if found.resent_events:
                    again = drain(db, office)
                    result = DrainResult(
                        result.sent + again.sent,
                        again.pending,
                        again.problem,
                        again.detail,
                        again.at,
                    )
            reconciled = last_reconciliation(db)
            measured = clock_skew(db)
            skew = measured.skew_s if measured is not None else None
            return result, pulled, outbox_overview(db, limit=0), mirror_age(db), reconciled, skew

        run_in_background(work, done, self._failed, self, network=True)

    def _failed(self, exc: BaseException) -> None:
        from ..sync.outbox import backoff_delay

        # Not the network (drain says those as a result): the database, most likely.
        log.warning("sync failed: %r", exc)
        self.failures += 1
        self._finish(int(backoff_delay(self.failures) * 1000) + 500)
        text = self.desk.describe(exc)
        if text is not None:
            self.desk.bridge.error(text)

    def _finish(self, delay_ms: int, state: SyncState | None = None) -> None:
        """The attempt is over: plan the next, then say how it went."""
        self.running = False
        if self._again:
            self._again = False
            delay_ms = SOON_MS
        self.timer.start(delay_ms)
        if state is not None:
            self.state = state
            if not self.backing_off:
                self.probe_timer.stop()
            elif not self.probe_timer.isActive():
                self.probe_timer.start()
            self.state_changed.emit(state)
        self.running_changed.emit(False)
