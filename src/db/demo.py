"""The demo store (演示门店): a realistic store to learn and show the desk with.

:func:`seed_demo` fills an empty, migrated database with the store 上海南京路店 (SH01), its
two tills (this app is till 2), four staff members, about sixty products and 120 days of
sales, some of them already partly returned at till 1. The same ``(today, seed)`` always
gives the same sales: there is no clock read in here, only ``random.Random(seed)``.

:func:`pick_training_receipts` names a dozen receipts, one per situation a cashier must
learn (the day-7 and day-8 policy boundaries, final sale, hygiene items, approval…).

:func:`history_rows` makes older sales with the same generator, as plain rows for Core
``insert()`` in big batches; ``bench/make_bench_db.py`` uses it to build a large database.
"""

from __future__ import annotations

import logging
import random
from bisect import bisect
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from itertools import accumulate
from typing import Any

from argon2 import PasswordHasher
from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from ..config import resource
from ..domain.clock import STORE_TZ, local_date
from ..domain.codes import Channel, DamageType, ProblemCategory, Resolution, Role, Tender
from ..domain.liability import suggest_liability
from ..domain.money import prorate
from ..domain.policy import LineFacts, LineOutcome, Policy
from ..domain.scan import ReceiptCode, case_number
from ..domain.states import Action, CaseStatus, ensure
from .models import (
    AfterSalesCase,
    AppSetting,
    AuditEvent,
    CaseIntake,
    CaseLine,
    Decision,
    Inspection,
    Product,
    ReceiptLine,
    SalesReceipt,
    Staff,
    Store,
    Till,
)

log = logging.getLogger("aftersales.db")

STORE_CODE = "SH01"
STORE_NAME = "上海南京路店"
STORE_PHONE = "021-6321 8888"
STORE_ADDRESS = "上海市黄浦区南京东路 300 号 1 楼"
THIS_TILL = 2  # the till this app runs as in the demo
OTHER_TILL = 1  # where the earlier returns were made
HISTORY_DAYS = 120  # sales from today back to day 119
# The demo head office (``aftersales-headoffice serve --demo``) enrols SH01 with this token,
# and a demo till that has not been set up otherwise sends there: demo only, not a secret.
DEMO_HEAD_OFFICE_URL = "http://127.0.0.1:8700"
DEMO_STORE_TOKEN = "demo-SH01-not-a-secret"
DEFECT_BATCH = "B2607-02"  # the known bad batch: 修身牛仔裤 in black, seams split

# Opening hours, store time: 10:00 to 22:00.
_OPEN_S = 10 * 3600
_CLOSE_S = 22 * 3600
# Today's sales are put in the first two opening hours: the seed reads no clock, and a
# demo started later in the day should not show sales from the future.
_TODAY_CLOSE_S = 12 * 3600
_MAX_SEQ = 9999  # four digits in the receipt number

HYGIENE_CATEGORIES = frozenset({"underwear", "swimwear"})
CATEGORIES = ("tops", "trousers", "dresses", "outerwear", "underwear", "swimwear", "accessories")
FREE_SIZE = "均码"


@dataclass(frozen=True, slots=True)
class DemoStaff:
    staff_no: str
    name: str
    role: Role
    pin: str


