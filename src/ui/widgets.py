"""Reusable widgets: the scan field, the message banner, small form helpers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from ..i18n import LABEL_CONTEXT, label_source
from .message import Level

E = TypeVar("E", bound=StrEnum)


def tr_label(code: StrEnum) -> str:
    """The translated label of a code (status, category, resolution…)."""
    return QCoreApplication.translate(LABEL_CONTEXT, label_source(code))


class ScanLineEdit(QLineEdit):
    """The field a keyboard-wedge scanner types into.

    The input method is bypassed, so a Chinese IME left switched on cannot swallow the
    letters of a code; a Tab that a scanner sends as its suffix ends the scan like Enter.

    Signals:
        scanned(str): the raw text, when Enter (or a scanner's Tab) ends a scan.
    """

    scanned = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.setInputMethodHints(
            Qt.InputMethodHint.ImhLatinOnly
            | Qt.InputMethodHint.ImhNoPredictiveText
            | Qt.InputMethodHint.ImhNoAutoUppercase
        )
        self.setMaxLength(256)
        self.returnPressed.connect(self._emit)

    def _emit(self) -> None:
        self.scanned.emit(self.text())

    def event(self, ev: QEvent) -> bool:  # noqa: D102 - Qt override
        if (
            isinstance(ev, QKeyEvent)
            and ev.type() == QKeyEvent.Type.KeyPress
            and ev.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
            and self.text()
        ):
            self._emit()
            return True
        return super().event(ev)


class MessageBanner(QLabel):
    """A one-line message in the screen: no dialog to dismiss at a busy counter."""

    _STYLE = {
        Level.INFO: "background:#e8f4ea;color:#1e5b2a;border:1px solid #9fd0a8;",
        Level.WARNING: "background:#fff6dd;color:#6b4e00;border:1px solid #e6c766;",
        Level.ERROR: "background:#fde8e8;color:#8a1c1c;border:1px solid #e39a9a;",
    }

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.clear_message()

    def show_message(self, level: Level, text: str) -> None:
        self.setStyleSheet(self._STYLE[level] + "padding:8px;border-radius:4px;font-size:15px;")
        self.setText(text)
        self.setProperty("level", int(level))
        self.setVisible(True)

    def clear_message(self) -> None:
        self.setText("")
        self.setVisible(False)


class CodeCombo(QComboBox, Generic[E]):
    """A combo box of codes (string enums of one kind) shown by their translated labels.

    Qt turns a ``str`` subclass stored as item data back into a plain ``str``, so the codes
    are kept here rather than in the items.
    """

    def __init__(self, codes: Sequence[E], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._codes: list[E] = []
        self.set_codes(codes)

    def set_codes(self, codes: Sequence[E], suffix: Callable[[E], str] | None = None) -> None:
        self.clear()
        self._codes = list(codes)
        for code in self._codes:
            self.addItem(tr_label(code) + (suffix(code) if suffix else ""))

    def code(self) -> E:
        """The chosen code. Qt chooses the first item as it is added and nothing here
        unchooses it, so a combo box given its codes always has one."""
        i = self.currentIndex()
        if not 0 <= i < len(self._codes):
            raise LookupError(f"no code chosen ({len(self._codes)} codes)")
        return self._codes[i]

    def select(self, code: E | None) -> None:
        if code in self._codes:
            self.setCurrentIndex(self._codes.index(code))


def heading(text: str) -> QLabel:
    lbl = QLabel(text)
    lbl.setStyleSheet("font-size:20px;font-weight:600;margin:4px 0 8px 0;")
    return lbl
