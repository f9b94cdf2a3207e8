"""Pictures of a printed document's pages, for the preview before (or instead of) printing.

The app shows the very PDF that would be printed, rendered to PNG on a worker thread
with PDFium (pypdfium2). PDFium is not thread-safe (pypdfium2 says so: one thread at a
time, across every document), so every call into it holds the process-wide lock; the
PNG encoding, the slow part, runs outside it.

Typical use, on a worker thread::

    pages = render_preview(pdf_path)   # list of PNG bytes, one per page
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

# The one lock for every use of PDFium in the process, shared with the print queues
# (which read a PDF's page size with it).
from .queues import PDFIUM_LOCK as _pdfium_lock


def render_preview(pdf: Path, *, dpi: int = 110) -> list[bytes]:
    """Render every page of ``pdf`` to PNG at ``dpi``.

    Safe to call from any thread, and from several at once (they take turns in PDFium).

    Args:
        pdf: the document.
        dpi: pixels per inch; 110 shows an 80 mm slip about as wide as the paper on a
            common screen.

    Returns:
        PNG bytes per page, in order.

    Raises:
        ValueError: ``dpi`` is not positive.
        OSError: ``pdf`` cannot be read, or is not a PDF PDFium can open.
    """
    if dpi <= 0:
        raise ValueError(f"dpi must be positive, not {dpi}")
    # Imported here, not at the top: the GUI imports this module at start, and PDFium is
    # only needed once a preview is asked for.
    import pypdfium2  # type: ignore[import-untyped]

    scale = dpi / 72
    images: list[Image.Image] = []
    with _pdfium_lock:
        try:
            document = pypdfium2.PdfDocument(str(pdf))
        except pypdfium2.PdfiumError as exc:
            raise OSError(f"Cannot open {pdf.name} for a preview: {exc}") from exc
        try:
            for index in range(len(document)):
                page = document[index]
                try:
                    bitmap = page.render(scale=scale)
                    try:
                        # to_pil() may share the bitmap's memory: copy it before the
                        # bitmap is freed.
                        images.append(bitmap.to_pil().copy())
                    finally:
                        bitmap.close()
                finally:
                    page.close()
        finally:
            document.close()
    pngs = []
    for image in images:
        buffer = io.BytesIO()
        # Print-resolution metadata, so that an image viewer shows the paper's real size.
        image.save(buffer, format="PNG", dpi=(dpi, dpi))
        pngs.append(buffer.getvalue())
    return pngs
