"""Training: one demo receipt per situation a cashier must learn at the counter.

The situations sit on the edges of the store's return policy: the last day of the
no-reason refund, the first day after it, a day past every window, a defect past the
no-reason refund but inside the defect one, a refund above the manager's approval limit.
:class:`TrainingDays` reads those days and that limit from the policy, so a store whose
refund window is ten days trains on day 10 and day 11. :func:`training_plants` are the
receipts the seeding always makes, so that every situation exists whatever the seed;
:func:`pick_training_receipts` finds, in a seeded database, a receipt that shows its
situation and nothing else.
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
from ..domain.money import format_fen
from ..domain.policy import Policy
from ..domain.states import CaseStatus
from .sales import HISTORY_DAYS, Plant, PlantLine
from .store import DEFECT_BATCH

log = logging.getLogger("aftersales.demo")


class TrainingSituation(StrEnum):
    TODAY = "today"
    IN_REFUND_WINDOW = "in_refund_window"
    REFUND_LAST_DAY = "refund_last_day"
    REFUND_ENDED = "refund_ended"
    EVERY_WINDOW_ENDED = "every_window_ended"
    FINAL_SALE = "final_sale"
    HYGIENE = "hygiene"
    PARTLY_RETURNED = "partly_returned"
    HIGH_VALUE = "high_value"
    DEFECT_BATCH = "defect_batch"
    MULTI_LINE = "multi_line"
    DISCOUNT = "discount"


@dataclass(frozen=True, slots=True)
class TrainingDays:
    """Where the training situations sit, in days since purchase, for one policy.

    With the shipped policy (no-reason refund to day 7, exchange to day 15; a defect
    refunded to day 30, repaired to day 90) these are days 3, 7, 8 and 100, a defect from
    day 10 to day 20, and refunds above ¥1,000.
    """

    in_refund: int  # well inside the no-reason refund window: half-way through it
    refund_last: int  # the last day of the no-reason refund
    refund_ended: int  # the first day after it
    exchange_open: bool  # whether a no-reason exchange is still possible on refund_ended
    every_window_ended: int  # ten days after the last of all the windows has closed
    defect_first: int  # a defect three days past the no-reason refund window...
    defect_last: int  # ...up to ten days before the defect refund window closes
    approval_above_fen: int  # a refund above this needs a manager

    @classmethod
    def of(cls, policy: Policy) -> TrainingDays:
        nr, defect = policy.no_reason, policy.defect
        last_window = max(
            nr.refund_days,
            nr.exchange_days,
            defect.refund_days,
            defect.exchange_days,
            defect.repair_days,
            defect.compensation_days,
        )
        return cls(
            in_refund=nr.refund_days // 2,
            refund_last=nr.refund_days,
            refund_ended=nr.refund_days + 1,
            exchange_open=nr.exchange_days > nr.refund_days,
            every_window_ended=last_window + 10,
            defect_first=nr.refund_days + 3,
            defect_last=defect.refund_days - 10,
            approval_above_fen=policy.refund_above_fen,
        )

    def refundable(self, days_ago: int) -> bool:
        """Bought before today and still inside the no-reason refund window."""
        return 1 <= days_ago <= self.refund_last

    def inside(self, days_ago: int) -> int:
        """``days_ago``, moved into the no-reason refund window if it is shorter."""
        return max(1, min(days_ago, self.refund_last))

    def defect(self, days_ago: int) -> bool:
        """Where a defect shows best: past the no-reason refund, well inside the defect one."""
        return self.defect_first <= days_ago <= self.defect_last


def training_labels(policy: Policy) -> dict[TrainingSituation, str]:
    """What each situation is called on the printed receipt and in the trainer's list."""
    d = TrainingDays.of(policy)
    T = TrainingSituation
    ended = "已过退货期，仍可换货" if d.exchange_open else "已过退货期"
    return {
        T.TODAY: "今天购买",
        T.IN_REFUND_WINDOW: (
            f"购买第{d.in_refund}天（{_zh_count(d.refund_last)}天内，可无理由退货）"
        ),
        T.REFUND_LAST_DAY: f"购买第{d.refund_last}天（无理由退货最后一天）",
        T.REFUND_ENDED: f"购买第{d.refund_ended}天（{ended}）",
        T.EVERY_WINDOW_ENDED: f"购买第{d.every_window_ended}天（已超过所有期限）",
        T.FINAL_SALE: "清仓特价商品（不支持无理由退换）",
        T.HYGIENE: "贴身衣物：内衣、泳衣（不支持无理由退换）",
        T.PARTLY_RETURNED: "已部分退货的小票",
        T.HIGH_VALUE: f"高额商品（退款超过{_yuan(d.approval_above_fen)}需店长审批）",
        T.DEFECT_BATCH: f"问题批次商品（批次 {DEFECT_BATCH}）",
        T.MULTI_LINE: "多件商品的小票",
        T.DISCOUNT: "有折扣的小票（按实付金额分摊退款）",
    }


