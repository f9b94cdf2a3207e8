"""The 80 mm return slip (售后退货单) handed to the customer and kept by the store.

The slip goes to an 80 mm thermal receipt printer, on continuous paper: the page is
80 mm wide and exactly as tall as its content, so no paper is fed blank. Its case number
is printed as a Code128 barcode, so that scanning the slip later opens the case.

The service layer fills :class:`SlipData` (every text already translated and formatted,
except money, which is formatted here) and calls :func:`render_slip_80mm` on a worker
thread; the GUI never waits for a PDF.

Typical use::

    path = render_slip_80mm(data, slips_dir / f"{data.case_no}.pdf")
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path
from types import MappingProxyType

from reportlab.lib import units

from ..domain.clock import STORE_TZ
from ..domain.money import format_fen
from ._atomic import write_atomically
from ._barcode import THERMAL_MODULE, bars_width, check_code128_value
from ._canvas import new_canvas
from ._flow import GAP, Block, Flow
from .fonts import ensure_fonts

# reportlab's unit constants are untyped; one typed alias keeps mypy strict here.
mm: float = units.mm

log = logging.getLogger(__name__)

#: 80 mm paper. Its printers print 72 mm of it (576 dots at 203 dpi), centred, which is
#: why the margins are 4 mm and nothing but blank quiet zone may lie outside them.
PAGE_WIDTH = 80 * mm
MARGIN = 4 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN

#: The tallest page we make, 200 in: PDF readers (Acrobat's documented limit) and many
#: printer drivers refuse taller pages. A slip longer than that (some 170 returned
#: items) goes on several pages, split between items, never inside one.
MAX_PAGE_HEIGHT = 14_400.0

BARCODE_HEIGHT = 12 * mm

# Font sizes in points. 9 pt is 25 dots at 203 dpi, a little more than the 24-dot CJK
# font thermal printers use for their own text, so the slip reads like a till receipt.
_STORE = 13.0
_TITLE = 15.0
_CASE_NO = 10.0
_BODY = 9.0
_ITEM_NAME = 9.5
_SMALL = 8.0
_TOTAL = 11.0

#: Default captions, in Chinese. ``SlipData.labels`` may override any of them (a store
#: printing in another language, say); "items_count" and "continued" are format strings.
DEFAULT_SLIP_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "title": "售后退货单",
        "store_code": "门店",
        "phone": "电话",
        "date": "日期",
        "cashier": "收银员",
        "customer": "顾客",
        "receipt_no": "原小票",
        "status": "状态",
        "items": "退货明细",
        "items_count": "（共{qty}件）",
        "sku": "货号",
        "size_colour": "尺码/颜色",
        "qty": "数量",
        "problem": "问题",
        "inspection": "检验",
        "liability": "责任",
        "decision": "处理",
        "refund_total": "退款合计",
        "tender": "退款方式",
        "approver": "审批人",
        "approver_none": "无",
        "rule_reason": "规则说明",
        "customer_signature": "顾客签字",
        "staff_signature": "店员签字",
        "continued": "续 {page}/{pages}",
    }
)


@dataclass(frozen=True, slots=True)
class SlipLine:
    """One returned item as printed.

    Attributes:
        product_name: e.g. ``"纯棉圆领T恤"``; long names wrap.
        sku: the item's code.
        size: e.g. ``"L"``.
        colour: e.g. ``"白色"``.
        qty: units returned on this line.
        problem: the problem's label, e.g. ``"质量问题"``.
        inspection: the inspection summary, e.g. ``"吊牌在 · 未穿着 · 开线"``.
        liability: the liable party's label, e.g. ``"生产商"``.
        decision: the resolution's label: ``"退款"``, ``"换货"``, ``"维修"``, ``"补偿"``
            or ``"拒绝"``.
        amount_fen: the refund, the compensation or the exchange's price difference;
            0 if none (then no amount is printed).
        detail: more about the decision, e.g. ``"换 TS-001-BLK-L，差价 ¥20.00"``.
    """

    product_name: str
    sku: str
    size: str
    colour: str
    qty: int
    problem: str
    inspection: str
    liability: str
    decision: str
    amount_fen: int
    detail: str = ""


@dataclass(frozen=True, slots=True)
class SlipData:
    """Everything printed on a return slip.

    Attributes:
        store_name: e.g. ``"上海南京路店"``.
        store_code: e.g. ``"SH01"``.
        store_phone: e.g. ``"021-6321 8888"``.
        case_no: e.g. ``"SH01-261123-02-0007"``; printable ASCII, as it is also the
            Code128 barcode.
        created_at: when the case was opened; timezone-aware, printed in store time
            (``aftersales.domain.clock.STORE_TZ``).
        cashier_name: who handled the case.
        customer_name: as the customer gave it.
        customer_phone_masked: already masked, e.g. ``"138****5678"``.
        receipt_no: the original sales receipt.
        lines: the returned items, in order.
        refund_total_fen: the total paid back to the customer.
        tender_label: how it is paid back, e.g. ``"微信支付"``.
        approver_name: the manager who approved, or ``None`` if none was needed.
        rule_reason: why the policy allows (or refuses) this; may be long, it wraps.
        status_label: the case's state, e.g. ``"已完成"``.
        labels: caption overrides by key of :data:`DEFAULT_SLIP_LABELS`; ``None`` for
            the Chinese defaults.
    """

    store_name: str
    store_code: str
    store_phone: str
    case_no: str
    created_at: datetime
    cashier_name: str
    customer_name: str
    customer_phone_masked: str
    receipt_no: str
    lines: tuple[SlipLine, ...]
    refund_total_fen: int
    tender_label: str
    approver_name: str | None
    rule_reason: str
    status_label: str
    labels: Mapping[str, str] | None = None


def render_slip_80mm(data: SlipData, path: Path) -> Path:
    """Write the return slip for ``data`` as a PDF at ``path``, atomically.

    Loads the font first if nobody has (about 150 ms, once); after that a slip takes a
    few milliseconds, so call it from a worker thread, never the GUI thread.

    Args:
        data: what to print.
        path: the PDF to write; its folder must exist. An existing file is replaced
            only once the new one is complete.

    Returns:
        ``path``.

    Raises:
        ValueError: ``data`` cannot be printed as given: ``created_at`` is naive,
            ``case_no`` is not printable ASCII, or ``labels`` has unknown keys or bad
            placeholders (all bugs in the caller).
        OSError: the file could not be written (folder missing, disk full...).
        FontUnavailableError: the bundled font is missing (a broken install).
    """
    font = ensure_fonts()
    labels = _merge_labels(data.labels)
    check_code128_value(data.case_no)
    created = _local_time(data.created_at)

    blocks = _compose(data, labels, created, font)
    pages = _paginate(
        blocks, continuation_height=_continuation_block(data, labels, font, 1, 1).height
    )

    buffer = BytesIO()
    canvas = new_canvas(
        buffer,
        pagesize=(PAGE_WIDTH, MAX_PAGE_HEIGHT),
        font_name=font,
        font_size=_BODY,
        title=f"{labels['title']} {data.case_no}",
        subject=data.store_name,
    )
    for number, page in enumerate(pages, start=1):
        if number > 1:
            page = [_continuation_block(data, labels, font, number, len(pages)), *page]
        # Continuous paper: the page ends where the content does.
        height = 2 * MARGIN + sum(block.height for block in page)
        canvas.setPageSize((PAGE_WIDTH, height))
        top = height - MARGIN
        for block in page:
            block.draw(canvas, top)
            top -= block.height
        canvas.showPage()
    canvas.save()
    write_atomically(path, buffer.getvalue())
    log.debug("Rendered slip %s: %d page(s), %d bytes", data.case_no, len(pages), buffer.tell())
    return path


def _merge_labels(overrides: Mapping[str, str] | None) -> Mapping[str, str]:
    if not overrides:
        return DEFAULT_SLIP_LABELS
    unknown = set(overrides) - set(DEFAULT_SLIP_LABELS)
    if unknown:
        # A misspelt key would otherwise leave the Chinese default in a translated slip
        # without anyone noticing.
        raise ValueError(f"Unknown slip label keys: {', '.join(sorted(unknown))}")
    merged = {**DEFAULT_SLIP_LABELS, **overrides}
    # Try the two format strings now, so a bad placeholder fails here, with its key
    # named, rather than as a bare KeyError halfway through the layout.
    for key, fields in (("items_count", {"qty": 1}), ("continued", {"page": 2, "pages": 2})):
        try:
            merged[key].format(**fields)
        except (KeyError, IndexError, ValueError) as exc:
            raise ValueError(
                f"Slip label {key!r} may only use {{{'}, {'.join(fields)}}}: {exc!r}"
            ) from exc
    return merged


def _local_time(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        # A naive time is ambiguous (UTC from the database, or local?): printing the
        # wrong hour on a legal document is worse than refusing.
        raise ValueError("SlipData.created_at must be timezone-aware")
    # Store time, not the till's clock setting: the case number carries the store-time
    # date, and a till left on UTC would otherwise print a slip dated the day before.
    return moment.astimezone(STORE_TZ)


def _label_width(flow: Flow, labels: list[str], size: float) -> float:
    """A caption column as wide as its widest caption, plus the gap."""
    return max(flow.measure(label, size) for label in labels) + GAP


def _barcode_module(case_no: str) -> float:
    """The module width for ``case_no``: 2 printer dots, unless the bars would not fit."""
    modules = bars_width(case_no, bar_width=1.0)
    if modules * THERMAL_MODULE <= CONTENT_WIDTH:
        return THERMAL_MODULE
    # Only a case number far longer than the store-till-counter format gets here. Narrower
    # bars are less sure to scan at 203 dpi, but a barcode cut off by the paper's edge
    # never scans.
    log.warning("Case number %s is too long for a 2-dot barcode; narrowing it", case_no)
    return CONTENT_WIDTH / modules


def _compose(
    data: SlipData, labels: Mapping[str, str], created: datetime, font: str
) -> list[Block]:
    flow = Flow(font, left=MARGIN, width=CONTENT_WIDTH)

    # Header: who, what, and the barcode that brings the case back up when scanned.
    flow.paragraph(data.store_name, size=_STORE, align="center", bold=True)
    contact = f"{labels['store_code']} {data.store_code}    {labels['phone']} {data.store_phone}"
    flow.paragraph(contact, size=_SMALL, align="center")
    flow.space(1.5 * mm)
    flow.paragraph(labels["title"], size=_TITLE, align="center", bold=True)
    flow.space(2.5 * mm)
    # The bars fill at most the 72 mm column; their quiet zones (10 modules, 2.5 mm) lie
    # in the blank margins, which is why the margins are no narrower than that.
    module = _barcode_module(data.case_no)
    flow.barcode(data.case_no, bar_width=module, bar_height=BARCODE_HEIGHT)
    flow.space(0.8 * mm)
    flow.paragraph(data.case_no, size=_CASE_NO, align="center")
    flow.rule()

    header = [
        (labels["date"], created.strftime("%Y-%m-%d %H:%M")),
        (labels["cashier"], data.cashier_name),
        (labels["customer"], f"{data.customer_name}  {data.customer_phone_masked}"),
        (labels["receipt_no"], data.receipt_no),
        (labels["status"], data.status_label),
    ]
    header_w = _label_width(flow, [label for label, _ in header], _BODY)
    for label, value in header:
        flow.pair(label, value, size=_BODY, label_width=header_w)
    flow.rule()

    # Items: one block each, so a page break (on a very long slip) never splits one; the
    # heading goes with the first.
    flow.new_block()
    total_qty = sum(line.qty for line in data.lines)
    heading = labels["items"] + labels["items_count"].format(qty=total_qty)
    flow.paragraph(heading, size=_BODY, bold=True)
    flow.space(0.8 * mm)
    item_keys = ("sku", "size_colour", "problem", "inspection", "liability", "decision")
    # One number column as wide as the widest number ("12. "), so that every item's name
    # and captions line up, whatever its number.
    number_w = flow.measure(f"{len(data.lines)}. ", _ITEM_NAME)
    item_w = _label_width(flow, [labels[k] for k in item_keys], _BODY)

    def item_row(label: str, value: str, *, right: str | None = None, bold: bool = False) -> None:
        # Captions hang under the item's name, not under its number.
        flow.pair(
            label, value, size=_BODY, label_width=item_w, indent=number_w, right=right, bold=bold
        )

    for index, line in enumerate(data.lines, start=1):
        if index > 1:
            flow.new_block()
            flow.rule(dashed=True, weight=0.5)
        flow.paragraph(
            line.product_name, size=_ITEM_NAME, bold=True, prefix=f"{index}.", prefix_width=number_w
        )
        item_row(labels["sku"], line.sku)
        size_colour = " / ".join(part for part in (line.size, line.colour) if part)
        item_row(labels["size_colour"], size_colour, right=f"{labels['qty']} {line.qty}")
        item_row(labels["problem"], line.problem)
        item_row(labels["inspection"], line.inspection)
        item_row(labels["liability"], line.liability)
        amount = format_fen(line.amount_fen) if line.amount_fen else None
        item_row(labels["decision"], line.decision, right=amount, bold=True)
        if line.detail:
            item_row("", line.detail)

    # Totals, with the amounts in one right-aligned column.
    flow.new_block()
    flow.rule(weight=1.2)
    flow.pair(
        labels["refund_total"],
        "",
        right=format_fen(data.refund_total_fen),
        size=_TOTAL,
        label_width=flow.measure(labels["refund_total"], _TOTAL) + GAP,
        bold=True,
    )
    footer = [
        (labels["tender"], data.tender_label),
        (labels["approver"], data.approver_name or labels["approver_none"]),
    ]
    footer_w = _label_width(flow, [label for label, _ in footer], _BODY)
    for label, value in footer:
        flow.pair(label, "", right=value, size=_BODY, label_width=footer_w)
    flow.rule()

    # The policy's reason may run to several lines: it may continue on the next page.
    flow.new_block()
    flow.paragraph(labels["rule_reason"], size=_SMALL, bold=True)
    flow.paragraph(data.rule_reason, size=_SMALL, breakable=True)

    flow.new_block()
    flow.rule()
    flow.signature(labels["customer_signature"], size=_BODY, room=8 * mm)
    flow.signature(labels["staff_signature"], size=_BODY, room=8 * mm)
    return flow.blocks


def _continuation_block(
    data: SlipData, labels: Mapping[str, str], font: str, page: int, pages: int
) -> Block:
    """The header of pages after the first: which case, which page."""
    flow = Flow(font, left=MARGIN, width=CONTENT_WIDTH)
    mark = labels["continued"].format(page=page, pages=pages)
    flow.paragraph(f"{labels['title']}  {data.case_no}  {mark}", size=_SMALL, align="center")
    flow.rule()
    return flow.blocks[0]


def _paginate(blocks: list[Block], *, continuation_height: float) -> list[list[Block]]:
    """Group blocks into pages no taller than :data:`MAX_PAGE_HEIGHT`.

    A block taller than a page on its own still gets a page of its own, taller than the
    limit: splitting inside an item would be worse, and no real item is that long.
    """
    pages: list[list[Block]] = [[]]
    used = 0.0
    for block in blocks:
        limit = MAX_PAGE_HEIGHT - 2 * MARGIN - (continuation_height if len(pages) > 1 else 0.0)
        if pages[-1] and used + block.height > limit:
            pages.append([])
            used = 0.0
        pages[-1].append(block)
        used += block.height
    return pages
