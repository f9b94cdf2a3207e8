"""Shared fixtures: a fresh migrated database per test, and a small shop to sell from;
head office's database on SQLite and on a private PostgreSQL (``ho_database_url``).

``shop`` writes one store (SH01, this till is no. 2), three staff and a few products, and
makes sales receipts on demand::

    sale = shop.sell(("TEE-BLK-M", 2), ("COAT-GRY-L", 1, 20000), days_ago=3)
    sale.line("TEE-BLK-M").receipt_line_id

Products (see :class:`Catalogue`): a T-shirt style in sizes S/M/L at ¥99, a coat at
¥1,200, a final-sale scarf and a hygiene item (underwear).
"""

from __future__ import annotations

import itertools
import os
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path

import pg_cluster
import pytest
from sqlalchemy import select

from aftersales.config import resource
from aftersales.db.engine import Database
from aftersales.db.migrate import upgrade
from aftersales.db.models import (
    AppSetting,
    Product,
    ReceiptLine,
    SalesReceipt,
    Staff,
    Store,
    Till,
)
from aftersales.domain import clock
from aftersales.domain.clock import STORE_TZ, local_date, now_utc
from aftersales.domain.codes import Role, Tender
from aftersales.domain.policy import Policy
from aftersales.domain.scan import ReceiptCode
from aftersales.services import auth
from aftersales.services.auth import StaffInfo
from aftersales.services.context import TillContext, load_till_context

# Argon2 is slow on purpose: hash each fixture PIN once per test session.
_PIN_HASHES: dict[str, str] = {}


def pin_hash(pin: str) -> str:
    if pin not in _PIN_HASHES:
        _PIN_HASHES[pin] = auth.hash_pin(pin)
    return _PIN_HASHES[pin]


@pytest.fixture(autouse=True)
def _fresh_pin_throttle() -> Iterator[None]:
    """Wrong-PIN counts live in memory; no test may inherit another's lock."""
    auth.reset_throttle()
    yield
    auth.reset_throttle()


@pytest.fixture(autouse=True)
def _no_system_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test touches the keyring of the computer it runs on: the till finds none (as on
    a headless till: the token goes to its private file) unless a test hands it one. The
    environment variable does the same for the till's processes a test starts."""
    import keyring
    from keyring.backends import fail

    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    keyring.set_keyring(fail.Keyring())
    yield


@pytest.fixture(scope="session")
def default_policy_text() -> str:
    """The policy document as shipped in the package."""
    return resource("policy", "default_policy.toml").read_text("utf-8")


@pytest.fixture(scope="session")
def policy(default_policy_text: str) -> Policy:
    """The default policy (``resources/policy/default_policy.toml``)."""
    return Policy.from_toml(default_policy_text)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    """A fresh database file, migrated to head."""
    database = Database(tmp_path / "t.sqlite3")
    upgrade(database.engine, database.path, tmp_path / "backups")
    yield database
    database.dispose()


