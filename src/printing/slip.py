"""The return slip (售后退货单): the store's copy, kept with the returned goods.

It goes to an 80 mm thermal receipt printer, on continuous paper (the page is exactly as
tall as its content, so no paper is fed blank), or to an office printer on A4 (a table
of items over as many pages as needed, each page with the case number and its page
number). The case number is printed as a Code128 barcode, so that scanning the slip
later opens the case. Each item says what becomes of the goods (back to stock, to the
outlet...); the customer, the staff member and the approver sign at the foot.

The service layer fills :class:`SlipData` (every text already translated and formatted,
except money, which is formatted here) and calls :func:`render_slip` on a worker thread;
the GUI never waits for a PDF. The layout pieces are shared with the customer receipt
(see ``_document``).

Typical use::

    path = render_slip(data, slips_dir / f"{data.case_no}.pdf", Paper.A4)
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import MappingProxyType

from reportlab.lib import units

from ..domain.money import format_fen
from . import _document as doc
from ._barcode import check_code128_value
from ._document import MAX_CONTINUOUS_HEIGHT
from ._flow import Flow
from ._items import Fact, Item, ItemTable, items
from .fonts import ensure_fonts
from .paper import Paper

# reportlab's unit constants are untyped; one typed alias keeps mypy strict here.
mm: float = units.mm

log = logging.getLogger(__name__)

#: The tallest page made on a roll (see ``_document.MAX_CONTINUOUS_HEIGHT``).
MAX_PAGE_HEIGHT = MAX_CONTINUOUS_HEIGHT

#: Default captions, in Chinese. ``SlipData.labels`` may override any of them (a store
#: printing in another language, say); "items_count", "continued", "page" and "reprint"
#: are format strings.
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
        "items_continued": "（续）",
        "item": "商品",
        "sku": "货号",
        "size_colour": "尺码/颜色",
        "qty": "数量",
        "amount": "金额",
        "problem": "问题",
        "inspection": "检验",
        "liability": "责任",
        "decision": "处理",
        "disposition": "去向",
        "refund_total": "退款合计",
        "tender": "退款方式",
        "approver": "审批人",
        "approver_none": "无",
        "rule_reason": "规则说明",
        "customer_signature": "顾客签字",
        "staff_signature": "店员签字",
        "approver_signature": "审批人签字",
        "continued": "续 {page}/{pages}",
        "page": "第 {page} / {pages} 页",
        "reprint": "重印 / REPRINT 第{n}次",
    }
)

# The format strings among the captions, with sample values to try them with.
_FORMATS: Mapping[str, Mapping[str, object]] = MappingProxyType(
    {
        "items_count": {"qty": 1},
        "continued": {"page": 2, "pages": 2},
        "page": {"page": 1, "pages": 2},
        "reprint": {"n": 1},
    }
)

# A4 columns for the item facts (see ``SlipLine``): the problem and its findings, then
# what was decided and where the goods go.
_A4_PROBLEM_COL = 48 * mm
_A4_DECISION_COL = 36 * mm


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
        disposition: what becomes of the returned goods, already translated, e.g.
            ``"退回库存"``, ``"转奥莱"``, ``"送修"``, ``"退回供应商"`` or ``"销毁"``;
            ``""`` if not decided.
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
    disposition: str = ""


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
        reprint: 0 for the original; ``n`` > 0 for the n-th reprint, marked
            "重印 / REPRINT 第n次" at the top (of every page, on A4).
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
    reprint: int = 0


def render_slip_80mm(data: SlipData, path: Path) -> Path:
    """Write the return slip for 80 mm paper; the same as :func:`render_slip` on it."""
    return render_slip(data, path, Paper.THERMAL_80)


def render_slip(data: SlipData, path: Path, paper: Paper = Paper.THERMAL_80) -> Path:
    """Write the return slip for ``data`` on ``paper`` as a PDF at ``path``, atomically.

    Loads the font first if nobody has (about 150 ms, once); after that a slip takes a
    few milliseconds, so call it from a worker thread, never the GUI thread.

    Args:
        data: what to print.
        path: the PDF to write; its folder must exist. An existing file is replaced
            only once the new one is complete.
        paper: an 80 mm roll (one continuous page) or A4 (as many pages as needed).

    Returns:
        ``path``.

    Raises:
        ValueError: ``data`` cannot be printed as given: ``created_at`` is naive,
            ``case_no`` is not printable ASCII, or ``labels`` has unknown keys or bad
            placeholders (all bugs in the caller); or ``paper`` is unknown.
        OSError: the file could not be written (folder missing, disk full...).
        FontUnavailableError: the bundled font is missing (a broken install).
    """
    sheet = doc.sheet_for(paper)
    font = ensure_fonts()
    labels = _merge_labels(data.labels)
    check_code128_value(data.case_no)
    created = doc.store_time(data.created_at, "SlipData.created_at")
    reprint = labels["reprint"].format(n=data.reprint) if data.reprint > 0 else None

    flow = Flow(font, left=sheet.margin, width=sheet.content_width)
    _compose(flow, sheet, data, labels, created, reprint)
    chrome = doc.Chrome(
        store_name=data.store_name,
        title=labels["title"],
        case_no=data.case_no,
        reprint=reprint,
        continued=labels["continued"],
        page=labels["page"],
    )
    return doc.render(path, sheet, flow, chrome, subject=data.store_name)


def _merge_labels(overrides: Mapping[str, str] | None) -> Mapping[str, str]:
    if not overrides:
        return DEFAULT_SLIP_LABELS
    unknown = set(overrides) - set(DEFAULT_SLIP_LABELS)
    if unknown:
        # A misspelt key would otherwise leave the Chinese default in a translated slip
        # without anyone noticing.
        raise ValueError(f"Unknown slip label keys: {', '.join(sorted(unknown))}")
    merged = {**DEFAULT_SLIP_LABELS, **overrides}
    for key, fields in _FORMATS.items():
        doc.check_format(key, merged[key], **fields)
    return merged


def _compose(
    flow: Flow,
    sheet: doc.Sheet,
    data: SlipData,
    labels: Mapping[str, str],
    created: datetime,
    reprint: str | None,
) -> None:
    contact = f"{labels['store_code']} {data.store_code}    {labels['phone']} {data.store_phone}"
    doc.masthead(
        flow,
        sheet,
        doc.Masthead(data.store_name, contact, labels["title"], data.case_no, reprint),
    )
    doc.facts(
        flow,
        sheet,
        [
            (labels["date"], created.strftime("%Y-%m-%d %H:%M")),
            (labels["cashier"], data.cashier_name),
            (labels["customer"], f"{data.customer_name}  {data.customer_phone_masked}"),
            (labels["receipt_no"], data.receipt_no),
            (labels["status"], data.status_label),
        ],
    )
    flow.rule()

    total_qty = sum(line.qty for line in data.lines)
    table = ItemTable(
        heading=labels["items"] + labels["items_count"].format(qty=total_qty),
        continued=labels["items_continued"],
        item=labels["item"],
        sku=labels["sku"],
        size_colour=labels["size_colour"],
        qty=labels["qty"],
        amount=labels["amount"],
        groups=((labels["problem"], _A4_PROBLEM_COL), (labels["decision"], _A4_DECISION_COL)),
    )
    items(flow, sheet, table, [_item(line, labels) for line in data.lines])

    # Totals, with the amounts in the items' right-aligned column.
    flow.new_block()
    flow.rule(weight=1.2)
    doc.summary(
        flow,
        sheet,
        [
            doc.SummaryRow(labels["refund_total"], format_fen(data.refund_total_fen), strong=True),
            doc.SummaryRow(labels["tender"], data.tender_label),
            doc.SummaryRow(labels["approver"], data.approver_name or labels["approver_none"]),
        ],
    )
    flow.rule()

    # The policy's reason may run to several lines: it may continue on the next page.
    flow.new_block()
    flow.paragraph(labels["rule_reason"], size=sheet.sizes.small, bold=True)
    flow.paragraph(data.rule_reason, size=sheet.sizes.small, breakable=True)

    flow.new_block()
    flow.rule()
    doc.signatures(
        flow,
        sheet,
        [labels["customer_signature"], labels["staff_signature"], labels["approver_signature"]],
    )


def _item(line: SlipLine, labels: Mapping[str, str]) -> Item:
    return Item(
        name=line.product_name,
        sku=line.sku,
        size_colour=" / ".join(part for part in (line.size, line.colour) if part),
        qty=line.qty,
        groups=(
            (
                Fact(labels["problem"], line.problem),
                Fact(labels["inspection"], line.inspection),
                Fact(labels["liability"], line.liability),
            ),
            (
                Fact(labels["decision"], line.decision, bold=True, amount=True),
                Fact("", line.detail),
                Fact(labels["disposition"], line.disposition),
            ),
        ),
        amount_fen=line.amount_fen,
    )
