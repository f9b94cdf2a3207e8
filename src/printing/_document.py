"""What the case documents share, on either paper: masthead, signatures, pages
(the item table is _items).

The return slip (``slip``) and the customer receipt (``customer_receipt``) are both "a
case, printed": a masthead with the case number as a barcode, some facts, the items,
amounts, and page furniture. Each document says *what* it prints, in the terms below
(:class:`Masthead`, :class:`Item`, :class:`ItemTable`, :class:`SummaryRow`), and this
module says *how* that looks on each :class:`Sheet`:

* on the 80 mm roll, everything is one column, each fact on a row of its own, and the
  page is cut where the content ends;
* on A4, the items become a table (amounts in the right-hand column), the summary sits
  on the right, signatures go side by side, and the blocks are cut into pages that each
  carry the case number and "第 x / y 页" at the foot.

Both papers go through the same :class:`~._flow.Flow` blocks, so a page break always
falls between items, never inside one.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path

from reportlab.lib import units
from reportlab.lib.colors import Color, HexColor, black, white
from reportlab.lib.pagesizes import A4 as A4_SIZE

from ..domain.clock import STORE_TZ
from ._atomic import write_atomically
from ._barcode import QUIET_MODULES, THERMAL_MODULE, bars_width
from ._canvas import new_canvas
from ._flow import GAP, Block, Flow
from .paper import Paper

# reportlab's unit constants are untyped; one typed alias keeps mypy strict here.
mm: float = units.mm

log = logging.getLogger(__name__)

#: The tallest continuous page we make, 200 in: PDF readers (Acrobat's documented limit)
#: and many printer drivers refuse taller pages. A longer document goes on several
#: pages, split between items, never inside one.
MAX_CONTINUOUS_HEIGHT = 14_400.0

#: Barcode module on office printers: 1/60 in, a whole number of dots at 300 and 600 dpi
#: (5 and 10), above the 0.33 mm general-purpose scanners are specified for, and still
#: 2.5 pixels when a page is scanned or rendered at 150 dpi.
OFFICE_MODULE = 25.4 / 60 * mm


@dataclass(frozen=True, slots=True)
class Sizes:
    """Font sizes in points for one paper."""

    store: float
    title: float
    case_no: float
    body: float
    item_name: float
    small: float
    total: float
    mark: float


@dataclass(frozen=True, slots=True)
class Sheet:
    """The geometry and type sizes of one paper.

    Attributes:
        paper: which paper this is.
        width: of the page, in points.
        height: of every page (A4), or the tallest page (a continuous roll).
        continuous: the page is cut where the content ends.
        margin: on every side; nothing but a barcode's quiet zone lies outside it.
        module: the barcode's module width.
        barcode_height: the bars' height.
        sizes: font sizes.
        signatures_per_row: signing lines side by side.
        signature_room: blank height above a signing line, to write in.
        muted: colour for secondary text (black on thermal paper, which has no grey).
        table: items as a table with column titles (A4), else one fact per row.
    """

    paper: Paper
    width: float
    height: float
    continuous: bool
    margin: float
    module: float
    barcode_height: float
    sizes: Sizes
    signatures_per_row: int
    signature_room: float
    muted: Color
    table: bool

    @property
    def content_width(self) -> float:
        """The width between the margins."""
        return self.width - 2 * self.margin


#: 80 mm paper. Its printers print 72 mm of it (576 dots at 203 dpi), centred, which is
#: why the margins are 4 mm. 9 pt body text is 25 dots at 203 dpi, a little more than the
#: 24-dot CJK font thermal printers use for their own text.
THERMAL = Sheet(
    paper=Paper.THERMAL_80,
    width=80 * mm,
    height=MAX_CONTINUOUS_HEIGHT,
    continuous=True,
    margin=4 * mm,
    module=THERMAL_MODULE,
    barcode_height=12 * mm,
    sizes=Sizes(
        store=13.0,
        title=15.0,
        case_no=10.0,
        body=9.0,
        item_name=9.5,
        small=8.0,
        total=11.0,
        mark=11.0,
    ),
    signatures_per_row=1,
    signature_room=8 * mm,
    muted=black,
    table=False,
)

#: A4 portrait, for a store with an office printer.
A4 = Sheet(
    paper=Paper.A4,
    width=float(A4_SIZE[0]),
    height=float(A4_SIZE[1]),
    continuous=False,
    margin=15 * mm,
    module=OFFICE_MODULE,
    barcode_height=15 * mm,
    sizes=Sizes(
        store=18.0,
        title=16.0,
        case_no=11.0,
        body=10.0,
        item_name=10.0,
        small=8.5,
        total=12.0,
        mark=13.0,
    ),
    signatures_per_row=3,
    signature_room=12 * mm,
    muted=HexColor("#555555"),
    table=True,
)


def sheet_for(paper: Paper | str) -> Sheet:
    """The :class:`Sheet` for ``paper`` (a :class:`Paper` or its stored value).

    Raises:
        ValueError: ``paper`` is not a known paper.
    """
    return {Paper.THERMAL_80: THERMAL, Paper.A4: A4}[Paper(paper)]


def store_time(moment: datetime, what: str) -> datetime:
    """``moment`` in store time (``STORE_TZ``).

    Store time, not the till's clock setting: the case number carries the store-time
    date, and a till left on UTC would otherwise print a document dated the day before.

    Raises:
        ValueError: ``moment`` is naive. A naive time is ambiguous (UTC from the
            database, or local?): printing the wrong hour on a legal document is worse
            than refusing. ``what`` names the field in the message.
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware")
    return moment.astimezone(STORE_TZ)


