"""Printing through Qt's print support: for computers without CUPS's `lp` (Windows' spooler).

Where CUPS's command-line client is present (Linux, macOS), :mod:`aftersales.printing.queues`
sends the PDF itself to the queue. Elsewhere Qt lists the system's printers, and the PDF's
pages, rendered with PDFium at the printer's resolution, are painted on a QPrinter: the
same pages, through the system's own driver. QPainter may paint on a QPrinter from a worker
thread, so this runs off the UI thread like every other print job.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QRectF, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from ..printing.queues import PDFIUM_LOCK, PrintOutcome, PrintProblem

log = logging.getLogger("aftersales.printing")

MAX_DPI = 300  # thermal heads print 203 dpi; office lasers gain nothing above this


def qt_queues() -> list[str]:
    """The printers the system offers (the spooler's on Windows, CUPS's elsewhere)."""
    return list(QPrinterInfo.availablePrinterNames())


def print_pdf_with_qt(
    queue: str | None, pdf: Path, *, copies: int = 1, title: str = ""
) -> PrintOutcome:
    """Print ``pdf`` on the system printer ``queue`` through Qt; the outcome as a code."""
    import pypdfium2  # type: ignore[import-untyped]  # it ships no type information

    if not queue:
        return PrintOutcome("", None, PrintProblem.NO_PRINTER, "")
    info = QPrinterInfo.printerInfo(queue)
    if info.isNull():
        return PrintOutcome(queue, None, PrintProblem.MISSING, f"no printer named {queue!r}")
    printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title or pdf.stem)
    printer.setCopyCount(max(1, copies))
    printer.setFullPage(True)
    try:
        with PDFIUM_LOCK:
            document = pypdfium2.PdfDocument(pdf)
            try:
                sizes = [document.get_page_size(i) for i in range(len(document))]
            finally:
                document.close()
    except Exception as e:  # noqa: BLE001 - a PDF that cannot be read is a failed job
        return PrintOutcome(queue, None, PrintProblem.FAILED, f"cannot read {pdf.name}: {e}")
    width, height = sizes[0]
    printer.setPageSize(
        QPageSize(
            QSizeF(width, height), QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.ExactMatch
        )
    )
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    painter = QPainter()
    if not painter.begin(printer):
        return PrintOutcome(queue, None, PrintProblem.FAILED, "the printer did not start the job")
    try:
        dpi = min(printer.resolution(), MAX_DPI)
        for index in range(len(sizes)):
            if index:
                printer.newPage()
            with PDFIUM_LOCK:
                document = pypdfium2.PdfDocument(pdf)
                try:
                    image = document[index].render(scale=dpi / 72).to_pil().convert("RGB")
                finally:
                    document.close()
            data = image.tobytes()
            qimage = QImage(
                data, image.width, image.height, image.width * 3, QImage.Format.Format_RGB888
            )
            painter.drawImage(QRectF(painter.viewport()), qimage)
    finally:
        painter.end()
    if printer.printerState() == QPrinter.PrinterState.Error:
        return PrintOutcome(queue, None, PrintProblem.FAILED, "the system refused the job")
    log.info("printed %s on %s through Qt", pdf.name, queue)
    return PrintOutcome(queue, None, None, "")