def _zh_count(n: int) -> str:
    """A small count as written in Chinese (七, 十, 十五, 三十); from 100 on, in digits."""
    if not 0 <= n < 100:
        return str(n)
    digits = "零一二三四五六七八九"
    tens, ones = divmod(n, 10)
    if tens == 0:
        return digits[ones]
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def _yuan(fen: int) -> str:
    """An amount as a sign would show it: ¥1,000, or ¥1,000.50 when it has fen."""
    return f"¥{fen // 100:,}" if fen % 100 == 0 else format_fen(fen)


def training_plants(policy: Policy) -> tuple[Plant, ...]:
    """The receipts the seeding always makes, on the days ``policy`` puts the situations.

    Plain receipts (no clearance, hygiene, bad-batch or high-value item, no discount) on the
    policy's edges, and one receipt for each other situation. A day beyond the demo's
    sales history (a policy with windows longer than a hundred days) gets no receipt.
    """
    d = TrainingDays.of(policy)
    T = TrainingSituation
    plants = (
        *(Plant(T.TODAY, 0, (PlantLine(style),)) for style in ("TS001", "SH002", "JK032")),
        Plant(T.IN_REFUND_WINDOW, d.in_refund, (PlantLine("SH002"),)),
        *(
            Plant(T.REFUND_LAST_DAY, d.refund_last, (PlantLine(style),))
            for style in ("TS001", "JN011", "AC061")
        ),
        *(
            Plant(T.REFUND_ENDED, d.refund_ended, (PlantLine(style),))
            for style in ("SH002", "JK032", "AC062")
        ),
        Plant(T.EVERY_WINDOW_ENDED, d.every_window_ended, (PlantLine("JN011"),)),
        Plant(T.FINAL_SALE, d.inside(2), (PlantLine("PT012"),)),
        Plant(T.HYGIENE, d.inside(4), (PlantLine("UW041"),)),
        Plant(T.HIGH_VALUE, d.inside(5), (PlantLine("CT031"),)),
        Plant(  # two days into the defect situation's days (day 12), if it has them
            T.DEFECT_BATCH,
            max(d.defect_first, min(d.defect_first + 2, d.defect_last)),
            (PlantLine("JN011", defect_batch=True),),
        ),
        Plant(
            T.MULTI_LINE, d.inside(6), (PlantLine("TS001"), PlantLine("SH002"), PlantLine("AC062"))
        ),
        # ¥10 off three T-shirts: ¥227.00 does not split evenly in three, so proration shows.
        Plant(T.DISCOUNT, d.inside(1), (PlantLine("TS001", qty=3, discount_fen=1000),)),
        # Two shirts, one of them brought back the day after (returns.ReturnsMaker.partial_case).
        Plant(T.PARTLY_RETURNED, d.inside(5), (PlantLine("SH002", qty=2),)),
    )
    return tuple(p for p in plants if p.days_ago < HISTORY_DAYS)


