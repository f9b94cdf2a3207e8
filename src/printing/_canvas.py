"""Canvas set-up and text drawing shared by the printed documents."""

from __future__ import annotations

from io import BytesIO
from typing import Literal

from reportlab import rl_config
from reportlab.lib.colors import Color, black
from reportlab.pdfgen.canvas import Canvas

from .. import __version__

# reportlab wraps compressed page streams in ASCII85 by default, for 7-bit mail
# transports of the 1990s; it makes every page 25 % bigger and buys nothing for a file
# that goes to a printer. The setting is process-wide, and reportlab is ours alone here.
rl_config.useA85 = 0

Align = Literal["left", "center", "right"]

# Text render mode 2 is "fill, then stroke the outline". With one font file there is no
# bold face, and a thin outline in the text colour thickens the strokes like a bold
# weight would, without embedding a second 5 MB font. The width is a share of the size
# so that big and small text look equally heavy.
_FAUX_BOLD_MODE = 2
_FAUX_BOLD_STROKE = 0.035


def new_canvas(
    buffer: BytesIO,
    *,
    pagesize: tuple[float, float],
    font_name: str,
    font_size: float,
    title: str,
    subject: str,
) -> Canvas:
    """A canvas whose every default points at the embedded font.

    ``initialFontName`` matters even when every string is drawn with an explicit font:
    reportlab writes the initial font into each page's set-up, and its default,
    Helvetica, would then be listed in the PDF as a font that is not embedded.
    """
    canvas = Canvas(
        buffer,
        pagesize=pagesize,
        initialFontName=font_name,
        initialFontSize=font_size,
        initialLeading=font_size * 1.2,
        pageCompression=1,
        lang="zh-CN",
    )
    canvas.setTitle(title)
    canvas.setSubject(subject)
    canvas.setAuthor("Aftersales Desk")
    canvas.setCreator(f"Aftersales Desk {__version__}")
    return canvas


def draw_text(
    canvas: Canvas,
    x: float,
    baseline: float,
    text: str,
    *,
    font_name: str,
    font_size: float,
    align: Align = "left",
    bold: bool = False,
    color: Color = black,
) -> None:
    """Draw one line of text; ``x`` is its left edge, centre or right edge per ``align``."""
    canvas.setFont(font_name, font_size)
    canvas.setFillColor(color)
    mode = None
    if bold:
        canvas.setStrokeColor(color)
        canvas.setLineWidth(font_size * _FAUX_BOLD_STROKE)
        # Round joins: mitred joins on the sharp corners of CJK strokes show as spikes.
        canvas.setLineJoin(1)
        mode = _FAUX_BOLD_MODE
    if align == "left":
        canvas.drawString(x, baseline, text, mode=mode)
    elif align == "center":
        canvas.drawCentredString(x, baseline, text, mode=mode)
    else:
        canvas.drawRightString(x, baseline, text, mode=mode)
