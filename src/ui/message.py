"""One message bridge: non-UI code reports here and never opens a dialog itself.

Messages sent before the window exists are kept and delivered when it connects.
"""

from __future__ import annotations

import logging
from enum import IntEnum

from PySide6.QtCore import QObject, Signal

log = logging.getLogger("aftersales.message")


class Level(IntEnum):
    INFO = 0
    WARNING = 1
    ERROR = 2


class MessageBridge(QObject):
    """Signals:
    shown(int, str): a level and a translated, user-facing sentence.
    """

    shown = Signal(int, str)

    def __init__(self) -> None:
        super().__init__()
        self._pending: list[tuple[Level, str]] = []
        self._connected = False

    def attach(self) -> None:
        """The window is listening: deliver what was said before it existed."""
        self._connected = True
        pending, self._pending = self._pending, []
        for level, text in pending:
            self.shown.emit(int(level), text)

    def say(self, level: Level, text: str) -> None:
        log.log(
            {Level.INFO: logging.INFO, Level.WARNING: logging.WARNING, Level.ERROR: logging.ERROR}[
                level
            ],
            "%s",
            text,
        )
        if self._connected:
            self.shown.emit(int(level), text)
        else:
            self._pending.append((level, text))

    def info(self, text: str) -> None:
        self.say(Level.INFO, text)

    def warning(self, text: str) -> None:
        self.say(Level.WARNING, text)

    def error(self, text: str) -> None:
        self.say(Level.ERROR, text)
