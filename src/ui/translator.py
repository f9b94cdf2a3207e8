"""A QTranslator that reads our ``.ts`` catalogue (see :mod:`aftersales.i18n`)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, QTranslator

from ..i18n import Catalog, catalog


class CatalogTranslator(QTranslator):
    def __init__(self, catalog: Catalog, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._catalog = catalog

    def translate(  # noqa: D102 - Qt override
        self, context: str, source_text: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        # None (a null QString) tells Qt to try the next translator, then the source.
        return self._catalog.get(context, source_text)

    def isEmpty(self) -> bool:  # noqa: N802 - Qt override
        return not self._catalog.messages


_installed: list[CatalogTranslator] = []


def install_translator(app: QCoreApplication, language: str) -> None:
    """Make ``language`` the UI's language (English is the source: no translator)."""
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    if language == "en":
        return
    translator = CatalogTranslator(catalog(language), app)
    app.installTranslator(translator)
    _installed.append(translator)
