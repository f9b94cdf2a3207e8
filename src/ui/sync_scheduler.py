"""When the outbox is sent: soon after each change, every minute otherwise, and after a
failure with exponential backoff and full jitter. One drain at a time, off the UI thread."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from .worker import run_in_background

log = logging.getLogger("aftersales.sync")

IDLE_MS = 60_000
SOON_MS = 1_000


@dataclass(frozen=True, slots=True)
class SyncState:
    configured: bool
    online: bool | None  # None: not tried yet
    pending: int
    last_success: datetime | None
    problem: str = ""


class SyncScheduler(QObject):
    """Signals:
    state_changed(object): a :class:`SyncState` after each attempt.
    """

    state_changed = Signal(object)

    def __init__(self, desk: Any) -> None:
        super().__init__()
        self.desk = desk
        self.failures = 0
        self.running = False
        self.last_success: datetime | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.on_timer_timeout)

    @Slot()
    def poke(self) -> None:
        """Something was written (or the settings changed): send soon."""
        self.failures = 0
        self.timer.start(SOON_MS)

    @Slot()
    def on_timer_timeout(self) -> None:
        from ..sync.outbox import backoff_delay, drain

        office = self.desk.head_office()
        db = self.desk.db
        if office is None or db is None or self.running:
            self.state_changed.emit(SyncState(False, None, 0, None))
            self.timer.start(IDLE_MS)
            return
        self.running = True

        def done(result: Any) -> None:
            self.running = False
            if result.problem is None:
                self.failures = 0
                self.last_success = result.at
                self.timer.start(IDLE_MS)
            else:
                self.failures += 1
                self.timer.start(int(backoff_delay(self.failures) * 1000) + 500)
            self.state_changed.emit(
                SyncState(
                    True,
                    result.problem is None,
                    result.pending,
                    self.last_success,
                    result.problem.value if result.problem else "",
                )
            )

        def failed(exc: BaseException) -> None:
            self.running = False
            self.failures += 1
            self.timer.start(int(backoff_delay(self.failures) * 1000) + 500)
            log.warning("sync failed: %r", exc)

        run_in_background(lambda: drain(db, office), done, failed, self)
