"""Training: one demo receipt per situation a cashier must learn at the counter.

:data:`TRAININGTRAINING_PLANTS` are receipts the seeding always makes, so that every situation
exists whatever the seed; :func:`pick_training_receipts` finds, in a seeded database, a
receipt that shows its situation and nothing else.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.models import AfterSalesCase, CaseLine, Product, ReceiptLine, SalesReceipt
from ..domain.clock import STORE_TZ, local_date
from ..domain.states import CaseStatus
from .sales import Plant, PlantLine
from .store import DEFECT_BATCH

log = logging.getLogger("aftersales.demo")


class TrainingSituation(StrEnum):
    TODAY = "today"
    DAY_3 = "day3"
    DAY_7 = "day7"
    DAY_8 = "day8"
    DAY_100 = "day100"
    FINAL_SALE = "final_sale"
    HYGIENE = "hygiene"
    PARTLY_RETURNED = "partly_returned"
    HIGH_VALUE = "high_value"
    DEFECT_BATCH = "defect_batch"
    MULTI_LINE = "multi_line"
    DISCOUNT = "discount"


TRAINING_LABELS: dict[TrainingSituation, str] = {
    TrainingSituation.TODAY: "今天购买",
    TrainingSituation.DAY_3: "购买第3天（七天内，可无理由退货）",
    TrainingSituation.DAY_7: "购买第7天（无理由退货最后一天）",
    TrainingSituation.DAY_8: "购买第8天（已过退货期，仍可换货）",
    TrainingSituation.DAY_100: "购买第100天（已超过所有期限）",
    TrainingSituation.FINAL_SALE: "清仓特价商品（不支持无理由退换）",
    TrainingSituation.HYGIENE: "贴身衣物：内衣、泳衣（不支持无理由退换）",
    TrainingSituation.PARTLY_RETURNED: "已部分退货的小票",
    TrainingSituation.HIGH_VALUE: "高额商品（退款超过¥1,000需店长审批）",
    TrainingSituation.DEFECT_BATCH: f"问题批次商品（批次 {DEFECT_BATCH}）",
    TrainingSituation.MULTI_LINE: "多件商品的小票",
    TrainingSituation.DISCOUNT: "有折扣的小票（按实付金额分摊退款）",
}

# Plain receipts (no clearance, hygiene, bad-batch or high-value item, no discount) on the
# policy boundaries, and one receipt for each other training situation.
TRAINING_PLANTS: tuple[Plant, ...] = (
    *(Plant("today", 0, (PlantLine(style),)) for style in ("TS001", "SH002", "JK032")),
    Plant("day3", 3, (PlantLine("SH002"),)),
    *(Plant("day7", 7, (PlantLine(style),)) for style in ("TS001", "JN011", "AC061")),
    *(Plant("day8", 8, (PlantLine(style),)) for style in ("SH002", "JK032", "AC062")),
    Plant("day100", 100, (PlantLine("JN011"),)),
    Plant("final_sale", 2, (PlantLine("PT012"),)),
    Plant("hygiene", 4, (PlantLine("UW041"),)),
    Plant("high_value", 5, (PlantLine("CT031"),)),
    Plant("defect_batch", 12, (PlantLine("JN011", defect_batch=True),)),
    Plant("multi_line", 6, (PlantLine("TS001"), PlantLine("SH002"), PlantLine("AC062"))),
    # ¥10 off three T-shirts: ¥227.00 does not split evenly in three, so proration shows.
    Plant("discount", 1, (PlantLine("TS001", qty=3, discount_fen=1000),)),
    # Two shirts, one of them brought back the day after (returns.ReturnsMaker.partial_case).
    Plant("partly_returned", 5, (PlantLine("SH002", qty=2),)),
)

_HIGH_VALUE_FEN = 100_000  # the policy's approval limit for a refund


@dataclass(frozen=True, slots=True)
class _SaleFacts:
    receipt_no: str
    days_ago: int
    lines: int
    features: frozenset[str]
    uneven_discount: bool  # a discounted line whose paid amount does not split evenly


def _sales_between(session: Session, today: date, newest: int, oldest: int) -> list[_SaleFacts]:
    """The receipts sold from ``oldest`` to ``newest`` days ago, with what sets them apart."""
    start = datetime.combine(today - timedelta(days=oldest), time(), STORE_TZ)
    end = datetime.combine(today - timedelta(days=newest - 1), time(), STORE_TZ)
    in_range = (SalesReceipt.sold_at >= start) & (SalesReceipt.sold_at < end)
    rows = session.execute(
        select(
            SalesReceipt.id,
            SalesReceipt.receipt_no,
            SalesReceipt.sold_at,
            SalesReceipt.paid_fen,
            ReceiptLine.id,
            ReceiptLine.qty,
            ReceiptLine.discount_fen,
            ReceiptLine.paid_fen,
            Product.final_sale,
            Product.hygiene,
            Product.batch,
        )
        .join(ReceiptLine, ReceiptLine.receipt_id == SalesReceipt.id)
        .join(Product, Product.id == ReceiptLine.product_id)
        .where(in_range)
        .order_by(SalesReceipt.id, ReceiptLine.line_no)
    ).all()
    returned: dict[int, int] = defaultdict(int)
    with_case: set[int] = set()
    for receipt_id, line_id, qty, status in session.execute(
        select(
            AfterSalesCase.receipt_id, CaseLine.receipt_line_id, CaseLine.qty, AfterSalesCase.status
        )
        .join(CaseLine, CaseLine.case_id == AfterSalesCase.id)
        .join(SalesReceipt, SalesReceipt.id == AfterSalesCase.receipt_id)
        .where(in_range)
    ):
        if status != CaseStatus.CANCELLED.value:
            with_case.add(receipt_id)
            returned[line_id] += qty
    heads: dict[int, tuple[str, int]] = {}
    counts: Counter[int] = Counter()
    feats: dict[int, set[str]] = defaultdict(set)
    uneven: set[int] = set()
    for rid, no, sold_at, paid, line_id, qty, discount, line_paid, final, hyg, batch in rows:
        if rid not in heads:
            heads[rid] = (no, (today - local_date(sold_at)).days)
            if rid in with_case:
                feats[rid].add("earlier_case")
            if paid > _HIGH_VALUE_FEN:
                feats[rid].add("big_receipt")
        counts[rid] += 1
        f = feats[rid]
        if final:
            f.add("final_sale")
        if hyg:
            f.add("hygiene")
        if batch == DEFECT_BATCH:
            f.add("defect_batch")
        if line_paid > _HIGH_VALUE_FEN:
            f.add("high_value")
        if discount:
            f.add("discount")
            if line_paid % qty:
                uneven.add(rid)
        if 0 < returned.get(line_id, 0) < qty:
            f.add("partly_returned")
        if counts[rid] >= 3:
            f.add("multi")
    out = [
        _SaleFacts(no, days_ago, counts[rid], frozenset(feats[rid]), rid in uneven)
        for rid, (no, days_ago) in heads.items()
    ]
    return out


def pick_training_receipts(session: Session, today: date) -> list[tuple[str, str]]:
    """A dozen receipts to train on: ``(situation in Chinese, receipt number)``.

    Each receipt shows its situation and nothing else: the day-8 receipt has no
    final-sale item, no discount and no earlier case, so the only thing a trainee meets is
    the end of the refund window. The same database gives the same answer; once a trainee
    has opened a case on a receipt, the next call offers another one in its place. A
    situation the database has no receipt for is left out (the seeded demo has them all).
    """
    recent = _sales_between(session, today, 0, 30)
    old = _sales_between(session, today, 100, 100)
    T = TrainingSituation
    wants: list[tuple[TrainingSituation, list[_SaleFacts], Callable[[_SaleFacts], bool]]] = [
        (T.TODAY, recent, lambda f: f.days_ago == 0 and not f.features),
        (T.DAY_3, recent, lambda f: f.days_ago == 3 and not f.features),
        (T.DAY_7, recent, lambda f: f.days_ago == 7 and not f.features),
        (T.DAY_8, recent, lambda f: f.days_ago == 8 and not f.features),
        (T.DAY_100, old, lambda f: f.days_ago == 100 and not f.features),
        (T.FINAL_SALE, recent, lambda f: 1 <= f.days_ago <= 7 and f.features == {"final_sale"}),
        (T.HYGIENE, recent, lambda f: 1 <= f.days_ago <= 7 and f.features == {"hygiene"}),
        (
            T.PARTLY_RETURNED,
            recent,
            lambda f: 1 <= f.days_ago <= 7 and f.features == {"earlier_case", "partly_returned"},
        ),
        (
            T.HIGH_VALUE,
            recent,
            lambda f: 1 <= f.days_ago <= 7 and f.features == {"high_value", "big_receipt"},
        ),
        # Past the no-reason window, well inside the defect one.
        (
            T.DEFECT_BATCH,
            recent,
            lambda f: 10 <= f.days_ago <= 20 and f.features == {"defect_batch"},
        ),
        (T.MULTI_LINE, recent, lambda f: 1 <= f.days_ago <= 7 and f.features == {"multi"}),
        (
            T.DISCOUNT,
            recent,
            lambda f: 1 <= f.days_ago <= 7 and f.features == {"discount"} and f.uneven_discount,
        ),
    ]
    used: set[str] = set()
    picks: list[tuple[str, str]] = []
    for situation, pool, fits in wants:
        found = next((f for f in pool if f.receipt_no not in used and fits(f)), None)
        if found is None:
            log.warning("no demo receipt for the training situation %s", situation.value)
            continue
        used.add(found.receipt_no)
        picks.append((TRAINING_LABELS[situation], found.receipt_no))
    return picks