DEMO_STAFF: tuple[DemoStaff, ...] = (
    DemoStaff("1001", "李娜", Role.CASHIER, "1111"),
    DemoStaff("1002", "张伟", Role.CASHIER, "2222"),
    DemoStaff("9001", "王芳", Role.MANAGER, "9999"),
    DemoStaff("9002", "陈静", Role.MANAGER, "8888"),
)


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What :func:`seed_demo` wrote."""

    products: int
    styles: int
    staff: int
    receipts: int
    receipt_lines: int
    cases: int
    case_lines: int
    returned_units: int
    audit_events: int


# -- the catalogue ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Style:
    code: str
    name: str
    category: str
    price_fen: int
    colours: tuple[tuple[str, str], ...]  # (colour, batch)
    sizes: tuple[str, ...]
    popularity: int  # relative share of sales
    final_sale: bool = False  # 清仓


_COLOUR_CODES = {
    "黑色": "BLK",
    "白色": "WHT",
    "藏青": "NVY",
    "米色": "BEI",
    "浅蓝": "LBL",
    "深蓝": "DBL",
    "卡其": "KHK",
    "酒红": "WIN",
    "驼色": "CAM",
    "肤色": "NUD",
    "灰色": "GRY",
    "棕色": "BRN",
    "混色": "MIX",
}

# One style per entry: code, name, category, price in fen, (colour, production batch) pairs,
# sizes, popularity, and whether it is on clearance. Every style comes in more than one
# size or colour, so an exchange for another size or colour is always possible.
# fmt: off
_STYLES: tuple[_Style, ...] = (
    _Style("TS001", "纯棉圆领T恤", "tops", 7900,
           (("黑色", "B2608-03"), ("白色", "B2608-04")), ("S", "M", "L", "XL"), 30),
    _Style("SH002", "牛津纺长袖衬衫", "tops", 25900,
           (("白色", "B2607-05"), ("浅蓝", "B2607-06")), ("M", "L", "XL"), 14),
    _Style("KN003", "羊绒针织开衫", "tops", 129900,
           (("米色", "B2609-01"), ("藏青", "B2609-02")), ("M", "L"), 3),
    _Style("JN011", "修身牛仔裤", "trousers", 39900,
           (("深蓝", "B2608-01"), ("黑色", DEFECT_BATCH)), ("S", "M", "L"), 16),
    _Style("PT012", "休闲九分裤", "trousers", 15900,
           (("卡其", "B2605-03"), ("黑色", "B2605-04")), ("M", "L"), 8, final_sale=True),
    _Style("DR021", "真丝连衣裙", "dresses", 159900,
           (("藏青", "B2606-02"), ("酒红", "B2606-03")), ("S", "M"), 3),
    _Style("DR022", "碎花雪纺连衣裙", "dresses", 19900,
           (("米色", "B2604-07"),), ("S", "M", "L"), 6, final_sale=True),
    _Style("CT031", "双面羊毛大衣", "outerwear", 299900,
           (("驼色", "B2609-05"), ("黑色", "B2609-06")), ("M", "L"), 2),
    _Style("JK032", "轻薄羽绒服", "outerwear", 69900,
           (("黑色", "B2609-08"), ("藏青", "B2609-09")), ("M", "L", "XL"), 8),
    _Style("UW041", "蕾丝文胸", "underwear", 16900,
           (("黑色", "B2607-11"), ("肤色", "B2607-12")), ("S", "M"), 7),
    _Style("UW042", "纯棉内裤三条装", "underwear", 5900,
           (("混色", "B2608-13"),), ("M", "L", "XL"), 9),
    _Style("SW051", "连体泳衣", "swimwear", 29900,
           (("黑色", "B2605-08"), ("藏青", "B2605-09")), ("S", "M"), 4),
    _Style("AC061", "羊绒围巾", "accessories", 49900,
           (("米色", "B2609-14"), ("灰色", "B2609-15"), ("酒红", "B2609-16")), (FREE_SIZE,), 7),
    _Style("AC062", "真皮腰带", "accessories", 19900,
           (("黑色", "B2606-17"), ("棕色", "B2606-18")), (FREE_SIZE,), 6),
    _Style("AC063", "棒球帽", "accessories", 6900,
           (("黑色", "B2604-19"), ("白色", "B2604-20")), (FREE_SIZE,), 5, final_sale=True),
)
# fmt: on
_POPULARITY = {s.code: s.popularity for s in _STYLES}


def _sku(style: str, colour: str, size: str) -> str:
    return f"{style}-{_COLOUR_CODES[colour]}-{'F' if size == FREE_SIZE else size}"


@dataclass(frozen=True, slots=True)
class DemoItem:
    """A product as the sales generator needs it."""

    id: int
    sku: str
    style_code: str
    category: str
    price_fen: int
    final_sale: bool
    hygiene: bool
    batch: str


@dataclass(frozen=True, slots=True)
class DemoStore:
    """The demo store's reference data, as the sales generator needs it."""

    store_id: int
    staff_ids: dict[str, int]  # by staff number
    items: tuple[DemoItem, ...]


