"""What every screen shares: the desk, a message banner, focus on entry, Esc handling."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ..ui.desk import Desk
from ..ui.message import Level
from ..ui.widgets import MessageBanner

T = TypeVar("T")


class View(QWidget):
    """A screen of the workflow. Subclasses build their widgets in ``__init__`` and set
    ``self.first_focus``; :meth:`entered` runs each time the screen is shown."""

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk
        self.banner = MessageBanner()
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(16, 12, 16, 12)
        self.first_focus: QWidget | None = None

    def entered(self) -> None:
        if self.first_focus is not None:
            self.first_focus.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        # A field that acted on Enter (moved on, searched, scanned) passes the key up;
        # the screen is where it ends, so it never reaches the window as unhandled.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)

    def handle_back(self) -> bool:
        """Esc pressed: return True if the screen handled it itself."""
        return False

    def set_busy(self, busy: bool) -> None:
        """Grey the screen out while a call runs, so nothing is sent twice."""
        self.setEnabled(not busy)

    def run_action(self, work: Callable[[], T], on_done: Callable[[T], None]) -> None:
        """Run a service call off the UI thread with the screen greyed out; if the service
        refuses the input, say every problem in the banner and stay on the screen."""
        from ..services.cases import CaseRefused
        from .problems import problem_text

        self.set_busy(True)

        def done(result: T) -> None:
            self.set_busy(False)
            on_done(result)

        def failed(exc: BaseException) -> bool:
            self.set_busy(False)
            if isinstance(exc, CaseRefused):
                texts = dict.fromkeys(problem_text(code) for _line, code in exc.problems)
                self.banner.show_message(Level.ERROR, " ".join(texts))
                return True
            return False

        self.desk.call(work, done, failed, context=self)