class TillClock:
    """This till's clock, set off from the real one (:func:`till_clock`)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.offset = timedelta()
        self._monkeypatch = monkeypatch
        self._real = clock.now_utc

    def now(self) -> datetime:
        return self._real() + self.offset

    def set(self, offset: timedelta) -> None:
        """From now on the till reads the real time plus ``offset`` (head office, which
        reads the system's clock itself, is not moved)."""
        self.offset = offset
        for name, module in list(sys.modules.items()):
            if name.startswith("aftersales.") and getattr(module, "now_utc", None) is self._real:
                self._monkeypatch.setattr(module, "now_utc", self.now)


@pytest.fixture
def till_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[TillClock]:
    """This till's clock (``aftersales.domain.clock.now_utc``, and every module of the
    app that took it by name), set off with ``till_clock.set(timedelta(days=-4))``. A
    module first imported meanwhile keeps :meth:`TillClock.now`: the offset goes back to
    nothing at the end, so it reads the real time again."""
    till = TillClock(monkeypatch)
    yield till
    till.offset = timedelta()


# -- head office's database: SQLite and PostgreSQL ------------------------------------


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """One private PostgreSQL cluster for the session (see ``pg_cluster``), started the
    first time a test asks for it; the URL of its first database.

    Where the server is not installed the tests that need it are skipped, except under CI
    (``CI`` set), where they fail: CI must really run them on PostgreSQL.
    """
    reason = pg_cluster.why_unavailable()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required under CI: {reason}", pytrace=False)
        pytest.skip(reason)
    with pg_cluster.private_postgres() as url:
        yield url


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A fresh, empty database of the session's PostgreSQL, dropped after the test."""
    name = f"t_{uuid.uuid4().hex[:16]}"
    url = pg_cluster.create_database(postgres_server, name)
    yield url
    pg_cluster.drop_database(postgres_server, name)


@pytest.fixture(params=["sqlite", "postgresql"])
def ho_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Head office's database URL: each test that uses it runs on a SQLite file and on
    PostgreSQL (ids ``[sqlite]`` and ``[postgresql]``)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ho.sqlite3'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


# -- the shop ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Catalogue:
    """The SKUs the shop sells."""

    tee_s: str = "TEE-BLK-S"
    tee_m: str = "TEE-BLK-M"
    tee_l: str = "TEE-BLK-L"
    tee_style: str = "TEE-BLK"
    tee_price_fen: int = 9900
    coat: str = "COAT-GRY-L"  # ¥1,200
    coat_price_fen: int = 120000
    scarf_final_sale: str = "SCARF-RED"
    briefs_hygiene: str = "BRIEF-WHT-M"


@dataclass(frozen=True, slots=True)
class Person:
    info: StaffInfo
    pin: str

    @property
    def id(self) -> int:
        return self.info.id

    @property
    def staff_no(self) -> str:
        return self.info.staff_no


@dataclass(frozen=True, slots=True)
class SoldItem:
    receipt_line_id: int
    line_no: int
    sku: str
    qty: int
    unit_price_fen: int
    discount_fen: int
    paid_fen: int


@dataclass(frozen=True, slots=True)
class Sale:
    receipt_no: str
    barcode: str
    receipt_id: int
    sold_at: datetime
    tender: Tender
    paid_fen: int
    lines: tuple[SoldItem, ...]

    def line(self, sku: str) -> SoldItem:
        return next(ln for ln in self.lines if ln.sku == sku)


@dataclass
class Shop:
    """Store SH01 with this till (no. 2), its staff and products.

    Attributes:
        db: the shop's database.
        ctx: this till's context, with the default policy.
        cashier, manager, manager2: staff with PINs 1111, 2222 and 3333.
        cat: the SKUs on sale.
    """

    db: Database
    ctx: TillContext
    cashier: Person
    manager: Person
    manager2: Person
    cat: Catalogue
    _seq: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def sell(
        self,
        *lines: tuple[str, int] | tuple[str, int, int],
        days_ago: int = 0,
        tender: Tender = Tender.CASH,
    ) -> Sale:
        """Write a receipt: lines are ``(sku, qty)`` or ``(sku, qty, discount_fen)``."""
        day = local_date(now_utc()) - timedelta(days=days_ago)
        # The first minute of that store day: never in the future, whatever the hour now.
        sold_at = datetime.combine(day, time(0, 1), tzinfo=STORE_TZ)
        code = ReceiptCode(self.ctx.store_code, self.ctx.till_no, day, next(self._seq))
        with self.db.write() as s:
            rows = []
            for n, (sku, qty, *rest) in enumerate(lines, start=1):
                discount = rest[0] if rest else 0
                product = s.scalars(select(Product).where(Product.sku == sku)).one()
                rows.append(
                    ReceiptLine(
                        line_no=n,
                        product_id=product.id,
                        qty=qty,
                        unit_price_fen=product.price_fen,
                        discount_fen=discount,
                        paid_fen=qty * product.price_fen - discount,
                    )
                )
            receipt = SalesReceipt(
                receipt_no=code.receipt_no,
                barcode=code.barcode,
                store_id=self.ctx.store_id,
                till_no=self.ctx.till_no,
                sold_at=sold_at,
                tender=tender.value,
                total_fen=sum(r.qty * r.unit_price_fen for r in rows),
                paid_fen=sum(r.paid_fen for r in rows),
                lines=rows,
            )
            s.add(receipt)
            s.flush()
            items = tuple(
                SoldItem(r.id, r.line_no, sku, r.qty, r.unit_price_fen, r.discount_fen, r.paid_fen)
                for r, (sku, *_) in zip(rows, lines, strict=True)
            )
            return Sale(
                code.receipt_no, code.barcode, receipt.id, sold_at, tender, receipt.paid_fen, items
            )


@pytest.fixture
def shop(db: Database, policy: Policy) -> Shop:
    cat = Catalogue()
    staff_rows = [
        ("C001", "王小丽", Role.CASHIER, "1111"),
        ("M001", "李店长", Role.MANAGER, "2222"),
        ("M002", "张经理", Role.MANAGER, "3333"),
    ]
    with db.write() as s:
        store = Store(code="SH01", name="上海南京路店", phone="021-12345678", address="南京东路1号")
        s.add(store)
        s.flush()
        s.add(Till(store_id=store.id, till_no=2, name="2号收银台"))
        s.add_all(
            [AppSetting(key="store_code", value="SH01"), AppSetting(key="till_no", value="2")]
        )
        staff = [
            Staff(
                store_id=store.id,
                staff_no=no,
                name=name,
                role=role.value,
                pin_hash=pin_hash(pin),
                active=True,
            )
            for no, name, role, pin in staff_rows
        ]
        s.add_all(staff)
        products = [
            (
                sku,
                cat.tee_style,
                "基础圆领T恤",
                "黑色",
                size,
                "tops",
                cat.tee_price_fen,
                False,
                False,
            )
            for sku, size in ((cat.tee_s, "S"), (cat.tee_m, "M"), (cat.tee_l, "L"))
        ] + [
            (
                cat.coat,
                "COAT-GRY",
                "羊毛大衣",
                "灰色",
                "L",
                "outerwear",
                cat.coat_price_fen,
                False,
                False,
            ),
            (
                cat.scarf_final_sale,
                "SCARF",
                "清仓围巾",
                "红色",
                "F",
                "accessories",
                5900,
                True,
                False,
            ),
            (
                cat.briefs_hygiene,
                "BRIEF-WHT",
                "棉质内裤",
                "白色",
                "M",
                "underwear",
                3900,
                False,
                True,
            ),
        ]
        s.add_all(
            Product(
                sku=sku,
                style_code=style,
                name=name,
                colour=colour,
                size=size,
                category=category,
                batch="B2611",
                price_fen=price,
                final_sale=final,
                hygiene=hygiene,
            )
            for sku, style, name, colour, size, category, price, final, hygiene in products
        )
        s.flush()
        people = [
            Person(StaffInfo(row.id, row.staff_no, row.name, role), pin)
            for row, (_, _, role, pin) in zip(staff, staff_rows, strict=True)
        ]
    ctx = load_till_context(db, policy=policy)
    return Shop(db, ctx, *people, cat=cat)
