"""Demo sales receipts for training: print them, then practise scanning with a real scanner.

A trainer prints a stack of these on an office A4 printer, one receipt per page, each
with a boxed training note at the top saying what situation it sets up ("7天内无理由退货",
"已部分退货", "高额（需店长审批）" ...), then hands them to new staff to run through the
desk. The receipt's barcode is what the desk's scan field expects from a real till
receipt, so it is printed larger than a till would (0.4 mm modules, 15 mm high): an
office printer at 300 or 600 dpi and any handheld scanner read it at arm's length.

Every page also says it is a training sample and not proof of purchase.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path

from reportlab.lib import units
from reportlab.lib.colors import Color, HexColor, black
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import getAscentDescent
from reportlab.pdfgen.canvas import Canvas

from ..domain.clock import STORE_TZ
from ..domain.money import format_fen
from ._atomic import write_atomically
from ._barcode import QUIET_MODULES, bars_width, check_code128_value
from ._canvas import Align, draw_text, new_canvas
from ._flow import LEADING, Block, Flow
from ._text import text_width, wrap
from .fonts import ensure_fonts

# reportlab's unit constants are untyped; one typed alias keeps mypy strict here.
mm: float = units.mm

log = logging.getLogger(__name__)

PAGE_WIDTH: float = A4[0]
PAGE_HEIGHT: float = A4[1]
MARGIN = 15 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN

#: Module width: above the 0.33 mm that general-purpose scanners are specified for,
#: with room to spare for a worn toner cartridge.
MODULE = 0.4 * mm
#: The narrowest module we accept when a long value has to be narrowed to fit the page.
MIN_MODULE = 0.33 * mm
BARCODE_HEIGHT = 15 * mm

# The note must stand out even when printed in black and white: a tinted box with a dark
# frame (the tint turns into a light grey on a mono laser printer; the frame stays).
_NOTE_FILL = HexColor("#FFF3BF")
_NOTE_FRAME = HexColor("#B7791F")
_NOTE_INK = HexColor("#7A4A00")
_FLAG_INK = HexColor("#B42318")
_MUTED = HexColor("#555555")
_RULE = HexColor("#999999")

_TEXT = {
    "note_caption": "培训样张 · 练习情境",
    "title": "销售小票",
    "receipt_no": "小票号",
    "sold_at": "日期",
    "tender": "支付方式",
    "col_no": "#",
    "col_item": "商品",
    "col_qty": "数量",
    "col_unit": "单价",
    "col_discount": "优惠",
    "col_paid": "实付",
    "col_flags": "备注",
    "item_count": "件数",
    "total": "合计",
    "paid": "实付",
    "continued": "（续）",
    "footer": "培训样张，不作为购物凭证",
    "page": "第 {page}/{pages} 页",
}

_NOTE_SIZE = 16.0
_STORE_SIZE = 18.0
_TITLE_SIZE = 12.0
_BODY = 10.0
_SMALL = 8.5
_PAD = 4 * mm


@dataclass(frozen=True, slots=True)
class ReceiptDocLine:
    """One line of a demo receipt.

    Attributes:
        name: the product, e.g. ``"纯棉圆领T恤"``.
        sku: its code.
        size: e.g. ``"M"``.
        colour: e.g. ``"白色"``.
        qty: units sold.
        unit_price_fen: the list price of one unit.
        discount_fen: the discount on the whole line.
        paid_fen: what was paid for the whole line.
        flags: what makes the line special for returns, e.g. ``"特价不退"`` or
            ``"贴身衣物"``; printed in red in the notes column.
    """

    name: str
    sku: str
    size: str
    colour: str
    qty: int
    unit_price_fen: int
    discount_fen: int
    paid_fen: int
    flags: str = ""


@dataclass(frozen=True, slots=True)
class ReceiptDoc:
    """A demo receipt and the training situation it sets up.

    Attributes:
        store_name: e.g. ``"上海南京路店"``.
        receipt_no: as printed, e.g. ``"SH01-02-261123-0042"``.
        barcode: the Code128 content the desk's scan field reads, e.g.
            ``"RSH010226112300426"``; printable ASCII.
        sold_at: when it was sold; an aware time is printed in store time
            (``aftersales.domain.clock.STORE_TZ``), a naive one as it is.
        tender_label: e.g. ``"微信支付"``.
        total_fen: the total before discounts.
        paid_fen: what the customer paid.
        lines: the items sold.
        situation: the training note, e.g. ``"7天内无理由退货"``.
    """

    store_name: str
    receipt_no: str
    barcode: str
    sold_at: datetime
    tender_label: str
    total_fen: int
    paid_fen: int
    lines: tuple[ReceiptDocLine, ...]
    situation: str


@dataclass(frozen=True, slots=True)
class _Column:
    title: str
    width: float
    align: Align


# Widths in mm; they add up to the 180 mm between the margins.
_COLUMNS = (
    _Column(_TEXT["col_no"], 8, "left"),
    _Column(_TEXT["col_item"], 60, "left"),
    _Column(_TEXT["col_qty"], 14, "right"),
    _Column(_TEXT["col_unit"], 24, "right"),
    _Column(_TEXT["col_discount"], 22, "right"),
    _Column(_TEXT["col_paid"], 24, "right"),
    _Column(_TEXT["col_flags"], 28, "left"),
)
# Space kept between columns, so right-aligned amounts never touch the next column.
_CELL_GAP = 3 * mm


def render_receipts_pdf(docs: Sequence[ReceiptDoc], path: Path) -> Path:
    """Write the demo receipts as an A4 PDF at ``path``, one receipt per page, atomically.

    A receipt with more lines than fit on a page continues on the next, which repeats
    the note, the header and the barcode, so every page scans.

    Args:
        docs: the receipts, in print order.
        path: the PDF to write; its folder must exist.

    Returns:
        ``path``.

    Raises:
        ValueError: ``docs`` is empty, or a barcode is not printable ASCII or too long
            to print at :data:`MIN_MODULE` across the page. Nothing is written then.
        OSError: the file could not be written.
        FontUnavailableError: the bundled font is missing (a broken install).
    """
    if not docs:
        raise ValueError("No receipts to print")
    font = ensure_fonts()
    # Check every barcode before drawing anything, so a bad one fails the whole print
    # rather than produce a stack with a page missing.
    modules = [_module_for(doc.barcode) for doc in docs]

    buffer = BytesIO()
    canvas = new_canvas(
        buffer,
        pagesize=A4,
        font_name=font,
        font_size=_BODY,
        title="培训用演示小票",
        subject=_TEXT["footer"],
    )
    for doc, module in zip(docs, modules, strict=True):
        _draw_receipt(canvas, doc, font, module)
    canvas.save()
    write_atomically(path, buffer.getvalue())
    log.debug("Rendered %d demo receipt(s)", len(docs))
    return path


def _module_for(value: str) -> float:
    """:data:`MODULE`, narrowed (not below :data:`MIN_MODULE`) if the bars would not fit."""
    check_code128_value(value)
    modules = bars_width(value, bar_width=1.0) + 2 * QUIET_MODULES
    if modules * MODULE <= CONTENT_WIDTH:
        return MODULE
    if modules * MIN_MODULE <= CONTENT_WIDTH:
        return CONTENT_WIDTH / modules
    raise ValueError(f"Barcode {value!r} is too long to print scannably on A4")


# -- one receipt ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Row:
    """A table row, wrapped and measured."""

    line: ReceiptDocLine
    name: list[str]
    detail: list[str]
    flags: list[str]
    height: float


def _draw_receipt(canvas: Canvas, doc: ReceiptDoc, font: str, module: float) -> None:
    rows = [_measure_row(line, font) for line in doc.lines]
    totals = _totals_block(doc, font)
    footer_top = MARGIN + 2 * _row_h(_SMALL)
    # The header's height does not depend on "（续）", so one measure serves every page.
    header_h = _header_block(doc, font, module, continued=False).height
    body_top = PAGE_HEIGHT - MARGIN - header_h - _table_header_height()

    # Paginate first, so that the footer can say "page 1 of 2".
    pages: list[list[_Row]] = [[]]
    room = body_top - footer_top
    for row in rows:
        if pages[-1] and row.height > room:
            pages.append([])
            room = body_top - footer_top
        pages[-1].append(row)
        room -= row.height
    if room < totals.height:
        pages.append([])

    index = 0
    for number, page_rows in enumerate(pages, start=1):
        header = _header_block(doc, font, module, continued=number > 1)
        header.draw(canvas, PAGE_HEIGHT - MARGIN)
        y = PAGE_HEIGHT - MARGIN - header.height
        if page_rows:  # a page of totals only needs no column titles
            y = _draw_table_header(canvas, font, y)
        for row in page_rows:
            index += 1
            y = _draw_row(canvas, font, y, index, row)
        if number == len(pages):
            totals.draw(canvas, y)
        _draw_footer(canvas, font, number, len(pages))
        canvas.showPage()


def _local(moment: datetime) -> datetime:
    # Store time, as on the real receipt (see slip.py); a naive demo time is taken to be
    # store time already.
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment
    return moment.astimezone(STORE_TZ)


def _row_h(size: float) -> float:
    return size * LEADING


def _baseline(top: float, font: str, size: float) -> float:
    # The baseline of a text row whose top is ``top``: the glyphs' full height (ascent
    # plus descent) centred in the row, as on the slip.
    ascent, descent = getAscentDescent(font, size)
    return float(top - ((size * LEADING - (ascent - descent)) / 2 + ascent))


def _fit_size(text: str, font: str, size: float, width: float) -> float:
    """``size``, or smaller if ``text`` (an amount: it must not wrap) is wider than ``width``."""
    w = text_width(text, font, size)
    return size if w <= width else size * width / w


def _header_block(doc: ReceiptDoc, font: str, module: float, *, continued: bool) -> Block:
    """The training note, the store, the receipt's details and its barcode."""
    # The training note: a tinted, framed box across the page.
    note = Flow(font, left=MARGIN + _PAD, width=CONTENT_WIDTH - 2 * _PAD)
    note.paragraph(_TEXT["note_caption"], size=_SMALL, color=_NOTE_INK)
    note.paragraph(doc.situation, size=_NOTE_SIZE, bold=True, color=_NOTE_INK)
    flow = Flow(font, left=MARGIN, width=CONTENT_WIDTH)
    flow.framed(note.blocks[0], pad=_PAD, fill=_NOTE_FILL, stroke=_NOTE_FRAME, radius=2 * mm)
    flow.space(6 * mm)

    # The receipt's own header, as a till would print it.
    flow.paragraph(doc.store_name, size=_STORE_SIZE, align="center", bold=True)
    title = _TEXT["title"] + (_TEXT["continued"] if continued else "")
    flow.paragraph(title, size=_TITLE_SIZE, align="center")
    flow.space(3 * mm)
    info = [
        (_TEXT["receipt_no"], doc.receipt_no),
        (_TEXT["sold_at"], _local(doc.sold_at).strftime("%Y-%m-%d %H:%M")),
        (_TEXT["tender"], doc.tender_label),
    ]
    label_w = max(flow.measure(label, _BODY) for label, _ in info) + 3 * mm
    for label, value in info:
        flow.pair(label, value, size=_BODY, label_width=label_w, label_color=_MUTED)
    flow.space(4 * mm)

    # The barcode, then what it says: the receipt number large, the raw content small
    # (for typing it in when no scanner is at hand).
    flow.barcode(doc.barcode, bar_width=module, bar_height=BARCODE_HEIGHT)
    flow.space(1.5 * mm)
    flow.paragraph(doc.receipt_no, size=_BODY, align="center", bold=True)
    flow.paragraph(doc.barcode, size=_SMALL, align="center", color=_MUTED)
    flow.space(4 * mm)
    return flow.blocks[0]