def check_format(key: str, text: str, **fields: object) -> None:
    """Try the caption ``text`` (a format string) with sample ``fields``.

    A bad placeholder then fails here, with its key named, rather than as a bare
    KeyError halfway through the layout.

    Raises:
        ValueError: ``text`` uses a placeholder other than ``fields``.
    """
    try:
        text.format(**fields)
    except (KeyError, IndexError, ValueError) as exc:
        raise ValueError(
            f"Caption {key!r} may only use {{{'}, {'.join(fields)}}}: {exc!r}"
        ) from exc


def barcode_module(case_no: str, sheet: Sheet) -> float:
    """The sheet's module for ``case_no``, narrowed only if the bars would not fit."""
    modules = bars_width(case_no, bar_width=1.0)
    # On a roll the quiet zones may lie in the blank margins; on A4 they must fit too.
    if not sheet.continuous:
        modules += 2 * QUIET_MODULES
    if modules * sheet.module <= sheet.content_width:
        return sheet.module
    # Only a case number far longer than the store-till-counter format gets here.
    # Narrower bars are less sure to scan, but bars cut off by the paper's edge never do.
    log.warning("Case number %s is too long for the usual barcode module; narrowing it", case_no)
    return sheet.content_width / modules


def label_width(flow: Flow, labels: Sequence[str], size: float) -> float:
    """A caption column as wide as its widest caption, plus the gap."""
    return max((flow.measure(label, size) for label in labels), default=0.0) + GAP


# -- the parts ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Masthead:
    """The top of a document's first page.

    Attributes:
        store_name: large and centred.
        contact: the line under it (store code, phone).
        title: the document's name, e.g. ``"售后退货单"``.
        case_no: printed as Code128 and as text.
        reprint: the reprint mark's text, or ``None`` on an original.
        subtitle: under the title, e.g. ``"顾客联"``; ``""`` for none.
    """

    store_name: str
    contact: str
    title: str
    case_no: str
    reprint: str | None
    subtitle: str = ""


def reprint_mark(flow: Flow, sheet: Sheet, text: str | None) -> None:
    """The reprint mark, white on a black band across the column: it cannot be missed.

    Black, not a colour, so that it prints the same on a thermal roll and a mono laser.
    """
    if not text:
        return
    pad = 1.2 * mm
    inner = flow.sub(left=flow.left + pad, width=flow.width - 2 * pad)
    inner.paragraph(text, size=sheet.sizes.mark, align="center", bold=True, color=white)
    flow.framed(inner.blocks[0], pad=pad, fill=black, stroke=black, radius=1 * mm)
    flow.space(2 * mm)


