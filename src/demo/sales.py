"""The sales generator: the demo store's receipts, a day at a time.

Receipts fall in opening hours, more at weekends and on holidays, with one to four lines,
a few discounts and coupons, and tenders in the shares a Shanghai store sees. Everything
comes from the ``random.Random`` handed in: no clock is read here, so the same seed always
gives the same sales.
"""

from __future__ import annotations

import random
from bisect import bisect
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import accumulate
from typing import Any

from ..domain.clock import STORE_TZ
from ..domain.codes import Tender
from ..domain.scan import ReceiptCode
from .store import (
    CLOSE_S,
    DEFECT_BATCH,
    OPEN_S,
    OTHER_TILL,
    POPULARITY,
    STORE_CODE,
    THIS_TILL,
    DemoItem,
    DemoStore,
)

HISTORY_DAYS = 120  # sales from today back to day 119
# Today's sales are put in the first two opening hours: the seed reads no clock, and a
# demo started later in the day should not show sales from the future.
_TODAY_CLOSE_S = 12 * 3600
_MAX_SEQ = 9999  # four digits in the receipt number

_LINE_COUNT_CUM = list(accumulate((52, 29, 12, 7)))  # 1, 2, 3 or 4 lines
_QTY_CUM = list(accumulate((86, 11, 3)))  # 1, 2 or 3 units
_TENDERS = (Tender.WECHAT_PAY, Tender.ALIPAY, Tender.CARD, Tender.CASH)
_TENDER_CUM = list(accumulate((45, 30, 15, 10)))
_RATES = (95, 90, 88, 85, 80)  # 折扣: pay this percentage
_COUPONS = (1000, 2000, 3000, 5000)  # 优惠券, fen off a line


def _pick(rng: random.Random, cum: list[int]) -> int:
    return bisect(cum, rng.random() * cum[-1])


@dataclass(frozen=True, slots=True)
class PlantLine:
    style: str
    qty: int = 1
    discount_fen: int = 0
    defect_batch: bool = False


@dataclass(frozen=True, slots=True)
class Plant:
    """A receipt the demo always has, so every training situation exists for any seed."""

    key: str
    days_ago: int
    lines: tuple[PlantLine, ...]


@dataclass(slots=True)
class Sale:
    """One generated receipt: its row, its lines' rows, and what seed_demo needs later."""

    row: dict[str, Any]
    lines: list[dict[str, Any]]
    sale_date: date
    plant: str | None = None


class _SalesMaker:
    """Makes receipts a day at a time; ids and per-till sequences follow on between calls."""

    def __init__(
        self, rng: random.Random, store: DemoStore, *, next_receipt_id: int, next_line_id: int
    ) -> None:
        self.rng = rng
        self.store = store
        self.items = store.items
        self.item_cum = list(accumulate(POPULARITY.get(i.style_code, 1) for i in self.items))
        self.next_receipt_id = next_receipt_id
        self.next_line_id = next_line_id

    def day(
        self, sale_date: date, count: int, plants: Sequence[Plant] = (), *, close_s: int = CLOSE_S
    ) -> list[Sale]:
        """``count`` receipts sold on ``sale_date`` (store time), the plants among them."""
        rng = self.rng
        count = max(count, len(plants))
        slots: list[Plant | None] = [None] * (count - len(plants)) + list(plants)
        rng.shuffle(slots)
        seconds = sorted(rng.randrange(OPEN_S, close_s) for _ in range(count))
        # Midnight store time, as UTC; a store second is then a plain offset.
        midnight = datetime.combine(sale_date, time(), STORE_TZ).astimezone(UTC)
        seq = {OTHER_TILL: 0, THIS_TILL: 0}
        out = []
        for plant, sec in zip(slots, seconds, strict=True):
            till = THIS_TILL if rng.random() < 0.55 else OTHER_TILL
            seq[till] += 1
            if seq[till] > _MAX_SEQ:
                raise ValueError(f"more than {_MAX_SEQ} receipts on till {till} on {sale_date}")
            code = ReceiptCode(STORE_CODE, till, sale_date, seq[till])
            receipt_id = self.next_receipt_id
            self.next_receipt_id += 1
            lines = self._planted_lines(plant) if plant else self._random_lines()
            line_rows = []
            total = paid = 0
            for line_no, (item, qty, discount) in enumerate(lines, start=1):
                gross = qty * item.price_fen
                total += gross
                paid += gross - discount
                line_rows.append(
                    {
                        "id": self.next_line_id,
                        "receipt_id": receipt_id,
                        "line_no": line_no,
                        "product_id": item.id,
                        "qty": qty,
                        "unit_price_fen": item.price_fen,
                        "discount_fen": discount,
                        "paid_fen": gross - discount,
                    }
                )
                self.next_line_id += 1
            row = {
                "id": receipt_id,
                "receipt_no": code.receipt_no,
                "barcode": code.barcode,
                "store_id": self.store.store_id,
                "till_no": till,
                "sold_at": midnight + timedelta(seconds=sec),
                "tender": _TENDERS[_pick(rng, _TENDER_CUM)].value,
                "total_fen": total,  # list price of all lines
                "paid_fen": paid,
            }
            out.append(Sale(row, line_rows, sale_date, plant.key if plant else None))
        return out

    def _random_lines(self) -> list[tuple[DemoItem, int, int]]:
        rng = self.rng
        n = _pick(rng, _LINE_COUNT_CUM) + 1
        chosen: list[int] = []
        while len(chosen) < n:
            k = _pick(rng, self.item_cum)
            if k not in chosen:
                chosen.append(k)
        out = []
        for k in chosen:
            item = self.items[k]
            qty = _pick(rng, _QTY_CUM) + 1
            gross = qty * item.price_fen
            discount = 0
            if not item.final_sale:  # clearance prices take no further discount
                r = rng.random()
                if r < 0.14:
                    rate = _RATES[rng.randrange(len(_RATES))]
                    discount = gross - gross * rate // 1000 * 10  # 抹零: paid rounds down to 角
                elif r < 0.20:
                    coupon = _COUPONS[rng.randrange(len(_COUPONS))]
                    if gross >= 10 * coupon:
                        discount = coupon
            out.append((item, qty, discount))
        return out

    def _planted_lines(self, plant: Plant) -> list[tuple[DemoItem, int, int]]:
        out = []
        for pl in plant.lines:
            options = [
                i
                for i in self.items
                if i.style_code == pl.style and (i.batch == DEFECT_BATCH) == pl.defect_batch
            ]
            out.append((options[self.rng.randrange(len(options))], pl.qty, pl.discount_fen))
        return out