def _column_x() -> list[tuple[float, float]]:
    """Left and right x of each column's text area."""
    x, spans = MARGIN, []
    for column in _COLUMNS:
        w = column.width * mm
        spans.append((x, x + w - _CELL_GAP))
        x += w
    return spans


def _table_header_height() -> float:
    return _row_h(_BODY) + 2 * mm


def _draw_table_header(canvas: Canvas, font: str, y: float) -> float:
    for column, (x0, x1) in zip(_COLUMNS, _column_x(), strict=True):
        x = x0 if column.align == "left" else x1
        _text(canvas, x, y, column.title, font, _BODY, align=column.align, bold=True)
    y -= _row_h(_BODY) + 1 * mm
    _hline(canvas, y, 0.8, black)
    return y - 1 * mm


def _measure_row(line: ReceiptDocLine, font: str) -> _Row:
    spans = _column_x()
    item_w = spans[1][1] - spans[1][0]
    flags_w = spans[6][1] - spans[6][0]
    name = wrap(line.name, font, _BODY, item_w) or [""]
    detail_text = " · ".join(p for p in (line.sku, line.size, line.colour) if p)
    detail = wrap(detail_text, font, _SMALL, item_w)
    flags = wrap(line.flags, font, _BODY, flags_w)
    body = len(name) * _row_h(_BODY) + len(detail) * _row_h(_SMALL)
    height = max(body, len(flags) * _row_h(_BODY)) + 2 * mm
    return _Row(line, name, detail, flags, height)