def masthead(flow: Flow, sheet: Sheet, head: Masthead) -> None:
    """Reprint mark, store, title, and the barcode that brings the case back up."""
    s = sheet.sizes
    reprint_mark(flow, sheet, head.reprint)
    flow.paragraph(head.store_name, size=s.store, align="center", bold=True)
    flow.paragraph(head.contact, size=s.small, align="center")
    flow.space(1.5 * mm)
    flow.paragraph(head.title, size=s.title, align="center", bold=True)
    if head.subtitle:
        flow.paragraph(head.subtitle, size=s.small, align="center")
    flow.space(2.5 * mm)
    module = barcode_module(head.case_no, sheet)
    flow.barcode(head.case_no, bar_width=module, bar_height=sheet.barcode_height)
    flow.space(0.8 * mm)
    flow.paragraph(head.case_no, size=s.case_no, align="center")
    flow.rule()


def facts(flow: Flow, sheet: Sheet, rows: Sequence[tuple[str, str]]) -> None:
    """Captions and values in two columns, the captions as wide as the widest."""
    size = sheet.sizes.body
    width = label_width(flow, [label for label, _ in rows], size)
    for label, value in rows:
        flow.pair(label, value, size=size, label_width=width, label_color=sheet.muted)


# -- totals and signatures -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SummaryRow:
    """A caption with its value (an amount, a tender, a date) flush right.

    Attributes:
        label: the caption.
        value: right-aligned, in the amounts' column.
        strong: larger and bold (a total).
    """

    label: str
    value: str
    strong: bool = False


#: On A4 the summary takes the right of the page, under the amounts, as on an invoice.
_A4_SUMMARY_WIDTH = 95 * mm


def summary(flow: Flow, sheet: Sheet, rows: Sequence[SummaryRow], *, note: str = "") -> None:
    """Totals and the like: values right-aligned at the right margin, under the amounts.

    ``note`` (a promise about the amounts, say) goes under the rows, in their column.
    """
    if sheet.table:
        region = flow.sub(left=flow.left + flow.width - _A4_SUMMARY_WIDTH, width=_A4_SUMMARY_WIDTH)
    else:
        region = flow
    for row in rows:
        size = sheet.sizes.total if row.strong else sheet.sizes.body
        region.pair(
            row.label,
            "",
            right=row.value,
            size=size,
            label_width=region.measure(row.label, size) + GAP,
            bold=row.strong,
        )
    if note:
        region.space(0.8 * mm)
        region.paragraph(note, size=sheet.sizes.small)
    if region is not flow:
        flow.embed(region.blocks[0])


def signatures(flow: Flow, sheet: Sheet, labels: Sequence[str]) -> None:
    """Signing lines: stacked on a roll, side by side on A4."""
    flow.signatures(
        labels,
        size=sheet.sizes.body,
        room=sheet.signature_room,
        per_row=sheet.signatures_per_row,
    )


# -- pages -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Chrome:
    """What a document repeats on its pages, in its own words.

    Attributes:
        store_name: for the running head on A4.
        title: the document's name.
        case_no: on every page.
        reprint: the reprint mark's text, or ``None`` on an original.
        continued: a roll's running head, a format string with ``{page}`` and
            ``{pages}``, e.g. ``"续 {page}/{pages}"``.
        page: an A4 page's number, a format string with ``{page}`` and ``{pages}``,
            e.g. ``"第 {page} / {pages} 页"``.
    """

    store_name: str
    title: str
    case_no: str
    reprint: str | None
    continued: str
    page: str


