"""Settings: the screen language, and where this till's data lives."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel

from ..i18n import LANGUAGES
from ..ui.widgets import heading
from .base import View


class SettingsView(View):
    """Signals:
    language_changed(str): the new language code.
    """

    language_changed = Signal(str)

    def __init__(self, desk: Any) -> None:
        super().__init__(desk)
        self.language = QComboBox()
        self.language.setObjectName("language")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(self.language.findData(desk.language))
        self.language.currentIndexChanged.connect(self.on_language_chosen)
        self.data_dir = QLabel(str(desk.paths.data_dir))
        self.data_dir.setWordWrap(True)
        self.head_office = QLabel(self.tr("Not set up yet: cases wait in this till's queue."))
        form = QFormLayout()
        form.addRow(self.tr("Language (语言)"), self.language)
        form.addRow(self.tr("Data folder"), self.data_dir)
        form.addRow(self.tr("Head office"), self.head_office)
        self.layout_.addWidget(heading(self.tr("Settings")))
        self.layout_.addWidget(self.banner)
        self.layout_.addLayout(form)
        self.layout_.addStretch(1)
        self.first_focus = self.language

    @Slot()
    def on_language_chosen(self) -> None:
        lang = self.language.currentData()
        if lang != self.desk.language:
            self.desk.set_language(lang)
            self.language_changed.emit(lang)
