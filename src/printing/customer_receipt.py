"""The customer receipt (售后回执, 顾客联): the customer's proof of what was agreed.

It says what happened to each item (refunded, exchanged, repaired, compensated or
refused), how much is refunded to which tender and by when, the price difference of an
exchange, when a repair will be ready, the store's 48-hour response promise and how to
give feedback. The case number is printed as a Code128 barcode, so that the store finds
the case again when the customer comes back with the receipt.

It carries no customer data at all (no name, no phone number, masked or not): the paper
leaves the store with the customer and may be lost.

Like the return slip it comes on an 80 mm roll or on A4, with the same layout pieces
(see ``_document``). Call :func:`render_customer_receipt` on a worker thread.

Typical use::

    path = render_customer_receipt(data, slips_dir / f"{data.case_no}-customer.pdf")
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import MappingProxyType

from reportlab.lib import units

from ..domain.money import format_fen
from . import _document as doc
from ._barcode import check_code128_value
from ._flow import Flow
from ._items import Fact, Item, ItemTable, items
from .fonts import ensure_fonts
from .paper import Paper

# reportlab's unit constants are untyped; one typed alias keeps mypy strict here.
mm: float = units.mm

#: The captions, in Chinese: the receipt is read by the customer in the store's language.
#: "items_count", "continued", "page" and "reprint" are format strings.
RECEIPT_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "title": "售后回执",
        "subtitle": "顾客联 · 请妥善保管",
        "phone": "门店电话",
        "date": "日期",
        "status": "状态",
        "items": "服务明细",
        "items_count": "（共{qty}件）",
        "items_continued": "（续）",
        "item": "商品",
        "sku": "货号",
        "size_colour": "尺码/颜色",
        "qty": "数量",
        "amount": "金额",
        "resolution": "处理",
        "refunds": "退款",
        "refund_total": "退款合计",
        "exchange_difference": "换货差价",
        "customer_paid": "顾客补付 {amount}",
        "customer_refunded": "退还顾客 {amount}",
        "repair_due": "维修预计完成",
        "continued": "续 {page}/{pages}",
        "page": "第 {page} / {pages} 页",
        "reprint": "重印 / REPRINT 第{n}次",
    }
)

_A4_RESOLUTION_COL = 70 * mm


@dataclass(frozen=True, slots=True)
class CustomerReceiptLine:
    """One item of the case, as the customer sees it.

    Attributes:
        product_name: e.g. ``"纯棉圆领T恤"``; long names wrap.
        sku: the item's code.
        size: e.g. ``"L"``.
        colour: e.g. ``"白色"``.
        qty: units.
        resolution: the resolution's label, e.g. ``"退款"``, ``"换货"``, ``"维修"``,
            ``"补偿"`` or ``"拒绝"``.
        amount_fen: the refund, the compensation or the exchange's price difference;
            0 if none (then no amount is printed).
        detail: more about it, e.g. ``"换 JN011-BLK-L，补差价 ¥20.00"`` or
            ``"预计 2026-12-01 修好"``.
    """

    product_name: str
    sku: str
    size: str
    colour: str
    qty: int
    resolution: str
    amount_fen: int
    detail: str = ""


@dataclass(frozen=True, slots=True)
class CustomerReceiptData:
    """Everything printed on a customer receipt, every text already translated.

    Attributes:
        store_name: e.g. ``"上海南京路店"``.
        store_phone: e.g. ``"021-6321 8888"``.
        case_no: printable ASCII, as it is also the Code128 barcode.
        created_at: timezone-aware; printed in store time
            (``aftersales.domain.clock.STORE_TZ``).
        status_label: the case's state, e.g. ``"已完成"``.
        lines: the items, in order.
        refunds: ``(tender label, fen)`` per tender refunded to; empty if none.
        refund_promise: when the refund arrives, e.g. ``"退款将在5个工作日内退回原支付账户"``;
            printed only with refunds.
        exchange_difference_fen: of all exchanges together: > 0 the customer paid it,
            < 0 it was refunded to the customer, 0 prints nothing.
        repair_due: the promised repair date, e.g. ``"2026-12-01"``, or ``None``.
        response_promise: e.g. ``"我们承诺48小时内答复您的问题"``.
        feedback: how to give feedback, e.g. ``"意见反馈：021-6321 8888 或微信公众号"``.
        reprint: 0 for the original; ``n`` > 0 for the n-th reprint, marked
            "重印 / REPRINT 第n次" at the top (of every page, on A4).
    """

    store_name: str
    store_phone: str
    case_no: str
    created_at: datetime
    status_label: str
    lines: tuple[CustomerReceiptLine, ...]
    refunds: tuple[tuple[str, int], ...]
    refund_promise: str
    exchange_difference_fen: int = 0
    repair_due: str | None = None
    response_promise: str = ""
    feedback: str = ""
    reprint: int = 0


def render_customer_receipt(
    data: CustomerReceiptData, path: Path, paper: Paper = Paper.THERMAL_80
) -> Path:
    """Write the customer receipt for ``data`` on ``paper`` as a PDF at ``path``, atomically.

    Loads the font first if nobody has (about 150 ms, once); after that a receipt takes
    a few milliseconds, so call it from a worker thread, never the GUI thread.

    Args:
        data: what to print.
        path: the PDF to write; its folder must exist. An existing file is replaced
            only once the new one is complete.
        paper: an 80 mm roll (one continuous page) or A4 (as many pages as needed).

    Returns:
        ``path``.

    Raises:
        ValueError: ``created_at`` is naive, ``case_no`` is not printable ASCII, or
            ``paper`` is unknown (bugs in the caller).
        OSError: the file could not be written (folder missing, disk full...).
        FontUnavailableError: the bundled font is missing (a broken install).
    """
    sheet = doc.sheet_for(paper)
    font = ensure_fonts()
    labels = RECEIPT_LABELS
    check_code128_value(data.case_no)
    created = doc.store_time(data.created_at, "CustomerReceiptData.created_at")
    reprint = labels["reprint"].format(n=data.reprint) if data.reprint > 0 else None

    flow = Flow(font, left=sheet.margin, width=sheet.content_width)
    _compose(flow, sheet, data, created, reprint)
    chrome = doc.Chrome(
        store_name=data.store_name,
        title=labels["title"],
        case_no=data.case_no,
        reprint=reprint,
        continued=labels["continued"],
        page=labels["page"],
    )
    return doc.render(path, sheet, flow, chrome, subject=data.store_name)


def _compose(
    flow: Flow,
    sheet: doc.Sheet,
    data: CustomerReceiptData,
    created: datetime,
    reprint: str | None,
) -> None:
    labels = RECEIPT_LABELS
    s = sheet.sizes
    contact = f"{labels['phone']} {data.store_phone}"
    doc.masthead(
        flow,
        sheet,
        doc.Masthead(
            data.store_name,
            contact,
            labels["title"],
            data.case_no,
            reprint,
            subtitle=labels["subtitle"],
        ),
    )
    doc.facts(
        flow,
        sheet,
        [
            (labels["date"], created.strftime("%Y-%m-%d %H:%M")),
            (labels["status"], data.status_label),
        ],
    )
    flow.rule()

    table = ItemTable(
        heading=labels["items"]
        + labels["items_count"].format(qty=sum(line.qty for line in data.lines)),
        continued=labels["items_continued"],
        item=labels["item"],
        sku=labels["sku"],
        size_colour=labels["size_colour"],
        qty=labels["qty"],
        amount=labels["amount"],
        groups=((labels["resolution"], _A4_RESOLUTION_COL),),
    )
    items(flow, sheet, table, [_item(line) for line in data.lines])

    # Money and dates: the refund per tender and when it arrives, the exchange's
    # difference, the repair's date. Kept together on one page.
    rows: list[doc.SummaryRow] = []
    for tender, fen in data.refunds:
        rows.append(doc.SummaryRow(f"{labels['refunds']} · {tender}", format_fen(fen)))
    if len(data.refunds) > 1:
        total = sum(fen for _, fen in data.refunds)
        rows.append(doc.SummaryRow(labels["refund_total"], format_fen(total), strong=True))
    elif data.refunds:
        rows[0] = doc.SummaryRow(rows[0].label, rows[0].value, strong=True)
    if data.exchange_difference_fen:
        key = "customer_paid" if data.exchange_difference_fen > 0 else "customer_refunded"
        amount = format_fen(abs(data.exchange_difference_fen))
        rows.append(
            doc.SummaryRow(labels["exchange_difference"], labels[key].format(amount=amount))
        )
    if data.repair_due:
        rows.append(doc.SummaryRow(labels["repair_due"], data.repair_due))
    flow.new_block()
    flow.rule(weight=1.2)
    doc.summary(flow, sheet, rows, note=data.refund_promise if data.refunds else "")
    flow.rule()

    # The promises last, where the customer looks for what to do next.
    flow.new_block()
    if data.response_promise:
        flow.space(1 * mm)
        flow.paragraph(data.response_promise, size=s.body, align="center", bold=True)
    if data.feedback:
        flow.paragraph(data.feedback, size=s.small, align="center")


def _item(line: CustomerReceiptLine) -> Item:
    labels = RECEIPT_LABELS
    return Item(
        name=line.product_name,
        sku=line.sku,
        size_colour=" / ".join(part for part in (line.size, line.colour) if part),
        qty=line.qty,
        groups=(
            (
                Fact(labels["resolution"], line.resolution, bold=True, amount=True),
                Fact("", line.detail),
            ),
        ),
        amount_fen=line.amount_fen,
    )
