"""Helpers shared by the bench scripts: a fresh till database with a store in it, and figures."""

from __future__ import annotations

import math
import os
import platform
import random
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

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
from aftersales.domain.clock import local_date
from aftersales.domain.codes import Role, Tender
from aftersales.domain.scan import ReceiptCode

STORE_CODE = "SH01"
TILL_NO = 1
RECEIPT_TILL = 2


@dataclass(frozen=True, slots=True)
class SeededStore:
    cashier_id: int
    manager_id: int
    receipt_nos: tuple[str, ...]


def fresh_database(directory: Path) -> tuple[Database, Path]:
    """A new database file in ``directory``, migrated to head the way the app does it."""
    path = directory / "aftersales.sqlite3"
    db = Database(path)
    upgrade(db.engine, path, directory / "backups")
    return db, path


def seed_store(
    db: Database,
    rng: random.Random,
    *,
    receipts: int,
    lines_per_receipt: int,
    n_products: int = 60,
    price_fen: tuple[int, int] = (4900, 29900),
) -> SeededStore:
    """A store, this till's settings, a cashier and a manager, products and today's sales.

    Every line is one unit at a price in ``price_fen``, so a case returning a whole receipt
    stays under the approval limit when ``lines_per_receipt * price_fen[1]`` does.
    """
    now = datetime.now(UTC)
    with db.write() as s:
        store = Store(code=STORE_CODE, name="上海南京东路店", phone="021-55550101")
        s.add(store)
        s.flush()
        cashier = Staff(
            store_id=store.id,
            staff_no="C001",
            name="李收银",
            role=Role.CASHIER.value,
            pin_hash="not-used-by-the-bench",
        )
        manager = Staff(
            store_id=store.id,
            staff_no="M001",
            name="陈店长",
            role=Role.MANAGER.value,
            pin_hash="not-used-by-the-bench",
        )
        s.add_all(
            [
                Till(store_id=store.id, till_no=TILL_NO, name="售后台"),
                AppSetting(key="store_code", value=STORE_CODE),
                AppSetting(key="till_no", value=str(TILL_NO)),
                cashier,
                manager,
            ]
        )
        products = [
            Product(
                sku=f"TS{n:05d}",
                style_code=f"ST{n // 4:04d}",
                name=f"棉质T恤 {n}",
                colour="白",
                size="M",
                category="tops",
                batch="B2611",
                price_fen=rng.randrange(price_fen[0], price_fen[1] + 1, 100),
            )
            for n in range(n_products)
        ]
        s.add_all(products)
        s.flush()
        receipt_nos = []
        for seq in range(1, receipts + 1):
            sold_at = now - timedelta(minutes=rng.randint(1, 120))
            code = ReceiptCode(STORE_CODE, RECEIPT_TILL, local_date(sold_at), seq)
            picked = rng.sample(products, k=lines_per_receipt)
            lines = [
                ReceiptLine(
                    line_no=i,
                    product_id=p.id,
                    qty=1,
                    unit_price_fen=p.price_fen,
                    discount_fen=0,
                    paid_fen=p.price_fen,
                )
                for i, p in enumerate(picked, start=1)
            ]
            s.add(
                SalesReceipt(
                    receipt_no=code.receipt_no,
                    barcode=code.barcode,
                    store_id=store.id,
                    till_no=RECEIPT_TILL,
                    sold_at=sold_at,
                    tender=Tender.WECHAT_PAY.value,
                    total_fen=sum(p.price_fen for p in picked),
                    paid_fen=sum(p.price_fen for p in picked),
                    lines=lines,
                )
            )
            receipt_nos.append(code.receipt_no)
        s.flush()
        return SeededStore(cashier.id, manager.id, tuple(receipt_nos))


def connection_pragmas(db: Database) -> dict[str, str]:
    """The pragmas an app connection really runs with, read back from SQLite."""
    names = {
        "journal_mode": None,
        "synchronous": {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"},
        "foreign_keys": None,
        "busy_timeout": None,
    }
    out = {}
    with db.engine.connect() as conn:
        for name, labels in names.items():
            value = conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            out[name] = str(labels.get(value, value) if labels else value)
    return out


def filesystem_of(path: Path) -> str:
    """The mount's filesystem type (Linux), to show the figure is not from a RAM disk."""
    best, fstype = "", "unknown"
    target = str(path.resolve())
    try:
        with open("/proc/mounts", encoding="utf-8") as f:
            for line in f:
                _dev, mount, kind, *_ = line.split()
                if (target == mount or target.startswith(mount.rstrip("/") + "/")) and len(
                    mount
                ) > len(best):
                    best, fstype = mount, kind
    except OSError:
        pass
    return fstype


def environment_line() -> str:
    return (
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"{os.cpu_count()} CPUs, {platform.system()} {platform.release()}"
    )


def percentile(sorted_values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile of already sorted values."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[rank - 1]
