"""The demo store: what someone learning the desk on it would notice."""

from __future__ import annotations

import re
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, timedelta
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from aftersales.config import resource
from aftersales.db.engine import Database
from aftersales.db.migrate import upgrade
from aftersales.db.models import (
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
from aftersales.demo import (
    CATEGORIES,
    DEFECT_BATCH,
    DEMO_STAFF,
    DemoStaff,
    DemoSummary,
    TrainingDays,
    TrainingSituation,
    default_policy,
    pick_training_receipts,
    seed_demo,
    training_labels,
)
from aftersales.demo import store as demo_store
from aftersales.domain.clock import STORE_TZ, local_date
from aftersales.domain.codes import DamageType, ProblemCategory, Resolution, Role, Tender
from aftersales.domain.money import prorate
from aftersales.domain.policy import LineFacts, LineOutcome, Policy
from aftersales.domain.scan import case_number, read_scan

TODAY = date(2026, 11, 23)
APPROVAL_LIMIT_FEN = 100_000


def fresh_db(folder: Path) -> Database:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "aftersales.sqlite3"
    db = Database(path)
    upgrade(db.engine, path, folder / "backups")
    return db


@pytest.fixture(scope="module")
def shipped() -> Policy:
    """The policy the demo's earlier returns were decided by."""
    return default_policy()


@pytest.fixture
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id with the lightest parameters, for tests that are not about the PINs."""
    monkeypatch.setattr(
        demo_store,
        "PasswordHasher",
        lambda: PasswordHasher(time_cost=1, memory_cost=64, parallelism=1),
    )


@dataclass
class Seeded:
    db: Database
    summary: DemoSummary
    seconds: float


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    db = fresh_db(tmp_path_factory.mktemp("demo"))
    started = time.perf_counter()
    with db.write() as s:
        summary = seed_demo(s, TODAY)
    seconds = time.perf_counter() - started
    yield Seeded(db, summary, seconds)
    db.dispose()


@dataclass
class Sale:
    receipt: SalesReceipt
    lines: list[ReceiptLine]
    products: list[Product]
    returned: list[int]  # per line, units taken back by earlier cases
    has_case: bool

    @property
    def days_ago(self) -> int:
        return (TODAY - local_date(self.receipt.sold_at)).days


def load_sales(db: Database) -> dict[str, Sale]:
    with db.read() as s:
        products = {p.id: p for p in s.scalars(select(Product))}
        lines: dict[int, list[ReceiptLine]] = defaultdict(list)
        for ln in s.scalars(
            select(ReceiptLine).order_by(ReceiptLine.receipt_id, ReceiptLine.line_no)
        ):
            lines[ln.receipt_id].append(ln)
        returned: Counter[int] = Counter()
        with_case: set[int] = set()
        for receipt_id, line_id, qty in s.execute(
            select(AfterSalesCase.receipt_id, CaseLine.receipt_line_id, CaseLine.qty).join(
                CaseLine, CaseLine.case_id == AfterSalesCase.id
            )
        ):
            returned[line_id] += qty
            with_case.add(receipt_id)
        out = {}
        for r in s.scalars(select(SalesReceipt).order_by(SalesReceipt.id)):
            ls = lines[r.id]
            out[r.receipt_no] = Sale(
                r,
                ls,
                [products[ln.product_id] for ln in ls],
                [returned[ln.id] for ln in ls],
                r.id in with_case,
            )
        return out


@pytest.fixture(scope="module")
def sales(seeded: Seeded) -> dict[str, Sale]:
    return load_sales(seeded.db)


def snapshot(db: Database) -> list[tuple[Any, ...]]:
    """Everything a user sees of the receipts and the earlier returns, as plain values."""
    with db.read() as s:
        receipts = s.execute(
            select(
                SalesReceipt.receipt_no,
                SalesReceipt.barcode,
                SalesReceipt.till_no,
                SalesReceipt.sold_at,
                SalesReceipt.tender,
                SalesReceipt.total_fen,
                SalesReceipt.paid_fen,
                ReceiptLine.line_no,
                Product.sku,
                ReceiptLine.qty,
                ReceiptLine.unit_price_fen,
                ReceiptLine.discount_fen,
                ReceiptLine.paid_fen,
            )
            .join(ReceiptLine, ReceiptLine.receipt_id == SalesReceipt.id)
            .join(Product, Product.id == ReceiptLine.product_id)
            .order_by(SalesReceipt.receipt_no, ReceiptLine.line_no)
        ).all()
        cases = s.execute(
            select(
                AfterSalesCase.case_no,
                SalesReceipt.receipt_no,
                AfterSalesCase.created_at,
                AfterSalesCase.completed_at,
                AfterSalesCase.cashier_id,
                AfterSalesCase.approver_id,
                CaseIntake.customer_name,
                CaseIntake.customer_phone,
                CaseIntake.problem_category,
                ReceiptLine.line_no,
                CaseLine.qty,
                Decision.refund_fen,
                Inspection.damage,
            )
            .join(SalesReceipt, SalesReceipt.id == AfterSalesCase.receipt_id)
            .join(CaseIntake, CaseIntake.case_id == AfterSalesCase.id)
            .join(CaseLine, CaseLine.case_id == AfterSalesCase.id)
            .join(ReceiptLine, ReceiptLine.id == CaseLine.receipt_line_id)
            .join(Decision, Decision.case_line_id == CaseLine.id)
            .join(Inspection, Inspection.case_line_id == CaseLine.id)
            .order_by(AfterSalesCase.case_no, ReceiptLine.line_no)
        ).all()
        events = s.execute(
            select(
                AfterSalesCase.case_no,
                AuditEvent.action,
                AuditEvent.at,
                AuditEvent.staff_id,
                AuditEvent.to_status,
            )
            .join(AfterSalesCase, AfterSalesCase.id == AuditEvent.case_id)
            .order_by(AfterSalesCase.case_no, AuditEvent.id)
        ).all()
    return [tuple(r) for r in (*receipts, *cases, *events)]


# -- the store and its people ----------------------------------------------------------


def test_store_tills_and_settings(seeded: Seeded) -> None:
    with seeded.db.read() as s:
        store = s.scalars(select(Store)).one()
        assert (store.code, store.name, store.phone) == ("SH01", "上海南京路店", "021-6321 8888")
        assert "上海" in store.address
        assert sorted(t.till_no for t in s.scalars(select(Till))) == [1, 2]
        settings = {a.key: a.value for a in s.scalars(select(AppSetting))}
    assert settings == {
        "store_code": "SH01",
        "till_no": "2",
        "demo": "1",
        "install_id": demo_store.DEMO_INSTALL_ID,
    }


def test_demo_staff_sign_in_with_their_pins(seeded: Seeded) -> None:
    assert DEMO_STAFF == (
        DemoStaff("1001", "李娜", Role.CASHIER, "1111"),
        DemoStaff("1002", "张伟", Role.CASHIER, "2222"),
        DemoStaff("9001", "王芳", Role.MANAGER, "9999"),
        DemoStaff("9002", "陈静", Role.MANAGER, "8888"),
    )
    with seeded.db.read() as s:
        staff = {m.staff_no: m for m in s.scalars(select(Staff))}
    assert set(staff) == {m.staff_no for m in DEMO_STAFF}
    hasher = PasswordHasher()
    for m in DEMO_STAFF:
        row = staff[m.staff_no]
        assert (row.name, row.role, row.active) == (m.name, m.role.value, True)
        assert row.pin_hash.startswith("$argon2id$")
        assert m.pin not in row.pin_hash
        assert hasher.verify(row.pin_hash, m.pin)


# -- the catalogue ---------------------------------------------------------------------


def test_catalogue_has_every_category_with_sizes_and_colours(seeded: Seeded) -> None:
    with seeded.db.read() as s:
        products = list(s.scalars(select(Product)))
    assert 55 <= len(products) <= 65
    assert len(products) == seeded.summary.products
    assert {p.category for p in products} == set(CATEGORIES)
    styles: dict[str, list[Product]] = defaultdict(list)
    for p in products:
        styles[p.style_code].append(p)
        assert re.fullmatch(r"[A-Z]{2}\d{3}-[A-Z]{3}-(S|M|L|XL|F)", p.sku), p.sku
        assert p.sku.startswith(p.style_code + "-")
        assert re.fullmatch(r"B\d{4}-\d{2}", p.batch), p.batch
        if p.category == "accessories":
            assert p.size == "均码"
        else:
            assert p.size in {"S", "M", "L", "XL"}
    for code, variants in styles.items():
        # Another size or colour of the same style exists, so an exchange is possible.
        assert len(variants) >= 2, code
        assert len({(v.name, v.category, v.price_fen, v.final_sale) for v in variants}) == 1
        assert len({(v.size, v.colour) for v in variants}) == len(variants)


def test_only_underwear_and_swimwear_are_hygiene_items(seeded: Seeded) -> None:
    with seeded.db.read() as s:
        products = list(s.scalars(select(Product)))
    for p in products:
        assert p.hygiene == (p.category in {"underwear", "swimwear"}), p.sku
    assert any(p.hygiene for p in products)


def test_prices_final_sale_and_the_bad_batch(seeded: Seeded) -> None:
    with seeded.db.read() as s:
        products = list(s.scalars(select(Product)))
    prices = [p.price_fen for p in products]
    assert min(prices) == 5900 and max(prices) == 299900
    assert any(p >= 120000 for p in prices)  # one line alone can pass the ¥1,000 limit
    assert any(p.final_sale for p in products) and not all(p.final_sale for p in products)
    bad = [p for p in products if p.batch == DEFECT_BATCH]
    assert bad and len({p.style_code for p in bad}) == 1


# -- the sales -------------------------------------------------------------------------


def test_two_thousand_receipts_over_120_days_in_opening_hours(
    seeded: Seeded, sales: dict[str, Sale]
) -> None:
    assert len(sales) == seeded.summary.receipts == 2000
    assert sum(len(x.lines) for x in sales.values()) == seeded.summary.receipt_lines
    days = Counter(x.days_ago for x in sales.values())
    assert min(days) == 0 and max(days) == 119
    for x in sales.values():
        assert x.receipt.sold_at.tzinfo is not None
        assert x.receipt.sold_at.utcoffset() == timedelta(0)
        local = x.receipt.sold_at.astimezone(STORE_TZ)
        assert 10 <= local.hour < 22, x.receipt.receipt_no


def test_sales_on_the_policy_boundaries(sales: dict[str, Sale]) -> None:
    days = Counter(x.days_ago for x in sales.values())
    for k in (0, 7, 8):
        assert days[k] >= 3, f"only {days[k]} receipts {k} days ago"


def test_every_barcode_reads_back_to_its_receipt_number(sales: dict[str, Sale]) -> None:
    for no, x in sales.items():
        scan = read_scan(x.receipt.barcode)
        assert scan.receipt is not None, x.receipt.barcode
        assert scan.receipt.receipt_no == no
        assert scan.receipt.store_code == "SH01"
        assert scan.receipt.till_no == x.receipt.till_no
        assert scan.receipt.sale_date == local_date(x.receipt.sold_at)
        # A scanner in keyboard mode ends with Enter; people sometimes type the number.
        assert read_scan(x.receipt.barcode + "\r\n").receipt == scan.receipt
        assert read_scan(no).receipt == scan.receipt


def test_sequences_count_from_one_per_till_per_day_in_time_order(sales: dict[str, Sale]) -> None:
    by_till_day: dict[tuple[int, date], list[tuple[Any, int]]] = defaultdict(list)
    for x in sales.values():
        code = read_scan(x.receipt.barcode).receipt
        assert code is not None
        by_till_day[(code.till_no, code.sale_date)].append((x.receipt.sold_at, code.seq))
    assert {till for till, _ in by_till_day} == {1, 2}
    for seqs in by_till_day.values():
        seqs.sort()
        assert [seq for _, seq in seqs] == list(range(1, len(seqs) + 1))


def test_receipt_totals_add_up(sales: dict[str, Sale]) -> None:
    discounted = multi_unit = 0
    for x in sales.values():
        r = x.receipt
        assert 1 <= len(x.lines) <= 4
        assert [ln.line_no for ln in x.lines] == list(range(1, len(x.lines) + 1))
        assert len({ln.product_id for ln in x.lines}) == len(x.lines)
        for ln, p in zip(x.lines, x.products, strict=True):
            assert 1 <= ln.qty <= 3
            assert ln.unit_price_fen == p.price_fen
            assert 0 <= ln.discount_fen < ln.qty * ln.unit_price_fen
            assert ln.paid_fen == ln.qty * ln.unit_price_fen - ln.discount_fen
            if p.final_sale:
                assert ln.discount_fen == 0
            discounted += ln.discount_fen > 0
            multi_unit += ln.qty > 1
        assert r.total_fen == sum(ln.qty * ln.unit_price_fen for ln in x.lines)
        assert r.paid_fen == sum(ln.paid_fen for ln in x.lines)
        assert r.tender in {t.value for t in Tender}
    assert discounted > 50 and multi_unit > 50
    assert {x.receipt.tender for x in sales.values()} == {t.value for t in Tender}


# -- the earlier returns ---------------------------------------------------------------


def test_some_receipts_are_already_partly_returned(seeded: Seeded, sales: dict[str, Sale]) -> None:
    with_case = [x for x in sales.values() if x.has_case]
    assert 40 <= len(with_case) <= 80  # about 3 %
    assert len(with_case) == seeded.summary.cases
    for x in with_case:
        for ln, back in zip(x.lines, x.returned, strict=True):
            assert 0 <= back <= ln.qty
    assert any(
        ln.qty == 2 and back == 1
        for x in with_case
        for ln, back in zip(x.lines, x.returned, strict=True)
    )


def test_earlier_cases_are_complete_and_traced(seeded: Seeded, shipped: Policy) -> None:
    with seeded.db.read() as s:
        cases = list(s.scalars(select(AfterSalesCase).order_by(AfterSalesCase.created_at)))
        per_day: Counter[date] = Counter()
        for c in cases:
            day = local_date(c.created_at)
            per_day[day] += 1
            assert c.case_no == case_number("SH01", day, 1, per_day[day])
            assert (c.status, c.till_no, c.policy_version) == ("completed", 1, "2026.1")
            assert c.policy_version == shipped.version
            assert c.receipt.sold_at < c.created_at < c.completed_at  # type: ignore[operator]
            assert day < TODAY
            assert c.cashier.role == Role.CASHIER.value
            assert isinstance(s.get(CaseIntake, c.id), CaseIntake)
            assert c.lines
            refund = 0
            for cl in c.lines:
                rl = cl.receipt_line
                inspection = s.get(Inspection, cl.id)
                decision = s.get(Decision, cl.id)
                assert inspection is not None and decision is not None
                assert inspection.batch == rl.product.batch
                assert decision.resolution == Resolution.REFUND.value
                assert decision.qty == cl.qty <= rl.qty
                assert decision.refund_fen == prorate(rl.paid_fen, rl.qty, 0, cl.qty)
                assert decision.tender == c.receipt.tender
                assert decision.within_policy and decision.rule_ids and decision.reason_zh
                refund += decision.refund_fen
            assert c.needs_approval == (refund > APPROVAL_LIMIT_FEN)
            events = list(
                s.scalars(
                    select(AuditEvent).where(AuditEvent.case_id == c.id).order_by(AuditEvent.id)
                )
            )
            trail = [e.to_status for e in events]
            if c.needs_approval:
                assert trail == ["draft", "submitted", "awaiting_approval", "approved", "completed"]
                assert c.approver is not None and c.approver.role == Role.MANAGER.value
                assert events[3].staff_id == c.approver_id
            else:
                assert trail == ["draft", "submitted", "completed"]
                assert c.approver_id is None
            assert [e.from_status for e in events[1:]] == trail[:-1]
            assert events[0].at == c.created_at and events[-1].at == c.completed_at
            assert [e.at for e in events] == sorted(e.at for e in events)
    assert len(cases) == seeded.summary.cases


# -- determinism and limits ------------------------------------------------------------


@pytest.mark.usefixtures("cheap_hashing")
def test_seeding_is_deterministic(tmp_path: Path, seeded: Seeded) -> None:
    again = fresh_db(tmp_path)
    try:
        with again.write() as s:
            seed_demo(s, TODAY)
        assert snapshot(again) == snapshot(seeded.db)
    finally:
        again.dispose()


def test_refuses_a_database_that_already_has_a_store(seeded: Seeded) -> None:
    with pytest.raises(ValueError, match="empty"), seeded.db.write() as s:
        seed_demo(s, TODAY)


def test_refuses_too_few_receipts(tmp_path: Path) -> None:
    db = fresh_db(tmp_path)
    try:
        with pytest.raises(ValueError, match="at least"), db.write() as s:
            seed_demo(s, TODAY, receipts=5)
    finally:
        db.dispose()


# -- training --------------------------------------------------------------------------


def test_training_picks_cover_every_situation(seeded: Seeded, shipped: Policy) -> None:
    with seeded.db.read() as s:
        picks = pick_training_receipts(s, TODAY, shipped)
        assert pick_training_receipts(s, TODAY, shipped) == picks
    assert [label for label, _ in picks] == list(training_labels(shipped).values())
    assert len(picks) == len(TrainingSituation) == 12
    assert len({no for _, no in picks}) == len(picks)
    for label, _ in picks:
        assert re.search(r"[\u4e00-\u9fff]", label)


@pytest.mark.usefixtures("cheap_hashing")
def test_a_small_demo_still_has_every_training_situation(tmp_path: Path, shipped: Policy) -> None:
    db = fresh_db(tmp_path)
    try:
        with db.write() as s:
            summary = seed_demo(s, TODAY, receipts=40)
        with db.read() as s:
            picks = pick_training_receipts(s, TODAY, shipped)
    finally:
        db.dispose()
    assert summary.receipts == 40
    assert [label for label, _ in picks] == list(training_labels(shipped).values())


def _is_plain(x: Sale) -> bool:
    """Nothing but the purchase date matters for this receipt's refund."""
    return (
        not x.has_case
        and x.receipt.paid_fen <= APPROVAL_LIMIT_FEN
        and not any(p.final_sale or p.hygiene or p.batch == DEFECT_BATCH for p in x.products)
        and not any(ln.discount_fen for ln in x.lines)
    )


def _allowed(
    shipped: Policy,
    x: Sale,
    days: int,
    category: ProblemCategory,
    damage: DamageType = DamageType.NONE,
) -> list[set[Resolution]]:
    return [
        set(
            shipped.evaluate_line(
                LineFacts(days, category, p.final_sale, p.hygiene, damage=damage)
            ).allowed
        )
        for p in x.products
    ]


def test_each_training_pick_shows_its_situation(
    seeded: Seeded, sales: dict[str, Sale], shipped: Policy
) -> None:
    with seeded.db.read() as s:
        picks = dict(pick_training_receipts(s, TODAY, shipped))
    T = TrainingSituation
    labels = training_labels(shipped)
    pick = {t: sales[picks[labels[t]]] for t in T}
    R = Resolution
    size = ProblemCategory.SIZE_FIT
    defect = ProblemCategory.QUALITY_DEFECT

    for t, days in (
        (T.TODAY, 0),
        (T.IN_REFUND_WINDOW, 3),
        (T.REFUND_LAST_DAY, 7),
        (T.REFUND_ENDED, 8),
        (T.EVERY_WINDOW_ENDED, 100),
    ):
        x = pick[t]
        # Sold that many days ago in China time, and nothing else about it stands out.
        assert x.days_ago == days, t
        assert x.receipt.sold_at.astimezone(STORE_TZ).date() == TODAY - timedelta(days=days)
        assert x.receipt.sold_at.astimezone(UTC).date() == TODAY - timedelta(days=days)
        assert _is_plain(x), t
    assert all(R.REFUND in a for a in _allowed(shipped, pick[T.REFUND_LAST_DAY], 7, size))
    assert all(
        a == {R.EXCHANGE, R.REJECT} for a in _allowed(shipped, pick[T.REFUND_ENDED], 8, size)
    )
    for category in (size, defect):
        old = _allowed(
            shipped,
            pick[T.EVERY_WINDOW_ENDED],
            100,
            category,
            DamageType.SEAM_SPLIT if category is defect else DamageType.NONE,
        )
        assert all(a == {R.REJECT} for a in old)

    x = pick[T.FINAL_SALE]
    assert 1 <= x.days_ago <= 7 and not x.has_case
    assert any(p.final_sale for p in x.products)
    assert any(a == {R.REJECT} for a in _allowed(shipped, x, x.days_ago, size))

    x = pick[T.HYGIENE]
    assert 1 <= x.days_ago <= 7 and not x.has_case
    assert any(p.hygiene and p.category in {"underwear", "swimwear"} for p in x.products)
    assert any(a == {R.REJECT} for a in _allowed(shipped, x, x.days_ago, size))

    x = pick[T.PARTLY_RETURNED]
    assert x.has_case
    assert any(0 < back < ln.qty for ln, back in zip(x.lines, x.returned, strict=True))

    x = pick[T.HIGH_VALUE]
    assert 1 <= x.days_ago <= 7 and not x.has_case
    big = [ln for ln in x.lines if ln.paid_fen > APPROVAL_LIMIT_FEN]
    assert big
    verdict = shipped.evaluate_line(LineFacts(x.days_ago, size))
    outcome = LineOutcome(verdict, R.REFUND, refund_fen=big[0].paid_fen)
    assert "APPROVAL_REFUND" in [h.rule_id for h in shipped.approval_reasons([outcome])]

    x = pick[T.DEFECT_BATCH]
    assert any(p.batch == DEFECT_BATCH for p in x.products) and not x.has_case
    assert 7 < x.days_ago <= 30  # past the no-reason refund, within the defect refund
    assert all(R.REFUND not in a for a in _allowed(shipped, x, x.days_ago, size))
    assert all(
        R.REFUND in a for a in _allowed(shipped, x, x.days_ago, defect, DamageType.SEAM_SPLIT)
    )

    x = pick[T.MULTI_LINE]
    assert len(x.lines) >= 3 and 1 <= x.days_ago <= 7 and not x.has_case

    x = pick[T.DISCOUNT]
    assert 1 <= x.days_ago <= 7 and not x.has_case
    uneven = [ln for ln in x.lines if ln.discount_fen and ln.paid_fen % ln.qty]
    assert uneven
    ln = uneven[0]
    shares = [prorate(ln.paid_fen, ln.qty, k, 1) for k in range(ln.qty)]
    assert sum(shares) == ln.paid_fen and len(set(shares)) > 1


def store_policy(
    refund_days: int = 10, exchange_days: int = 15, approval_fen: int = 200_000
) -> Policy:
    """The shipped policy, as a store might change it: by default, refunds without a reason
    within ten days instead of seven, and a manager approves refunds above ¥2,000."""
    text = resource("policy", "default_policy.toml").read_text("utf-8")
    for old, new in (
        ('version = "2026.1"', 'version = "store-1"'),
        ("refund_days = 7\n", f"refund_days = {refund_days}\n"),
        ("exchange_days = 15\n", f"exchange_days = {exchange_days}\n"),
        ("refund_above_fen = 100000", f"refund_above_fen = {approval_fen}"),
    ):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    policy = Policy.from_toml(text)
    assert (policy.no_reason.refund_days, policy.refund_above_fen) == (refund_days, approval_fen)
    return policy


def test_training_days_and_labels_are_read_from_the_policy(shipped: Policy) -> None:
    T = TrainingSituation
    assert TrainingDays.of(shipped) == TrainingDays(
        in_refund=3,
        refund_last=7,
        refund_ended=8,
        exchange_open=True,
        every_window_ended=100,
        defect_first=10,
        defect_last=20,
        approval_above_fen=100_000,
    )
    labels = training_labels(shipped)
    assert [labels[t] for t in (T.IN_REFUND_WINDOW, T.REFUND_LAST_DAY, T.REFUND_ENDED)] == [
        "购买第3天（七天内，可无理由退货）",
        "购买第7天（无理由退货最后一天）",
        "购买第8天（已过退货期，仍可换货）",
    ]
    assert labels[T.EVERY_WINDOW_ENDED] == "购买第100天（已超过所有期限）"
    assert labels[T.HIGH_VALUE] == "高额商品（退款超过¥1,000需店长审批）"

    store = store_policy()
    days = TrainingDays.of(store)
    assert (days.in_refund, days.refund_last, days.refund_ended) == (5, 10, 11)
    assert (days.defect_first, days.defect_last, days.every_window_ended) == (13, 20, 100)
    labels = training_labels(store)
    assert [labels[t] for t in (T.IN_REFUND_WINDOW, T.REFUND_LAST_DAY, T.REFUND_ENDED)] == [
        "购买第5天（十天内，可无理由退货）",
        "购买第10天（无理由退货最后一天）",
        "购买第11天（已过退货期，仍可换货）",
    ]
    assert labels[T.HIGH_VALUE] == "高额商品（退款超过¥2,000需店长审批）"
    # No exchange after the refund window: the label does not promise one.
    labels = training_labels(store_policy(refund_days=10, exchange_days=10))
    assert labels[T.REFUND_ENDED] == "购买第11天（已过退货期）"


@pytest.mark.usefixtures("cheap_hashing")
def test_a_store_policy_moves_the_last_day_and_the_first_day_after(
    tmp_path: Path, shipped: Policy
) -> None:
    """A demo seeded for a store that refunds within ten days trains on day 10 (still a
    refund) and day 11 (an exchange only), not on days 7 and 8."""
    store = store_policy()
    db = fresh_db(tmp_path)
    try:
        with db.write() as s:
            seed_demo(s, TODAY, policy=store)
        with db.read() as s:
            picks = dict(pick_training_receipts(s, TODAY, store))
            versions = set(s.scalars(select(AfterSalesCase.policy_version)))
        sales = load_sales(db)
    finally:
        db.dispose()
    assert versions == {"store-1"}
    labels = training_labels(store)
    assert list(picks) == list(labels.values())
    T = TrainingSituation
    R = Resolution
    size = ProblemCategory.SIZE_FIT
    pick = {t: sales[picks[labels[t]]] for t in T}
    for t, days in ((T.IN_REFUND_WINDOW, 5), (T.REFUND_LAST_DAY, 10), (T.REFUND_ENDED, 11)):
        assert pick[t].days_ago == days and _is_plain(pick[t]), t
    assert all(R.REFUND in a for a in _allowed(store, pick[T.REFUND_LAST_DAY], 10, size))
    assert all(a == {R.EXCHANGE, R.REJECT} for a in _allowed(store, pick[T.REFUND_ENDED], 11, size))
    # Under the shipped policy, day 10 would already be past the refund.
    assert all(R.REFUND not in a for a in _allowed(shipped, pick[T.REFUND_LAST_DAY], 10, size))
    x = pick[T.DEFECT_BATCH]
    assert 13 <= x.days_ago <= 20 and any(p.batch == DEFECT_BATCH for p in x.products)
    x = pick[T.HIGH_VALUE]
    assert any(ln.paid_fen > 200_000 for ln in x.lines) and x.receipt.paid_fen > 200_000
    for t in (T.FINAL_SALE, T.HYGIENE, T.MULTI_LINE, T.DISCOUNT, T.HIGH_VALUE):
        assert 1 <= pick[t].days_ago <= 10, t


def test_picks_follow_the_tills_policy_on_a_demo_seeded_with_the_shipped_one(
    seeded: Seeded, sales: dict[str, Sale]
) -> None:
    """The till's policy can change after the demo was seeded (a policy file, a policy
    from head office): the picks still sit on its days, among the other sales."""
    store = store_policy()
    with seeded.db.read() as s:
        picks = dict(pick_training_receipts(s, TODAY, store))
    labels = training_labels(store)
    T = TrainingSituation
    assert picks.keys() == set(labels.values())
    last, after = sales[picks[labels[T.REFUND_LAST_DAY]]], sales[picks[labels[T.REFUND_ENDED]]]
    assert (last.days_ago, after.days_ago) == (10, 11)
    assert _is_plain(last) and _is_plain(after)
    x = sales[picks[labels[T.HIGH_VALUE]]]
    assert any(ln.paid_fen > 200_000 for ln in x.lines)


def test_earlier_cases_read_like_the_tills_own(seeded: Seeded) -> None:
    """The case screen shows a seeded case as it shows one made at this till: its
    timeline from 'open', and approval reasons in both languages."""
    from aftersales.services.cases import case_detail

    with seeded.db.read() as s:
        approved = s.scalar(
            select(AfterSalesCase.case_no).where(AfterSalesCase.needs_approval.is_(True)).limit(1)
        )
    detail = case_detail(seeded.db, approved)
    assert detail.timeline[0].action == "open"
    assert [e.to_status.value for e in detail.timeline if e.to_status] == [
        "draft",
        "submitted",
        "awaiting_approval",
        "approved",
        "completed",
    ]
    rule_id, zh, en = detail.approval_reasons[0]
    assert rule_id == "APPROVAL_REFUND" and "审批" in zh and "approve" in en