def _create_store(session: Session) -> DemoStore:
    store = Store(code=STORE_CODE, name=STORE_NAME, phone=STORE_PHONE, address=STORE_ADDRESS)
    session.add(store)
    session.flush()
    session.add_all(
        [Till(store_id=store.id, till_no=n, name=f"{n}号收银台") for n in (OTHER_TILL, THIS_TILL)]
    )
    hasher = PasswordHasher()  # argon2-cffi's default type is Argon2id
    staff = [
        Staff(
            store_id=store.id,
            staff_no=m.staff_no,
            name=m.name,
            role=m.role.value,
            pin_hash=hasher.hash(m.pin),
            active=True,
        )
        for m in DEMO_STAFF
    ]
    products = [
        Product(
            sku=_sku(st.code, colour, size),
            style_code=st.code,
            name=st.name,
            colour=colour,
            size=size,
            category=st.category,
            batch=batch,
            price_fen=st.price_fen,
            final_sale=st.final_sale,
            hygiene=st.category in HYGIENE_CATEGORIES,
        )
        for st in _STYLES
        for colour, batch in st.colours
        for size in st.sizes
    ]
    session.add_all(staff)
    session.add_all(products)
    session.add_all(
        [
            AppSetting(key="store_code", value=STORE_CODE),
            AppSetting(key="till_no", value=str(THIS_TILL)),
            AppSetting(key="demo", value="1"),
        ]
    )
    session.flush()
    return DemoStore(
        store_id=store.id,
        staff_ids={s.staff_no: s.id for s in staff},
        items=tuple(_item(p) for p in products),
    )


def _item(p: Product) -> DemoItem:
    return DemoItem(
        p.id, p.sku, p.style_code, p.category, p.price_fen, p.final_sale, p.hygiene, p.batch
    )


def load_demo_store(session: Session) -> DemoStore:
    """The demo store's reference data, read back from a seeded database."""
    store_id = session.scalar(select(Store.id).where(Store.code == STORE_CODE))
    if store_id is None:
        raise LookupError(f"no store {STORE_CODE}: seed the demo first")
    staff = dict(session.execute(select(Staff.staff_no, Staff.id).order_by(Staff.id)).all())
    items = tuple(_item(p) for p in session.scalars(select(Product).order_by(Product.id)))
    return DemoStore(store_id, staff, items)


# -- the sales generator ---------------------------------------------------------------

_LINE_COUNT_CUM = list(accumulate((52, 29, 12, 7)))  # 1, 2, 3 or 4 lines
_QTY_CUM = list(accumulate((86, 11, 3)))  # 1, 2 or 3 units
_TENDERS = (Tender.WECHAT_PAY, Tender.ALIPAY, Tender.CARD, Tender.CASH)
_TENDER_CUM = list(accumulate((45, 30, 15, 10)))
_RATES = (95, 90, 88, 85, 80)  # 折扣: pay this percentage
_COUPONS = (1000, 2000, 3000, 5000)  # 优惠券, fen off a line


def _pick(rng: random.Random, cum: list[int]) -> int:
    return bisect(cum, rng.random() * cum[-1])


@dataclass(frozen=True, slots=True)
class _PlantLine:
    style: str
    qty: int = 1
    discount_fen: int = 0
    defect_batch: bool = False


@dataclass(frozen=True, slots=True)
class _Plant:
    """A receipt the demo always has, so every training situation exists for any seed."""

    key: str
    days_ago: int
    lines: tuple[_PlantLine, ...]


# Plain receipts (no clearance, hygiene, bad-batch or high-value item, no discount) on the
# policy boundaries, and one receipt for each other training situation.
_PLANTS: tuple[_Plant, ...] = (
    *(_Plant("today", 0, (_PlantLine(style),)) for style in ("TS001", "SH002", "JK032")),
    _Plant("day3", 3, (_PlantLine("SH002"),)),
    *(_Plant("day7", 7, (_PlantLine(style),)) for style in ("TS001", "JN011", "AC061")),
    *(_Plant("day8", 8, (_PlantLine(style),)) for style in ("SH002", "JK032", "AC062")),
    _Plant("day100", 100, (_PlantLine("JN011"),)),
    _Plant("final_sale", 2, (_PlantLine("PT012"),)),
    _Plant("hygiene", 4, (_PlantLine("UW041"),)),
    _Plant("high_value", 5, (_PlantLine("CT031"),)),
    _Plant("defect_batch", 12, (_PlantLine("JN011", defect_batch=True),)),
    _Plant("multi_line", 6, (_PlantLine("TS001"), _PlantLine("SH002"), _PlantLine("AC062"))),
    # ¥10 off three T-shirts: ¥227.00 does not split evenly in three, so proration shows.
    _Plant("discount", 1, (_PlantLine("TS001", qty=3, discount_fen=1000),)),
    # Two shirts, one of them brought back the day after (_ReturnsMaker.partial_case).
    _Plant("partly_returned", 5, (_PlantLine("SH002", qty=2),)),
)


