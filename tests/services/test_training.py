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


def test_training_receipts_sit_on_the_tills_policy(tmp_path: Path) -> None:
    """A store whose policy refunds without a reason within ten days trains on day 10 (the
    last day) and day 11 (the first day after), not on days 7 and 8."""
    from aftersales.config import Paths, resource
    from aftersales.db.engine import Database
    from aftersales.db.migrate import upgrade
    from aftersales.domain.clock import local_date, now_utc
    from aftersales.services.context import load_policy, load_till_context
    from aftersales.services.demo import ensure_demo
    from aftersales.services.training import training_docs

    paths = Paths(tmp_path / "data").ensure()
    shipped = resource("policy", "default_policy.toml").read_text("utf-8")
    assert shipped.count("refund_days = 7\n") == 1
    paths.policy.write_text(shipped.replace("refund_days = 7\n", "refund_days = 10\n"), "utf-8")
    today = local_date(now_utc())
    db = Database(paths.database)
    try:
        upgrade(db.engine, paths.database, paths.backups)
        policy, problem = load_policy(db, paths.policy)
        assert problem is None and policy.no_reason.refund_days == 10
        ensure_demo(db, today, policy)
        till = load_till_context(db, policy)
        docs = training_docs(db, till.policy)
    finally:
        db.dispose()
    assert len(docs) == 12
    days = {d.situation: (today - local_date(d.sold_at)).days for d in docs}
    assert days["购买第10天（无理由退货最后一天）"] == 10
    assert days["购买第11天（已过退货期，仍可换货）"] == 11
    assert days["购买第5天（十天内，可无理由退货）"] == 5
    assert not [s for s in days if "第7天" in s or "第8天" in s]
