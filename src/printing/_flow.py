"""A tiny top-to-bottom layout for narrow continuous paper.

The slip's page height is only known once everything is laid out (continuous paper is
cut where the content ends), but PDF coordinates start at the bottom of the page. So
the layout is done first, as blocks of rows measured from their own top, and drawn once
the page height is known.

A block is what a page break never splits: a returned item with all its rows, say.
The same blocks are cut into fixed A4 pages just as well (see ``_document``), so one
layout code serves both papers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from reportlab.lib import units
from reportlab.lib.colors import Color, black
from reportlab.pdfbase.pdfmetrics import getAscentDescent
from reportlab.pdfgen.canvas import Canvas

from ._barcode import draw_code128
from ._canvas import Align, draw_text
from ._text import text_width, wrap

# reportlab's unit constants are untyped; one typed alias keeps mypy strict here.
mm: float = units.mm

#: Line height as a multiple of the font size. CJK glyphs fill the whole em, so they
#: need a little more than the 1.2 usual for Latin text to stay apart.
LEADING = 1.3

# Gap between a label column and its value, and between a value and a right-aligned
# amount on the same row.
GAP = 2 * mm

# The fewest rows of a breakable paragraph left alone on a page.
_ORPHAN_ROWS = 2

DrawOp = Callable[[Canvas, float], None]
"""Draws part of a block, given the y of the block's top edge on the page."""


@dataclass(slots=True)
class Block:
    """Rows kept together on one page.

    Attributes:
        height: in points, from the block's top.
        ops: ``(offset, op)``: ``op`` draws with its top ``offset`` points below the
            block's top.
        lead: drawn just above this block when the block is the first on a page after
            the first (a table's column titles, repeated on each page it continues on);
            ``None`` for nothing.
    """

    height: float = 0.0
    ops: list[tuple[float, DrawOp]] = field(default_factory=list)
    lead: Block | None = None

    def draw(self, canvas: Canvas, top: float) -> None:
        """Draw every row, with the block's top edge at ``top``."""
        for offset, op in self.ops:
            op(canvas, top - offset)