@dataclass(frozen=True, slots=True)
class _SaleFacts:
    receipt_no: str
    days_ago: int
    lines: int
    features: frozenset[str]
    uneven_discount: bool  # a discounted line whose paid amount does not split evenly


def _sales_between(
    session: Session, today: date, newest: int, oldest: int, approval_above_fen: int
) -> list[_SaleFacts]:
    """The receipts sold from ``oldest`` to ``newest`` days ago, with what sets them apart
    (a line or a receipt above ``approval_above_fen`` is high value)."""
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
            if paid > approval_above_fen:
                feats[rid].add("big_receipt")
        counts[rid] += 1
        f = feats[rid]
        if final:
            f.add("final_sale")
        if hyg:
            f.add("hygiene")
        if batch == DEFECT_BATCH:
            f.add("defect_batch")
        if line_paid > approval_above_fen:
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


def pick_training_receipts(session: Session, today: date, policy: Policy) -> list[tuple[str, str]]:
    """A dozen receipts to train on: ``(situation in Chinese, receipt number)``.

    The situations sit where ``policy`` (the till's, for new cases) puts them. Each receipt
    shows its situation and nothing else: the receipt of the first day after the refund
    window has no final-sale item, no discount and no earlier case, so the only thing a
    trainee meets is the end of the window. The same database gives the same answer; once
    a trainee has opened a case on a receipt, the next call offers another one in its
    place. A situation the database has no receipt for is left out (the demo seeded with
    the same policy has them all).
    """
    d = TrainingDays.of(policy)
    limit = d.approval_above_fen
    recent = _sales_between(session, today, 0, max(d.refund_ended, d.defect_last), limit)
    old = _sales_between(session, today, d.every_window_ended, d.every_window_ended, limit)
    T = TrainingSituation
    wants: list[tuple[TrainingSituation, list[_SaleFacts], Callable[[_SaleFacts], bool]]] = [
        (T.TODAY, recent, lambda f: f.days_ago == 0 and not f.features),
        (T.IN_REFUND_WINDOW, recent, lambda f: f.days_ago == d.in_refund and not f.features),
        (T.REFUND_LAST_DAY, recent, lambda f: f.days_ago == d.refund_last and not f.features),
        (T.REFUND_ENDED, recent, lambda f: f.days_ago == d.refund_ended and not f.features),
        (
            T.EVERY_WINDOW_ENDED,
            old,
            lambda f: f.days_ago == d.every_window_ended and not f.features,
        ),
        (T.FINAL_SALE, recent, lambda f: d.refundable(f.days_ago) and f.features == {"final_sale"}),
        (T.HYGIENE, recent, lambda f: d.refundable(f.days_ago) and f.features == {"hygiene"}),
        (
            T.PARTLY_RETURNED,
            recent,
            lambda f: (
                d.refundable(f.days_ago) and f.features == {"earlier_case", "partly_returned"}
            ),
        ),
        (
            T.HIGH_VALUE,
            recent,
            lambda f: d.refundable(f.days_ago) and f.features == {"high_value", "big_receipt"},
        ),
        # Past the no-reason refund window, well inside the defect one.
        (T.DEFECT_BATCH, recent, lambda f: d.defect(f.days_ago) and f.features == {"defect_batch"}),
        (T.MULTI_LINE, recent, lambda f: d.refundable(f.days_ago) and f.features == {"multi"}),
        (
            T.DISCOUNT,
            recent,
            lambda f: d.refundable(f.days_ago) and f.features == {"discount"} and f.uneven_discount,
        ),
    ]
    labels = training_labels(policy)
    used: set[str] = set()
    picks: list[tuple[str, str]] = []
    for situation, pool, fits in wants:
        found = next((f for f in pool if f.receipt_no not in used and fits(f)), None)
        if found is None:
            log.warning("no demo receipt for the training situation %s", situation.value)
            continue
        used.add(found.receipt_no)
        picks.append((labels[situation], found.receipt_no))
    return picks