def _running_head(flow: Flow, sheet: Sheet, chrome: Chrome, page: int, pages: int) -> Block:
    """The top of every page after the first: the reprint mark and which case it is."""
    reprint_mark(flow, sheet, chrome.reprint)
    if sheet.continuous:
        mark = chrome.continued.format(page=page, pages=pages)
        flow.paragraph(
            f"{chrome.title}  {chrome.case_no}  {mark}", size=sheet.sizes.small, align="center"
        )
    else:
        head = f"{chrome.store_name}  {chrome.title}"
        flow.pair(
            head,
            "",
            right=chrome.case_no,
            size=sheet.sizes.body,
            label_width=flow.measure(head, sheet.sizes.body) + GAP,
            bold=True,
        )
    flow.rule()
    return flow.blocks[0]


def _foot(flow: Flow, sheet: Sheet, chrome: Chrome, page: int, pages: int) -> Block:
    """The bottom of every A4 page: which case, which page."""
    flow.rule(weight=0.4, before=0.0, color=sheet.muted)
    left = f"{chrome.title}  {chrome.case_no}"
    flow.pair(
        left,
        "",
        right=chrome.page.format(page=page, pages=pages),
        size=sheet.sizes.small,
        label_width=flow.measure(left, sheet.sizes.small) + GAP,
        label_color=sheet.muted,
    )
    return flow.blocks[0]


def paginate(blocks: Sequence[Block], *, first: float, later: float) -> list[list[Block]]:
    """Group blocks into pages with ``first`` points of room on page 1, ``later`` after.

    A block that begins a page after the first brings its :attr:`Block.lead`. A block
    taller than a page on its own still gets a page of its own (running over the foot):
    splitting inside an item would be worse, and no real item is that long.
    """
    pages: list[list[Block]] = [[]]
    used = 0.0
    for block in blocks:
        room = first if len(pages) == 1 else later
        if pages[-1] and used + block.height > room:
            pages.append([])
            used = 0.0
        if not pages[-1] and len(pages) > 1 and block.lead is not None:
            pages[-1].append(block.lead)
            used += block.lead.height
        pages[-1].append(block)
        used += block.height
    return pages


def render(
    path: Path,
    sheet: Sheet,
    flow: Flow,
    chrome: Chrome,
    *,
    subject: str,
) -> Path:
    """Cut ``flow``'s blocks into pages of ``sheet``, add the chrome, write ``path``.

    Returns:
        ``path``, written atomically.

    Raises:
        OSError: the file could not be written.
    """
    font = flow.font_name

    def column() -> Flow:
        return Flow(font, left=sheet.margin, width=sheet.content_width)

    def head(page: int, pages: int) -> Block:
        return _running_head(column(), sheet, chrome, page, pages)

    def foot(page: int, pages: int) -> Block | None:
        return None if sheet.continuous else _foot(column(), sheet, chrome, page, pages)

    room = sheet.height - 2 * sheet.margin
    sample_foot = foot(1, 1)
    if sample_foot is not None:
        room -= sample_foot.height + 2 * mm
    # The running head's height does not depend on the page numbers it shows.
    pages = paginate(flow.blocks, first=room, later=room - head(2, 2).height)

    buffer = BytesIO()
    canvas = new_canvas(
        buffer,
        pagesize=(sheet.width, sheet.height),
        font_name=font,
        font_size=sheet.sizes.body,
        title=f"{chrome.title} {chrome.case_no}",
        subject=subject,
    )
    for number, page in enumerate(pages, start=1):
        if number > 1:
            page = [head(number, len(pages)), *page]
        # Continuous paper: the page ends where the content does.
        height = (
            2 * sheet.margin + sum(block.height for block in page)
            if sheet.continuous
            else sheet.height
        )
        canvas.setPageSize((sheet.width, height))
        top = height - sheet.margin
        for block in page:
            block.draw(canvas, top)
            top -= block.height
        bottom = foot(number, len(pages))
        if bottom is not None:
            bottom.draw(canvas, sheet.margin + bottom.height)
        canvas.showPage()
    canvas.save()
    write_atomically(path, buffer.getvalue())
    log.debug(
        "Rendered %s %s on %s: %d page(s), %d bytes",
        chrome.title,
        chrome.case_no,
        sheet.paper.value,
        len(pages),
        buffer.tell(),
    )
    return path