@dataclass(slots=True)
class _Sale:
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
        self.item_cum = list(accumulate(_POPULARITY.get(i.style_code, 1) for i in self.items))
        self.next_receipt_id = next_receipt_id
        self.next_line_id = next_line_id

    def day(
        self, sale_date: date, count: int, plants: Sequence[_Plant] = (), *, close_s: int = _CLOSE_S
    ) -> list[_Sale]:
        """``count`` receipts sold on ``sale_date`` (store time), the plants among them."""
        rng = self.rng
        count = max(count, len(plants))
        slots: list[_Plant | None] = [None] * (count - len(plants)) + list(plants)
        rng.shuffle(slots)
        seconds = sorted(rng.randrange(_OPEN_S, close_s) for _ in range(count))
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
            out.append(_Sale(row, line_rows, sale_date, plant.key if plant else None))
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

    def _planted_lines(self, plant: _Plant) -> list[tuple[DemoItem, int, int]]:
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


def _next_id(session: Session, column: Any) -> int:
    return int(session.scalar(select(func.max(column))) or 0) + 1


def _table(model: type[Any]) -> Table:
    table: Table = model.__table__
    return table


# -- the earlier returns ---------------------------------------------------------------

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
_GIVEN = "静 敏 丽 强 磊 洋 艳 勇 军 杰 娟 涛 超 秀英 晓明 婷婷 雪 佳怡 子涵 浩然".split()
_NO_REASON = (
    (ProblemCategory.SIZE_FIT, "尺码偏小，穿着不合身，吊牌完好未穿着"),
    (ProblemCategory.SIZE_FIT, "尺码偏大，想退货"),
    (ProblemCategory.CHANGED_MIND, "回家后不太喜欢，未穿着未洗涤"),
    (ProblemCategory.COLOUR_DIFFERENCE, "实物颜色比店里灯光下看到的深"),
)
_DEFECTS = (
    (DamageType.SEAM_SPLIT, "穿着一次后侧缝开线"),
    (DamageType.PILLING, "穿了两次就严重起球"),
    (DamageType.FADING, "第一次按洗标洗涤后严重褪色"),
    (DamageType.ZIP_BUTTON, "拉链头脱落，纽扣松动"),
    (DamageType.PRINT_PEELING, "印花开裂脱落"),
)


def default_policy() -> Policy:
    """The policy shipped with the app (``resources/policy/default_policy.toml``)."""
    return Policy.from_toml(resource("policy", "default_policy.toml").read_text("utf-8"))


@dataclass(slots=True)
class _CaseRows:
    cases: list[dict[str, Any]]
    intakes: list[dict[str, Any]]
    lines: list[dict[str, Any]]
    inspections: list[dict[str, Any]]
    decisions: list[dict[str, Any]]
    events: list[dict[str, Any]]


