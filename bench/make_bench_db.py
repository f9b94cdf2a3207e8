"""Build a big database to measure the desk against: the demo store plus years of sales.

The demo store (:func:`aftersales.demo.seed_demo`: staff, products, 120 days of sales
and the earlier returns) comes first; older sales from the same generator are then added
with Core ``insert()`` in large executemany batches, a few transactions in all, until the
database holds about ``--lines`` receipt lines.

Usage::

    python bench/make_bench_db.py --lines 1000000 --out bench-1m.sqlite3
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

from sqlalchemy import func, insert, select

from aftersales.db.engine import Database
from aftersales.db.migrate import upgrade
from aftersales.db.models import ReceiptLine, SalesReceipt
from aftersales.demo import HISTORY_DAYS, history_rows, load_demo_store, seed_demo

LINES_PER_TRANSACTION = 250_000
CHUNK_LINES = 50_000


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--lines",
        type=int,
        default=1_000_000,
        help="receipt lines to reach in all (default: 1000000)",
    )
    p.add_argument(
        "--out",
        type=Path,
        default=Path("bench.sqlite3"),
        help="the database file to create (default: bench.sqlite3)",
    )
    p.add_argument(
        "--today",
        type=date.fromisoformat,
        default=None,
        help="the store's date today, YYYY-MM-DD (default: the real date)",
    )
    p.add_argument("--seed", type=int, default=20261123, help="random seed (default: 20261123)")
    p.add_argument(
        "--per-day",
        type=int,
        default=400,
        help="receipts per ordinary day in the older history (default: 400)",
    )
    p.add_argument("--force", action="store_true", help="replace --out if it exists")
    return p.parse_args(argv)


def remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    out: Path = args.out
    today: date = args.today or date.today()
    if out.exists():
        if not args.force:
            print(f"{out} exists; use --force to replace it", file=sys.stderr)  # noqa: T201
            return 2
        remove_database(out)
    out.parent.mkdir(parents=True, exist_ok=True)

    started = time.perf_counter()
    db = Database(out)
    try:
        upgrade(db.engine, out, out.parent / "backups")
        migrated = time.perf_counter()

        with db.write() as s:
            demo = seed_demo(s, today, seed=args.seed)
        seeded = time.perf_counter()

        with db.read() as s:
            store = load_demo_store(s)
            next_receipt = int(s.scalar(select(func.max(SalesReceipt.id))) or 0) + 1
            next_line = int(s.scalar(select(func.max(ReceiptLine.id))) or 0) + 1

        receipts = demo.receipts
        lines = demo.receipt_lines
        transactions = 0
        chunks = history_rows(
            store,
            today,
            lines=max(0, args.lines - demo.receipt_lines),
            seed=args.seed + 1,
            next_receipt_id=next_receipt,
            next_line_id=next_line,
            per_day=args.per_day,
            chunk_lines=CHUNK_LINES,
        )
        with db.engine.connect() as conn:
            pending = iter(chunks)
            done = False
            while not done:
                in_transaction = 0
                with conn.begin():
                    transactions += 1
                    while in_transaction < LINES_PER_TRANSACTION:
                        chunk = next(pending, None)
                        if chunk is None:
                            done = True
                            break
                        receipt_rows, line_rows = chunk
                        conn.execute(insert(SalesReceipt), receipt_rows)
                        conn.execute(insert(ReceiptLine), line_rows)
                        receipts += len(receipt_rows)
                        lines += len(line_rows)
                        in_transaction += len(line_rows)
            filled = time.perf_counter()
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.exec_driver_sql("PRAGMA optimize")
        finished = time.perf_counter()
        with db.read() as s:
            oldest = s.scalar(select(func.min(SalesReceipt.sold_at)))
    finally:
        db.dispose()

    size_mb = out.stat().st_size / 1e6
    report = [
        f"made {out}: {size_mb:.1f} MB",
        f"  demo store: {demo.products} products, {demo.staff} staff, {demo.receipts} receipts "
        f"over {HISTORY_DAYS} days, {demo.cases} earlier returns",
        f"  in all: {receipts:,} receipts, {lines:,} receipt lines, since {oldest:%Y-%m-%d} "
        f"(today is {today:%Y-%m-%d})",
        f"  took {finished - started:.1f} s: migrate {migrated - started:.1f} s, "
        f"demo {seeded - migrated:.1f} s, older sales {filled - seeded:.1f} s "
        f"in {transactions} transaction(s), checkpoint {finished - filled:.1f} s",
    ]
    print("\n".join(report))  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
