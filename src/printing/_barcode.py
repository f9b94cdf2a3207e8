"""Code128 barcodes drawn as vector bars, in sizes that real scanners read.

reportlab's ``Code128`` widget is used directly (not a raster image): bars stay sharp at
any printer resolution and add only a few hundred bytes to the file.
"""

from __future__ import annotations

from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib import units
from reportlab.lib.colors import black
from reportlab.pdfgen.canvas import Canvas

# reportlab's unit constants are untyped; one typed alias keeps mypy strict here.
mm: float = units.mm

#: Module width for 203 dpi thermal printers: exactly 2 printer dots (203 dpi is 8 dots
#: per mm). A width that is not a whole number of dots (0.3 mm = 2.4 dots) prints bars of
#: uneven width, which is what makes thermal barcodes fail to scan.
THERMAL_MODULE = 0.25 * mm

#: ISO/IEC 15417 asks for a quiet zone of at least 10 modules on each side.
QUIET_MODULES = 10


def check_code128_value(value: str) -> None:
    """Refuse a value that Code128 (sets A/B/C, no extended modes) cannot carry.

    Raises:
        ValueError: ``value`` is empty or has a character outside printable ASCII, such
            as Chinese; it would otherwise be dropped silently from the bars.
    """
    if not value or any(not (32 <= ord(ch) <= 126) for ch in value):
        raise ValueError(f"Code128 can only carry printable ASCII, not {value!r}")


def make_code128(value: str, *, font_name: str, bar_width: float, bar_height: float) -> Code128:
    """Build the widget for ``value`` with quiet zones of :data:`QUIET_MODULES` modules.

    The human-readable line is off: callers print the text themselves, in the embedded
    font and where the layout wants it. ``font_name`` is still set so that nothing ever
    falls back to the widget's default (un-embedded) Courier.

    Args:
        value: printable ASCII (see :func:`check_code128_value`).
        font_name: the registered embedded font.
        bar_width: width of one module, in points.
        bar_height: in points.
    """
    check_code128_value(value)
    quiet = QUIET_MODULES * bar_width
    return Code128(
        value,
        barWidth=bar_width,
        barHeight=bar_height,
        quiet=1,
        # The widget's default quiet zone is at least a quarter inch (6.35 mm) a side,
        # which would not leave room for the bars on 80 mm paper; 10 modules is the
        # standard's minimum and plenty for handheld scanners.
        lquiet=quiet,
        rquiet=quiet,
        humanReadable=0,
        fontName=font_name,
    )


def bars_width(value: str, *, bar_width: float) -> float:
    """The width of the bars alone (without quiet zones) for ``value``, in points."""
    widget = Code128(value, barWidth=bar_width, quiet=0, humanReadable=0)
    return float(widget.width)


def draw_code128(
    canvas: Canvas,
    value: str,
    *,
    center_x: float,
    bottom: float,
    font_name: str,
    bar_width: float,
    bar_height: float,
) -> None:
    """Draw ``value`` as Code128, centred on ``center_x``, the bars' bottom edge at ``bottom``."""
    widget = make_code128(value, font_name=font_name, bar_width=bar_width, bar_height=bar_height)
    canvas.saveState()
    # Bars are filled rectangles in the current fill colour: force black, whatever the
    # caller drew before (the receipts use a coloured training note).
    canvas.setFillColor(black)
    widget.drawOn(canvas, center_x - widget.width / 2, bottom)
    canvas.restoreState()
