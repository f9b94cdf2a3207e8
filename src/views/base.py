"""What every screen shares: the desk, a message banner, focus on entry, Esc handling."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ..ui.desk import Desk
from ..ui.widgets import MessageBanner


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
