"""Running slow work off the UI thread.

:func:`run_in_background` runs a callable on Qt's global thread pool and delivers its
result or its exception back on the UI thread. Work that talks to head office runs on a
pool of its own (``network=True``), so that the cashier's own calls never queue behind a
slow network. Every service call opens its own database
session, so a call is safe to run on any thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar, cast

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger("aftersales.ui")

T = TypeVar("T")

_live: set[_Task] = set()
_network: QThreadPool | None = None
NETWORK_THREADS = 2  # a drain or pull, and a probe or a link check beside it


def _network_pool() -> QThreadPool:
    global _network
    if _network is None:
        _network = QThreadPool()
        _network.setMaxThreadCount(NETWORK_THREADS)
    return _network


class _Task(QObject, QRunnable):
    """One call on the pool.

    Signals:
        succeeded(object): the return value, delivered on the UI thread.
        failed(object): the exception, delivered on the UI thread.
    """

    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, fn: Callable[[], object]) -> None:
        QObject.__init__(self)
        QRunnable.__init__(self)
        self.setAutoDelete(False)
        self._fn = fn

    @Slot()
    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as e:  # noqa: BLE001 - handed to the UI thread as is
            self.failed.emit(e)
        else:
            self.succeeded.emit(result)


def run_in_background(
    fn: Callable[[], T],
    on_done: Callable[[T], None],
    on_error: Callable[[BaseException], None],
    context: QObject | None = None,
    *,
    network: bool = False,
) -> None:
    """Run ``fn()`` on the thread pool (sync's own if ``network``); call
    ``on_done(result)`` or ``on_error(exc)`` on the UI thread afterwards. If ``context``
    (the widget that asked) is gone by then, for example rebuilt in another language, the
    result is dropped: the work itself is done."""
    task = _Task(fn)
    _live.add(task)

    def gone() -> bool:
        return context is not None and not shiboken6.isValid(context)

    def done(result: object) -> None:
        _live.discard(task)
        if not gone():
            # The signal carries fn's own return value, typed `object` on its way through Qt.
            on_done(cast(T, result))

    def error(exc: object) -> None:
        _live.discard(task)
        assert isinstance(exc, BaseException)
        if gone():
            log.warning("a call from a closed screen failed: %r", exc)
            return
        on_error(exc)

    task.succeeded.connect(done)
    task.failed.connect(error)
    (_network_pool() if network else QThreadPool.globalInstance()).start(task)


def busy() -> bool:
    """Whether any background call is still running (tests wait on this)."""
    return bool(_live)