def _draw_row(canvas: Canvas, font: str, y: float, index: int, row: _Row) -> float:
    spans = _column_x()
    top = y - 1 * mm
    line = row.line
    cells = (
        str(index),
        None,  # the item column is drawn below, on several rows
        str(line.qty),
        format_fen(line.unit_price_fen),
        format_fen(-line.discount_fen) if line.discount_fen else "—",
        format_fen(line.paid_fen),
        None,
    )
    for column, (x0, x1), cell in zip(_COLUMNS, spans, cells, strict=True):
        if cell is not None:
            x = x0 if column.align == "left" else x1
            size = _fit_size(cell, font, _BODY, x1 - x0)
            _text(canvas, x, top, cell, font, size, align=column.align)
    ty = top
    for text in row.name:
        _text(canvas, spans[1][0], ty, text, font, _BODY, bold=True)
        ty -= _row_h(_BODY)
    for text in row.detail:
        _text(canvas, spans[1][0], ty, text, font, _SMALL, color=_MUTED)
        ty -= _row_h(_SMALL)
    ty = top
    for text in row.flags:
        _text(canvas, spans[6][0], ty, text, font, _BODY, bold=True, color=_FLAG_INK)
        ty -= _row_h(_BODY)
    y -= row.height
    _hline(canvas, y, 0.4, _RULE)
    return y


