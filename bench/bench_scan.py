"""Scan to rendered sale, on a till database with about 1,000,000 receipt lines.

The real main window (offscreen) on a database built by bench/make_bench_db.py (kept in
the temp folder between runs; `--rebuild` makes it again). For each of 300 random
receipts the scan field holds the barcode, as a wedge scanner leaves it, and the clock runs
from the Enter key press to the end of a synchronous repaint of the screen showing the
sale. Target: p95 ≤ 50 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

HERE = Path(__file__).resolve().parent


def percentile(values: list[float], p: float) -> float:
    s = sorted(values)
    k = (len(s) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def cache_still_good(db_file: Path) -> bool:
    """Whether a database kept from an earlier run still matches this code (its barcodes
    read back; an older receipt-code format would not)."""
    import sqlite3

    from aftersales.domain.scan import read_scan

    try:
        with sqlite3.connect(db_file) as c:
            rows = c.execute("SELECT receipt_no, barcode FROM sales_receipt LIMIT 20").fetchall()
    except sqlite3.Error:
        return False
    return bool(rows) and all(
        (r := read_scan(code).receipt) is not None and r.receipt_no == no for no, code in rows
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lines", type=int, default=1_000_000)
    ap.add_argument("--scans", type=int, default=300)
    ap.add_argument("--rebuild", action="store_true")
    args = ap.parse_args()

    data_dir = Path(tempfile.gettempdir()) / f"aftersales-bench-{args.lines}"
    db_file = data_dir / "aftersales.sqlite3"
    if args.rebuild or not db_file.exists() or not cache_still_good(db_file):
        data_dir.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                sys.executable,
                str(HERE / "make_bench_db.py"),
                "--lines",
                str(args.lines),
                "--out",
                str(db_file),
                "--force",
            ],
            check=True,
        )

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from sqlalchemy import func, select

    from aftersales.config import Paths
    from aftersales.db.models import ReceiptLine, SalesReceipt
    from aftersales.ui.app import build_window

    app = QApplication(sys.argv[:1])
    window = build_window(Paths(data_dir).ensure(), demo=True)
    window.show()
    deadline = time.monotonic() + 120
    while not window.desk.is_ready and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    db = window.desk.db
    with db.read() as s:
        n_lines = s.scalar(select(func.count()).select_from(ReceiptLine))
        ids = s.scalars(select(SalesReceipt.id)).all()
        rng = random.Random(7)
        picks = rng.sample(ids, args.scans)
        barcodes = [s.get(SalesReceipt, i).barcode for i in picks]
    scan = window.scan_view
    times = []
    for i, code in enumerate(barcodes):
        scan.field.setText(code)
        t0 = time.perf_counter()
        QTest.keyClick(scan.field, Qt.Key.Key_Return)
        scan.repaint()
        t1 = time.perf_counter()
        if code not in (window.scan_view.sale.barcode if window.scan_view.sale else ""):
            raise SystemExit(f"scan {i} did not show its sale")
        times.append((t1 - t0) * 1000)
    print(f"database: {n_lines:,} receipt lines, {len(ids):,} receipts")
    print(
        f"scan to rendered sale over {len(times)} scans: p50 {percentile(times, 50):.1f} ms, "
        f"p95 {percentile(times, 95):.1f} ms, p99 {percentile(times, 99):.1f} ms "
        f"(target p95 ≤ 50 ms)"
    )
    db.dispose()


if __name__ == "__main__":
    main()
