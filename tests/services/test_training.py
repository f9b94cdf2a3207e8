"""`aftersales demo-receipts FILE.pdf`: a dozen receipts a trainer can scan with a real scanner."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import zxingcpp
from PIL import Image

from aftersales.domain.scan import read_scan


def test_demo_receipts_scan_back_to_demo_sales(tmp_path: Path) -> None:
    pdf = tmp_path / "receipts.pdf"
    data = tmp_path / "data"
    run = subprocess.run(
        [sys.executable, "-m", "aftersales", "--data-dir", str(data), "demo-receipts", str(pdf)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert "Wrote 12 demo receipts" in run.stdout
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")[:12]
    assert len(pages) == 12
    # Each page names its training situation and carries a barcode of a real demo receipt.
    for situation in ("今天", "第7天", "第8天", "特价", "贴身", "部分退货", "审批"):
        assert situation in text, situation
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(tmp_path / "p")], check=True)
    from aftersales.db.engine import Database
    from aftersales.domain.clock import now_utc
    from aftersales.services.sales import find_sale

    db = Database(data / "aftersales.sqlite3")
    try:
        seen = set()
        for png in sorted(tmp_path.glob("p-*.png")):
            codes = [b.text for b in zxingcpp.read_barcodes(Image.open(png))]
            assert len(codes) == 1, png.name
            result = read_scan(codes[0])
            assert result.receipt is not None, codes[0]
            sale = find_sale(db, result.receipt.receipt_no, now_utc())
            assert sale is not None and sale.receipt_no in text
            seen.add(sale.receipt_no)
        assert len(seen) == 12
    finally:
        db.dispose()