def _totals_block(doc: ReceiptDoc, font: str) -> Block:
    """Item count, totals and tender, right-aligned under the amounts."""
    width = 70 * mm
    flow = Flow(font, left=PAGE_WIDTH - MARGIN - width, width=width)
    flow.space(3 * mm)
    rows = [
        (_TEXT["item_count"], str(sum(line.qty for line in doc.lines)), _BODY, False),
        (_TEXT["total"], format_fen(doc.total_fen), _BODY, False),
        (_TEXT["paid"], format_fen(doc.paid_fen), _BODY + 2, True),
        (_TEXT["tender"], doc.tender_label, _BODY, False),
    ]
    label_w = max(flow.measure(label, size) for label, _, size, _ in rows) + 3 * mm
    for label, value, size, bold in rows:
        flow.pair(label, "", right=value, size=size, label_width=label_w, bold=bold)
    return flow.blocks[0]


def _draw_footer(canvas: Canvas, font: str, page: int, pages: int) -> None:
    text = _TEXT["footer"]
    if pages > 1:
        text += "    " + _TEXT["page"].format(page=page, pages=pages)
    top = MARGIN + _row_h(_SMALL)
    _text(canvas, PAGE_WIDTH / 2, top, text, font, _SMALL, align="center", color=_MUTED)


# -- drawing helpers -----------------------------------------------------------------


def _text(
    canvas: Canvas,
    x: float,
    top: float,
    text: str,
    font: str,
    size: float,
    *,
    align: Align = "left",
    bold: bool = False,
    color: Color = black,
) -> None:
    """Draw a text row whose top edge is at ``top``."""
    draw_text(
        canvas,
        x,
        _baseline(top, font, size),
        text,
        font_name=font,
        font_size=size,
        align=align,
        bold=bold,
        color=color,
    )


def _hline(canvas: Canvas, y: float, weight: float, color: Color) -> None:
    canvas.saveState()
    canvas.setLineWidth(weight)
    canvas.setStrokeColor(color)
    canvas.line(MARGIN, y, PAGE_WIDTH - MARGIN, y)
    canvas.restoreState()