class _ReturnsMaker:
    """Completed refund cases from till 1, each decided by the policy given."""

    def __init__(
        self,
        rng: random.Random,
        store: DemoStore,
        today: date,
        policy: Policy,
        *,
        next_case_id: int,
        next_case_line_id: int,
    ) -> None:
        self.rng = rng
        self.store = store
        self.today = today
        self.policy = policy
        self.items = {i.id: i for i in store.items}
        self.cashiers = [store.staff_ids[m.staff_no] for m in DEMO_STAFF if m.role is Role.CASHIER]
        self.managers = [store.staff_ids[m.staff_no] for m in DEMO_STAFF if m.role is Role.MANAGER]
        self.next_case_id = next_case_id
        self.next_case_line_id = next_case_line_id
        self.rows = _CaseRows([], [], [], [], [], [])
        self.seq: Counter[date] = Counter()
        self._pending: list[tuple[datetime, dict[str, Any]]] = []

    def random_case(self, sale: _Sale) -> bool:
        """A refund of one or two lines of ``sale``; False if the policy allows none."""
        rng = self.rng
        age = (self.today - sale.sale_date).days
        defect_lines = [
            ln for ln in sale.lines if self.items[ln["product_id"]].batch == DEFECT_BATCH
        ]
        no_reason_lines = [
            ln
            for ln in sale.lines
            if not (self.items[ln["product_id"]].final_sale or self.items[ln["product_id"]].hygiene)
        ]
        defect = (bool(defect_lines) and rng.random() < 0.7) or rng.random() < 0.25
        if not defect and not no_reason_lines:
            defect = True
        if defect:
            after = rng.randint(1, min(self.policy.defect.refund_days, age - 1))
            pool = defect_lines or sale.lines
        else:
            after = rng.randint(1, min(self.policy.no_reason.refund_days, age - 1))
            pool = no_reason_lines
        n = 2 if len(pool) > 1 and rng.random() < 0.2 else 1
        chosen = sorted(rng.sample(pool, n), key=lambda ln: ln["line_no"])
        picks = []
        for ln in chosen:
            qty = 1 if ln["qty"] > 1 and rng.random() < 0.5 else ln["qty"]
            picks.append((ln, qty))
        return self._case(sale, after, picks, defect=defect)

    def partial_case(self, sale: _Sale) -> bool:
        """One unit of a two-unit line, returned the day after the sale."""
        line = next(ln for ln in sale.lines if ln["qty"] == 2)
        return self._case(sale, 1, [(line, 1)], defect=False, category=ProblemCategory.SIZE_FIT)

    def _case(
        self,
        sale: _Sale,
        after: int,
        picks: list[tuple[dict[str, Any], int]],
        *,
        defect: bool,
        category: ProblemCategory | None = None,
    ) -> bool:
        rng = self.rng
        case_day = sale.sale_date + timedelta(days=after)
        if defect:
            category = ProblemCategory.QUALITY_DEFECT
            damage, description = _DEFECTS[rng.randrange(len(_DEFECTS))]
        else:
            if category is None:
                category, description = _NO_REASON[rng.randrange(len(_NO_REASON))]
            else:
                description = next(d for c, d in _NO_REASON if c is category)
            damage = DamageType.NONE
        facts = {
            "tags_attached": not defect or rng.random() < 0.5,
            "unworn": not defect,
            "unwashed": not defect or damage not in (DamageType.FADING, DamageType.PILLING),
            "stains": False,
            "odour": False,
        }
        tender = sale.row["tender"]
        lines = []
        outcomes = []
        for ln, qty in picks:
            item = self.items[ln["product_id"]]
            verdict = self.policy.evaluate_line(
                LineFacts(
                    after,
                    category,
                    item.final_sale,
                    item.hygiene,
                    damage=damage,
                    wanted=Resolution.REFUND,
                    **facts,
                )
            )
            if Resolution.REFUND not in verdict.allowed:
                continue
            refund = prorate(ln["paid_fen"], ln["qty"], 0, qty)
            lines.append((ln, qty, item, verdict, refund))
            outcomes.append(LineOutcome(verdict, Resolution.REFUND, refund_fen=refund))
        if not lines:
            return False
        reasons = self.policy.approval_reasons(outcomes)
        case_id = self.next_case_id
        self.next_case_id += 1
        cashier = self.cashiers[rng.randrange(len(self.cashiers))]
        approver = self.managers[rng.randrange(len(self.managers))] if reasons else None
        opened = datetime.combine(case_day, time(), STORE_TZ).astimezone(UTC) + timedelta(
            seconds=rng.randrange(_OPEN_S, _CLOSE_S - 3600)
        )
        # The audit trail: draft -> submitted [-> awaiting approval -> approved] -> completed.
        status = CaseStatus.DRAFT
        at = opened
        events = [self._event(case_id, at, cashier, "open", None, status, {})]
        steps = [Action.SUBMIT]
        if reasons:
            steps += [Action.REQUEST_APPROVAL, Action.APPROVE]
        steps.append(Action.COMPLETE)
        total = sum(x[4] for x in lines)
        for action in steps:
            new = ensure(status, action, needs_approval=bool(reasons))
            at += timedelta(seconds=rng.randrange(60, 420))
            who = approver if action is Action.APPROVE else cashier
            detail = {"refund_fen": total} if action is Action.COMPLETE else {}
            events.append(self._event(case_id, at, who, action.value, status, new, detail))
            status = new
        self._pending.append(
            (
                opened,
                {
                    "id": case_id,
                    "case_no": "",  # numbered per day once every case is known
                    "store_id": self.store.store_id,
                    "till_no": OTHER_TILL,
                    "receipt_id": sale.row["id"],
                    "status": status.value,
                    "cashier_id": cashier,
                    "approver_id": approver,
                    "policy_version": self.policy.version,
                    "needs_approval": bool(reasons),
                    "approval_reasons": [[h.rule_id, h.reason_zh, h.reason_en] for h in reasons],
                    "created_at": opened,
                    "updated_at": at,
                    "completed_at": at,
                    "slip_path": None,
                    "outbox_seq": 0,
                },
            )
        )
        self.rows.events.extend(events)
        r = self.rows
        r.intakes.append(
            {
                "case_id": case_id,
                "customer_name": _SURNAMES[rng.randrange(len(_SURNAMES))]
                + _GIVEN[rng.randrange(len(_GIVEN))],
                "customer_phone": "1" + "3589"[rng.randrange(4)] + f"{rng.randrange(10**9):09d}",
                "channel": Channel.STORE.value,
                "problem_category": category.value,
                "description": description,
                "wanted": Resolution.REFUND.value,
                "received_at": opened,
            }
        )
        for ln, qty, item, verdict, refund in lines:
            cl_id = self.next_case_line_id
            self.next_case_line_id += 1
            r.lines.append(
                {"id": cl_id, "case_id": case_id, "receipt_line_id": ln["id"], "qty": qty}
            )
            suggestion = suggest_liability(
                category,
                damage=damage,
                stains=False,
                odour=False,
                unworn=facts["unworn"],
                unwashed=facts["unwashed"],
            )
            r.inspections.append(
                {
                    "case_line_id": cl_id,
                    **facts,
                    "damage": damage.value,
                    "batch": item.batch,
                    "photo_path": None,
                    "suggested_liability": suggestion.party.value,
                    "suggested_reason": suggestion.reason.value,
                    "liability": suggestion.party.value,
                    "override_reason": "",
                }
            )
            r.decisions.append(
                {
                    "case_line_id": cl_id,
                    "resolution": Resolution.REFUND.value,
                    "qty": qty,
                    "refund_fen": refund,
                    "tender": tender,
                    "exchange_product_id": None,
                    "exchange_unit_price_fen": 0,
                    "price_difference_fen": 0,
                    "repair_due": None,
                    "compensation_fen": 0,
                    "reject_reason": "",
                    "within_policy": True,
                    "rule_ids": list(verdict.rule_ids),
                    "reason_zh": verdict.reason("zh"),
                    "reason_en": verdict.reason("en"),
                }
            )
        return True

    @staticmethod
    def _event(
        case_id: int,
        at: datetime,
        staff_id: int | None,
        action: str,
        old: CaseStatus | None,
        new: CaseStatus,
        detail: dict[str, Any],
    ) -> dict[str, Any]:
        return {
            "case_id": case_id,
            "at": at,
            "staff_id": staff_id,
            "action": action,
            "from_status": old.value if old else None,
            "to_status": new.value,
            "reason": "",
            "detail": detail,
        }

    def finish(self) -> _CaseRows:
        """Number the cases per day in the order they were opened, as till 1 did."""
        for opened, row in sorted(self._pending, key=lambda p: (p[0], p[1]["id"])):
            day = local_date(opened)
            self.seq[day] += 1
            row["case_no"] = case_number(STORE_CODE, day, OTHER_TILL, self.seq[day])
        self.rows.cases = [row for _, row in sorted(self._pending, key=lambda p: p[1]["id"])]
        return self.rows