def _day_weight(d: date) -> float:
    """More sales at weekends, on 国庆 (1–7 October) and on 双十一 (11 November)."""
    w = (1.0, 0.95, 1.0, 1.05, 1.25, 1.7, 1.5)[d.weekday()]
    if d.month == 10 and d.day <= 7:
        w *= 1.8
    if d.month == 11 and d.day == 11:
        w *= 2.5
    return w


def recent_sales(
    rng: random.Random,
    store: DemoStore,
    today: date,
    *,
    receipts: int,
    plants: Sequence[Plant],
    next_receipt_id: int,
    next_line_id: int,
) -> list[Sale]:
    """``receipts`` receipts sold from ``today`` back to day 119, oldest first.

    Each plant is one of them, sold on its day; the others fall on the days by
    :func:`_day_weight`; today's end at noon (see ``_TODAY_CLOSE_S``).
    """
    days = [today - timedelta(days=k) for k in range(HISTORY_DAYS)]  # day k is k days ago
    counts = Counter(
        rng.choices(range(HISTORY_DAYS), [_day_weight(d) for d in days], k=receipts - len(plants))
    )
    plants_by_day: dict[int, list[Plant]] = defaultdict(list)
    for p in plants:
        plants_by_day[p.days_ago].append(p)
    maker = _SalesMaker(rng, store, next_receipt_id=next_receipt_id, next_line_id=next_line_id)
    sales: list[Sale] = []
    for k in range(HISTORY_DAYS - 1, -1, -1):  # oldest first, so ids follow time
        on_day = plants_by_day.get(k, [])
        sales += maker.day(
            days[k], counts[k] + len(on_day), on_day, close_s=_TODAY_CLOSE_S if k == 0 else CLOSE_S
        )
    return sales


def history_rows(
    store: DemoStore,
    today: date,
    *,
    lines: int,
    seed: int,
    next_receipt_id: int,
    next_line_id: int,
    per_day: int = 400,
    chunk_lines: int = 100_000,
) -> Iterator[tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
    """Older sales, before the demo's 120 days, as rows for Core ``insert()``.

    Goes back a day at a time from day 120 until about ``lines`` receipt lines are made,
    yielding ``(receipt_rows, line_rows)`` every ``chunk_lines`` lines or so.
    """
    rng = random.Random(seed)
    maker = _SalesMaker(rng, store, next_receipt_id=next_receipt_id, next_line_id=next_line_id)
    made = 0
    k = HISTORY_DAYS
    receipt_rows: list[dict[str, Any]] = []
    line_rows: list[dict[str, Any]] = []
    while made < lines:
        d = today - timedelta(days=k)
        n = max(1, round(per_day * _day_weight(d) * rng.uniform(0.85, 1.15)))
        for sale in maker.day(d, n):
            receipt_rows.append(sale.row)
            line_rows += sale.lines
            made += len(sale.lines)
            if made >= lines:
                break
        if len(line_rows) >= chunk_lines or made >= lines:
            yield receipt_rows, line_rows
            receipt_rows, line_rows = [], []
        k += 1