class Flow:
    """Stacks rows of text, rules and barcodes into :class:`Block` s.

    Every text row is wrapped to the column it is drawn in, so nothing is wider than
    ``width``: that is what keeps text from running off the paper.

    Args:
        font_name: the registered embedded font.
        left: x of the left edge of the text column.
        width: width of the text column.
    """

    def __init__(self, font_name: str, *, left: float, width: float) -> None:
        self.font_name = font_name
        self.left = left
        self.width = width
        self.blocks: list[Block] = [Block()]
        ascent, descent = getAscentDescent(font_name, 1.0)
        self._ascent = float(ascent)
        self._glyph_height = float(ascent - descent)

    # -- structure ---------------------------------------------------------------------

    def new_block(self, *, lead: Block | None = None) -> None:
        """Start a block; a page break may come before it.

        Args:
            lead: see :attr:`Block.lead`.
        """
        if self.blocks[-1].ops or self.blocks[-1].height:
            self.blocks.append(Block(lead=lead))
        else:
            self.blocks[-1].lead = lead

    def sub(self, *, left: float, width: float) -> Flow:
        """A fresh flow in the same font over another column, for :meth:`embed`."""
        return Flow(self.font_name, left=left, width=width)

    def embed(self, block: Block) -> None:
        """Add the rows of ``block`` (built by another flow, e.g. :meth:`sub`) here."""
        for offset, op in block.ops:
            self._add_at(self.blocks[-1].height + offset, op)
        self.space(block.height)

    def space(self, height: float) -> None:
        """Leave ``height`` points blank."""
        self.blocks[-1].height += height

    def _add(self, height: float, op: DrawOp) -> None:
        block = self.blocks[-1]
        block.ops.append((block.height, op))
        block.height += height

    def _add_at(self, offset: float, op: DrawOp) -> None:
        # ``op`` at ``offset`` below the current block's top, without moving on.
        self.blocks[-1].ops.append((offset, op))

    def row_height(self, size: float) -> float:
        """The height of one text row at ``size`` points."""
        return size * LEADING

    def _baseline(self, size: float) -> float:
        # Distance from a row's top to its baseline, centring the glyphs' full height
        # (ascent + descent) in the row.
        return (size * LEADING - size * self._glyph_height) / 2 + size * self._ascent

    def measure(self, text: str, size: float) -> float:
        """Printed width of ``text`` at ``size`` points."""
        return text_width(text, self.font_name, size)

    # -- rows --------------------------------------------------------------------------

    def paragraph(
        self,
        text: str,
        *,
        size: float,
        align: Align = "left",
        bold: bool = False,
        indent: float = 0.0,
        prefix: str = "",
        prefix_width: float | None = None,
        breakable: bool = False,
        color: Color = black,
    ) -> None:
        """Wrapped text, one row per line.

        Args:
            text: may be long; wrapped to the column.
            size: font size in points.
            align: within the column (after ``indent``).
            bold: faux bold (see ``_canvas``).
            indent: left indent of every row.
            prefix: drawn before the first row (a number such as ``"12."``); later rows
                hang under the text, not under the prefix.
            prefix_width: the width kept for the prefix (so that text after prefixes of
                different widths lines up); by default the prefix's own width.
            breakable: a long text may continue on the next page, between rows; never
                leaving fewer than two rows (or the whole text) on either side of the
                break, as a lone row at the foot or head of a page reads badly.
            color: the text's colour (black unless the paper is not a thermal roll).
        """
        if prefix_width is None:
            prefix_width = self.measure(prefix, size) if prefix else 0.0
        prefix_w = prefix_width
        x0 = self.left + indent + prefix_w
        col = self.width - indent - prefix_w
        lines = wrap(text, self.font_name, size, col)
        for i, line in enumerate(lines):
            if breakable and _ORPHAN_ROWS <= i <= len(lines) - _ORPHAN_ROWS:
                self.new_block()
            x = {"left": x0, "center": x0 + col / 2, "right": x0 + col}[align]
            self._text_op(x, line, size=size, align=align, bold=bold, color=color)
            if i == 0 and prefix:
                self._text_op(self.left + indent, prefix, size=size, bold=bold, color=color)
            self.space(self.row_height(size))

    def _text_op(
        self,
        x: float,
        text: str,
        *,
        size: float,
        bold: bool = False,
        align: Align = "left",
        color: Color = black,
        offset: float | None = None,
    ) -> None:
        """Draw ``text`` in the row that starts at the block's current height.

        ``offset`` puts the row that far below the block's top instead (a table cell).
        """
        font, base = self.font_name, self._baseline(size)

        def op(canvas: Canvas, top: float) -> None:
            draw_text(
                canvas,
                x,
                top - base,
                text,
                font_name=font,
                font_size=size,
                align=align,
                bold=bold,
                color=color,
            )

        if offset is None:
            self._add(0.0, op)
        else:
            self._add_at(offset, op)

    def pair(
        self,
        label: str,
        value: str,
        *,
        size: float,
        label_width: float,
        indent: float = 0.0,
        right: str | None = None,
        bold: bool = False,
        label_color: Color = black,
    ) -> None:
        """A caption and its value in two columns, with an optional amount at the right.

        The value wraps within its column; ``right`` (an amount, a quantity) is
        right-aligned on the first row and the value's column is narrowed to leave room
        for it, so the two never overlap. With no value, ``right`` is the value, wrapped
        and right-aligned in the value's column (the totals' layout).

        Args:
            label: the caption; wrapped in its column if an override makes it too long.
            value: the text; may be long.
            size: font size in points.
            label_width: width of the caption column (including the gap after it).
            indent: left indent of the caption.
            right: right-aligned text, or ``None``.
            bold: faux bold for the whole row.
            label_color: the caption's colour (a grey caption lets the values stand out
                on paper that has grey).
        """
        label_col = min(label_width, (self.width - indent) / 2)
        value_x = self.left + indent + label_col
        value_col = self.left + self.width - value_x
        right_lines: list[str] = []  # beside the label and value, one per row
        right_below: list[str] = []  # on rows of their own, after them
        if right and not value:
            right_lines = wrap(right, self.font_name, size, value_col)
        elif right:
            right_w = self.measure(right, size) + GAP
            if value_col - right_w >= 2 * size:
                value_col -= right_w
                right_lines = [right]
            else:
                # Sharing the row would leave the value less than two characters: give
                # the amount rows of its own rather than squeeze or overlap the text.
                right_below = wrap(right, self.font_name, size, self.width - indent)
        labels = wrap(label, self.font_name, size, label_col - GAP) if label else []
        values = wrap(value, self.font_name, size, value_col)
        right_x = self.left + self.width
        for i in range(max(len(labels), len(values), len(right_lines), 1)):
            if i < len(labels):
                self._text_op(
                    self.left + indent, labels[i], size=size, bold=bold, color=label_color
                )
            if i < len(values):
                self._text_op(value_x, values[i], size=size, bold=bold)
            if i < len(right_lines):
                self._text_op(right_x, right_lines[i], size=size, bold=bold, align="right")
            self.space(self.row_height(size))
        for line in right_below:
            self._text_op(right_x, line, size=size, bold=bold, align="right")
            self.space(self.row_height(size))

    def framed(
        self, inner: Block, *, pad: float, fill: Color, stroke: Color, radius: float = 0.0
    ) -> None:
        """Add ``inner`` (laid out ``pad`` narrower on each side) inside a filled frame.

        Args:
            inner: a block built by a :class:`Flow` whose ``left`` and ``width`` leave
                ``pad`` points on each side of this one's column.
            pad: space between the frame and ``inner``, on every side.
            fill: the frame's background.
            stroke: the frame's line colour.
            radius: corner radius.
        """
        height = inner.height + 2 * pad
        x, width = self.left, self.width

        def frame(canvas: Canvas, top: float) -> None:
            canvas.saveState()
            canvas.setFillColor(fill)
            canvas.setStrokeColor(stroke)
            canvas.setLineWidth(1.2)
            canvas.roundRect(x, top - height, width, height, radius, stroke=1, fill=1)
            canvas.restoreState()
            inner.draw(canvas, top - pad)

        self._add(height, frame)

    def rule(
        self,
        *,
        dashed: bool = False,
        weight: float = 0.6,
        before: float = 1.2 * mm,
        after: float = 1.2 * mm,
        color: Color = black,
    ) -> None:
        """A full-width horizontal line with space above and below.

        Solid black unless told otherwise: thermal printers have no grey, and a
        dithered grey line prints as dots.
        """
        self.space(before)
        x0, x1 = self.left, self.left + self.width

        def op(canvas: Canvas, top: float) -> None:
            canvas.saveState()
            canvas.setLineWidth(weight)
            canvas.setStrokeColor(color)
            if dashed:
                canvas.setDash(2, 2)
            canvas.line(x0, top, x1, top)
            canvas.restoreState()

        self._add(after, op)

    def barcode(self, value: str, *, bar_width: float, bar_height: float) -> None:
        """A Code128 symbol centred on the column; its quiet zones may reach the margins."""
        font, center = self.font_name, self.left + self.width / 2

        def op(canvas: Canvas, top: float) -> None:
            draw_code128(
                canvas,
                value,
                center_x=center,
                bottom=top - bar_height,
                font_name=font,
                bar_width=bar_width,
                bar_height=bar_height,
            )

        self._add(bar_height, op)

    def signatures(
        self, labels: Sequence[str], *, size: float, room: float, per_row: int = 1
    ) -> None:
        """Captions, each followed by a line to sign on, ``per_row`` side by side.

        Each row leaves ``room`` points above it to write in. A caption wider than half
        its column wraps, its last line beside the signing line. Every signing line
        starts the same distance from its caption's left, so stacked lines align.
        """
        col_gap = 3 * GAP
        col_w = (self.width - (per_row - 1) * col_gap) / per_row
        base = self._baseline(size)
        row_h = self.row_height(size)
        all_lines = [wrap(label, self.font_name, size, col_w / 2) or [""] for label in labels]
        caption_w = max((self.measure(lines[-1], size) for lines in all_lines), default=0.0)
        for start in range(0, len(labels), per_row):
            wrapped = all_lines[start : start + per_row]
            extra = max(len(lines) for lines in wrapped) - 1
            self.space(room)
            top = self.blocks[-1].height
            for column, lines in enumerate(wrapped):
                x = self.left + column * (col_w + col_gap)
                # Earlier caption lines above, so the last sits on the signing row.
                first = top + (extra - len(lines) + 1) * row_h
                for i, line in enumerate(lines):
                    self._text_op(x, line, size=size, offset=first + i * row_h)
                x0 = x + caption_w + GAP
                x1 = x + col_w
                line_y = top + extra * row_h + base

                def op(canvas: Canvas, block_top: float, x0: float = x0, x1: float = x1) -> None:
                    canvas.saveState()
                    canvas.setLineWidth(0.6)
                    canvas.setStrokeColor(black)
                    canvas.line(x0, block_top, x1, block_top)
                    canvas.restoreState()

                self._add_at(line_y, op)
            self.space((extra + 1) * row_h)

    def cells(self, cells: Sequence[Cell], *, pad: float = 0.0) -> None:
        """One table row: each cell's texts wrapped to its width and stacked.

        The row is as tall as its tallest cell, plus ``pad`` above and below.
        """
        self.space(pad)
        top = self.blocks[-1].height
        tallest = 0.0
        for cell in cells:
            x0 = self.left + cell.x
            x = {"left": x0, "center": x0 + cell.width / 2, "right": x0 + cell.width}[cell.align]
            y = top
            for part in cell.texts:
                if part.fit:
                    # An amount: one line, made smaller rather than broken in two.
                    w = self.measure(part.text, part.size)
                    size = part.size if w <= cell.width else part.size * cell.width / w
                    lines = [part.text] if part.text else []
                else:
                    size = part.size
                    lines = wrap(part.text, self.font_name, size, cell.width)
                for line in lines:
                    self._text_op(
                        x,
                        line,
                        size=size,
                        bold=part.bold,
                        align=cell.align,
                        color=part.color,
                        offset=y,
                    )
                    y += self.row_height(part.size)
            tallest = max(tallest, y - top)
        self.space(tallest + pad)


@dataclass(frozen=True, slots=True)
class CellText:
    """A paragraph in a table cell.

    Attributes:
        text: wrapped to the cell's width (unless ``fit``).
        size: font size in points.
        bold: faux bold.
        color: the text's colour.
        fit: keep it on one line, smaller if need be (an amount must not break).
    """

    text: str
    size: float
    bold: bool = False
    color: Color = black
    fit: bool = False


@dataclass(frozen=True, slots=True)
class Cell:
    """A table cell: a column of the flow and what goes in it.

    Attributes:
        x: the column's left edge, from the flow's left.
        width: the column's text width (leave the gap to the next column out of it).
        texts: stacked top to bottom.
        align: of every text in the cell.
    """

    x: float
    width: float
    texts: Sequence[CellText]
    align: Align = "left"