# -- seeding ---------------------------------------------------------------------------


def seed_demo(
    session: Session,
    today: date,
    *,
    seed: int = 20261123,
    receipts: int = 2000,
    policy: Policy | None = None,
) -> DemoSummary:
    """Fill an empty, migrated database with the demo store.

    Args:
        session: a write session; the caller commits.
        today: the store's date today; sales cover ``today`` and the 119 days before.
        seed: the same ``(today, seed)`` always gives the same sales and returns.
        receipts: how many sales receipts to make (at least one per training situation).
        policy: the return policy the earlier returns were decided by (its version, rules
            and reasons are written on their cases); the shipped one when None.

    Raises:
        ValueError: the database already holds a store, or ``receipts`` is too small.
    """
    if session.scalar(select(func.count()).select_from(Store)):
        raise ValueError("the database already holds a store; the demo needs an empty one")
    if receipts < len(_PLANTS):
        raise ValueError(f"the demo needs at least {len(_PLANTS)} receipts")
    rng = random.Random(seed)
    store = _create_store(session)

    days = [today - timedelta(days=k) for k in range(HISTORY_DAYS)]  # day k is k days ago
    counts = Counter(
        rng.choices(range(HISTORY_DAYS), [_day_weight(d) for d in days], k=receipts - len(_PLANTS))
    )
    plants_by_day: dict[int, list[_Plant]] = defaultdict(list)
    for p in _PLANTS:
        plants_by_day[p.days_ago].append(p)

    maker = _SalesMaker(
        rng,
        store,
        next_receipt_id=_next_id(session, SalesReceipt.id),
        next_line_id=_next_id(session, ReceiptLine.id),
    )
    sales: list[_Sale] = []
    for k in range(HISTORY_DAYS - 1, -1, -1):  # oldest first, so ids follow time
        plants = plants_by_day.get(k, [])
        sales += maker.day(
            days[k], counts[k] + len(plants), plants, close_s=_TODAY_CLOSE_S if k == 0 else _CLOSE_S
        )

    returns = _ReturnsMaker(
        rng,
        store,
        today,
        policy or default_policy(),
        next_case_id=_next_id(session, AfterSalesCase.id),
        next_case_line_id=_next_id(session, CaseLine.id),
    )
    partial = next(s for s in sales if s.plant == "partly_returned")
    returns.partial_case(partial)
    # About 3 % of the other sales old enough for a return made on an earlier day.
    candidates = [s for s in sales if s.plant is None and (today - s.sale_date).days >= 2]
    wanted = round(receipts * 0.03) - 1
    made = 0
    for sale in rng.sample(candidates, len(candidates)):
        if made >= wanted:
            break
        made += returns.random_case(sale)
    rows = returns.finish()

    session.execute(insert(_table(SalesReceipt)), [s.row for s in sales])
    session.execute(insert(_table(ReceiptLine)), [ln for s in sales for ln in s.lines])
    for model, data in (
        (AfterSalesCase, rows.cases),
        (CaseIntake, rows.intakes),
        (CaseLine, rows.lines),
        (Inspection, rows.inspections),
        (Decision, rows.decisions),
        (AuditEvent, rows.events),
    ):
        if data:
            session.execute(insert(_table(model)), data)
    summary = DemoSummary(
        products=len(store.items),
        styles=len({i.style_code for i in store.items}),
        staff=len(store.staff_ids),
        receipts=len(sales),
        receipt_lines=sum(len(s.lines) for s in sales),
        cases=len(rows.cases),
        case_lines=len(rows.lines),
        returned_units=sum(cl["qty"] for cl in rows.lines),
        audit_events=len(rows.events),
    )
    log.info("seeded the demo store: %s", summary)
    return summary


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


# -- training --------------------------------------------------------------------------


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


__all__ = [
    "CATEGORIES",
    "DEFECT_BATCH",
    "DEMO_STAFF",
    "HISTORY_DAYS",
    "HYGIENE_CATEGORIES",
    "STORE_CODE",
    "THIS_TILL",
    "TRAINING_LABELS",
    "DemoItem",
    "DemoStaff",
    "DemoStore",
    "DemoSummary",
    "TrainingSituation",
    "default_policy",
    "history_rows",
    "load_demo_store",
    "pick_training_receipts",
    "seed_demo",
]
