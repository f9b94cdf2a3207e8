"""A document of a case as it will print, rendered to pictures on a worker thread."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDialog, QLabel, QScrollArea, QVBoxLayout, QWidget

from .problems import document_label

if TYPE_CHECKING:
    from ..ui.desk import Desk


class PreviewDialog(QDialog):
    """Shows the pages of one document of a case; nothing is printed or noted."""

    def __init__(
        self, desk: Desk, case_no: str, document: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("previewDialog")
        self.setWindowTitle(
            self.tr("Preview: {0} of case {1}").format(document_label(document), case_no)
        )
        self.resize(720, 820)
        self.pages: list[QLabel] = []
        self.status = QLabel(self.tr("Rendering…"))
        self.inner = QWidget()
        self.inner_layout = QVBoxLayout(self.inner)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setWidget(self.inner)
        lay = QVBoxLayout(self)
        lay.addWidget(self.status)
        lay.addWidget(area)
        from ..services.cases import case_detail
        from ..services.documents import Document, render_document

        printer = desk.printer_for(document)
        db, till = desk.require_db(), desk.require_till()

        def work() -> list[bytes]:
            from ..printing.preview import render_preview

            detail = case_detail(db, case_no)
            with tempfile.TemporaryDirectory() as tmp:
                pdf = render_document(till, detail, Document(document), printer.paper, Path(tmp))
                return render_preview(pdf)

        desk.call(work, self.show_pages, context=self)

    def show_pages(self, pngs: list[bytes]) -> None:
        for png in pngs:
            pixmap = QPixmap()
            pixmap.loadFromData(png, "PNG")
            page = QLabel()
            page.setPixmap(pixmap)
            page.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            page.setStyleSheet("background:white;border:1px solid #bbb;margin:6px;")
            self.inner_layout.addWidget(page)
            self.pages.append(page)
        self.status.setText(self.tr("{0} page(s)").format(len(pngs)))
