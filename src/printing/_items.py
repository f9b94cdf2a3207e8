"""The item table both case documents print: one row per returned item, its facts below
its name, amounts right-aligned; on 80 mm the columns fold into the row."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import units

from ..domain.money import format_fen
from ._canvas import Align
from ._document import Sheet, label_width
from ._flow import GAP, Block, Cell, CellText, Flow

# reportlab's unit constants are untyped; one typed alias keeps mypy strict here.
mm: float = units.mm


@dataclass(frozen=True, slots=True)
class Fact:
    """One thing said about an item.

    Attributes:
        label: its caption, e.g. ``"检验"``; ``""`` for a note without one.
        value: the text; a fact with no value is not printed.
        bold: faux bold (the decision, say).
        amount: on 80 mm paper, the item's amount goes at the right of this row.
    """

    label: str
    value: str
    bold: bool = False
    amount: bool = False


@dataclass(frozen=True, slots=True)
class Item:
    """An item of a case, as a document wants it printed.

    Attributes:
        name: the product's name; it wraps.
        sku: its code.
        size_colour: e.g. ``"M / 白色"``.
        qty: units.
        groups: the facts, in groups. On A4 each group is a table column whose title
            names the group's first fact, so that fact is printed without its caption;
            on 80 mm paper the groups follow one another, a fact per row.
        amount_fen: the item's amount; 0 prints none.
    """

    name: str
    sku: str
    size_colour: str
    qty: int
    groups: tuple[tuple[Fact, ...], ...]
    amount_fen: int


@dataclass(frozen=True, slots=True)
class ItemTable:
    """The captions of an item list, and its A4 columns.

    Attributes:
        heading: above the list, e.g. ``"退货明细（共3件）"``.
        continued: added to the heading where the list continues on a new page.
        item: the product column's title.
        sku: the code's caption.
        size_colour: the size and colour's caption.
        qty: the quantity's caption.
        amount: the amount column's title.
        groups: ``(title, width in points)`` of the A4 column for each of
            :attr:`Item.groups`; the product column takes what is left.
    """

    heading: str
    continued: str
    item: str
    sku: str
    size_colour: str
    qty: str
    amount: str
    groups: tuple[tuple[str, float], ...]


# Between table columns, so a right-aligned number never touches the next column.
_CELL_GAP = 3 * mm
_QTY_COL = 11 * mm
_AMOUNT_COL = 22 * mm


def items(flow: Flow, sheet: Sheet, table: ItemTable, entries: Sequence[Item]) -> None:
    """The item list: a block per item, so a page break never splits one.

    The heading goes with the first item. On A4, where the list continues on a new
    page, the heading (with ``table.continued``) and the column titles come again.
    """
    # One number column as wide as the widest number ("12. "), so that every item's
    # name and captions line up, whatever its number.
    number_w = flow.measure(f"{len(entries)}. ", sheet.sizes.item_name)
    flow.new_block()
    if sheet.table:
        columns = _columns(flow, sheet, table, flow.measure(f"{len(entries)}.", sheet.sizes.body))
        _table_head(flow, sheet, table, columns, table.heading)
        lead_flow = flow.sub(left=flow.left, width=flow.width)
        _table_head(lead_flow, sheet, table, columns, table.heading + table.continued)
        lead: Block | None = lead_flow.blocks[0]
    else:
        flow.paragraph(table.heading, size=sheet.sizes.body, bold=True)
        flow.space(0.8 * mm)
        lead = None
    for index, entry in enumerate(entries, start=1):
        if index > 1:
            flow.new_block(lead=lead)
        if sheet.table:
            _item_row(flow, sheet, columns, index, entry)
        else:
            if index > 1:
                flow.rule(dashed=True, weight=0.5)
            _item_rows(flow, sheet, table, number_w, index, entry)


def _item_rows(
    flow: Flow, sheet: Sheet, table: ItemTable, number_w: float, index: int, entry: Item
) -> None:
    """An item on a roll: its name, then one caption and value per row."""
    s = sheet.sizes
    flow.paragraph(
        entry.name, size=s.item_name, bold=True, prefix=f"{index}.", prefix_width=number_w
    )
    facts = [fact for group in entry.groups for fact in group]
    # Captions of facts left out count too: every item's values then line up.
    width = label_width(flow, [table.sku, table.size_colour, *(f.label for f in facts)], s.body)

    def row(label: str, value: str, *, right: str | None = None, bold: bool = False) -> None:
        # Captions hang under the item's name, not under its number.
        flow.pair(
            label, value, size=s.body, label_width=width, indent=number_w, right=right, bold=bold
        )

    row(table.sku, entry.sku)
    row(table.size_colour, entry.size_colour, right=f"{table.qty} {entry.qty}")
    amount = format_fen(entry.amount_fen) if entry.amount_fen else None
    for fact in facts:
        if fact.value:
            row(fact.label, fact.value, right=amount if fact.amount else None, bold=fact.bold)


@dataclass(frozen=True, slots=True)
class _Column:
    title: str
    x: float
    width: float
    align: Align


def _columns(flow: Flow, sheet: Sheet, table: ItemTable, number_w: float) -> list[_Column]:
    """The A4 table's columns: number, product, quantity, one per group, amount.

    ``number_w`` is the widest item number's width; the product column takes what the
    others leave.
    """
    number_w += GAP
    fixed = number_w + _QTY_COL + _AMOUNT_COL + sum(w for _, w in table.groups)
    item_w = flow.width - fixed
    spans: list[tuple[str, float, Align]] = [
        ("", number_w, "left"),
        (table.item, item_w, "left"),
        (table.qty, _QTY_COL, "right"),
    ]
    spans += [(title, w, "left") for title, w in table.groups]
    spans.append((table.amount, _AMOUNT_COL, "right"))
    columns, x = [], 0.0
    for i, (title, w, align) in enumerate(spans):
        # The gap is on the right of every column but the last, whose right edge is the
        # margin: amounts line up with the summary's below.
        gap = 0.0 if i == len(spans) - 1 else (GAP if i == 0 else _CELL_GAP)
        columns.append(_Column(title, x, w - gap, align))
        x += w
    return columns


def _cell(column: _Column, texts: Sequence[CellText]) -> Cell:
    return Cell(column.x, column.width, texts, column.align)


def _table_head(
    flow: Flow, sheet: Sheet, table: ItemTable, columns: list[_Column], heading: str
) -> None:
    s = sheet.sizes
    flow.paragraph(heading, size=s.body, bold=True)
    flow.space(1 * mm)
    flow.cells([_cell(c, [CellText(c.title, s.small, color=sheet.muted)]) for c in columns])
    flow.rule(weight=0.8, before=0.6 * mm, after=0.0)


def _item_row(flow: Flow, sheet: Sheet, columns: list[_Column], index: int, entry: Item) -> None:
    s = sheet.sizes
    number, product, qty, *middle, amount = columns
    code = " · ".join(part for part in (entry.sku, entry.size_colour) if part)
    cells = [
        _cell(number, [CellText(f"{index}.", s.body, fit=True)]),
        _cell(
            product,
            [
                CellText(entry.name, s.item_name, bold=True),
                CellText(code, s.small, color=sheet.muted),
            ],
        ),
        _cell(qty, [CellText(str(entry.qty), s.body)]),
    ]
    for column, group in zip(middle, entry.groups, strict=True):
        texts = []
        for i, fact in enumerate(f for f in group if f.value):
            # The column's title names the group's first fact; the others keep theirs.
            text = fact.value if i == 0 or not fact.label else f"{fact.label} {fact.value}"
            texts.append(CellText(text, s.body if i == 0 else s.small, bold=fact.bold))
        cells.append(_cell(column, texts))
    money = format_fen(entry.amount_fen) if entry.amount_fen else ""
    cells.append(_cell(amount, [CellText(money, s.body, bold=True, fit=True)]))
    flow.cells(cells, pad=1.2 * mm)
    flow.rule(weight=0.4, before=0.0, after=0.0, color=sheet.muted)
