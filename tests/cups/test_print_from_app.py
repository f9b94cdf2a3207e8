"""The app's own print path on a real CUPS: a completed case prints its two documents by
itself; a stopped printer is said plainly, the case stays whole, and the reprint works once
the printer is back."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from PIL import Image
from private_cupsd import Cups, snapshot, wait_for_new_files
from sqlalchemy import select

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("AFTERSALES_NO_ERR_WINDOWS", "1")

from aftersales.config import Paths  # noqa: E402
from aftersales.db.models import AfterSalesCase, PrintJob  # noqa: E402
from aftersales.domain.clock import now_utc  # noqa: E402
from aftersales.domain.codes import Channel, ProblemCategory, Resolution  # noqa: E402
from aftersales.i18n import catalog  # noqa: E402
from aftersales.printing.paper import Paper  # noqa: E402
from aftersales.services import cases  # noqa: E402
from aftersales.services.documents import DocumentPrinter  # noqa: E402
from aftersales.services.sales import find_sale  # noqa: E402


@pytest.fixture
def window(qtbot: Any, tmp_path: Path, cups: Cups) -> Iterator[Any]:
    from aftersales.ui import worker
    from aftersales.ui.app import build_window

    w = build_window(Paths(tmp_path / "data").ensure(), demo=True)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.desk.is_ready and w.desk.staff is not None, timeout=30000)
    w.desk.set_printer_for("slip", DocumentPrinter("slip80", Paper.THERMAL_80, 1))
    w.desk.set_printer_for("receipt", DocumentPrinter("slip80", Paper.A4, 1))
    w.desk.set_auto_print(True)
    yield w
    qtbot.waitUntil(lambda: not worker.busy(), timeout=20000)
    w.desk.db.dispose()


def complete_a_case(desk: Any) -> str:
    """A refund within the policy, through the services as the screens call them."""
    db, now = desk.db, now_utc()
    with db.read() as s:
        from aftersales.db.models import SalesReceipt

        receipts = s.scalars(select(SalesReceipt).order_by(SalesReceipt.id.desc())).all()
    for r in receipts:
        sale = find_sale(db, r.receipt_no, now)
        if (
            sale.days_since_purchase <= 3
            and sale.sold_at <= now  # before opening, the demo's sales of today are ahead
            and not sale.earlier_cases
            and all(ln.returnable_qty and not ln.hygiene and not ln.final_sale for ln in sale.lines)
            and sale.paid_fen < 100000
        ):
            break
    ids = [ln.receipt_line_id for ln in sale.lines]
    case_no = cases.open_case(
        db,
        desk.till,
        desk.staff,
        sale.receipt_no,
        cases.IntakeInput(
            "周女士",
            "13912345678",
            Channel.STORE,
            ProblemCategory.SIZE_FIT,
            "",
            Resolution.REFUND,
            tuple((i, 1) for i in ids),
        ),
    )
    cases.record_inspection(
        db, desk.till, desk.staff, case_no, [cases.InspectionInput(i) for i in ids]
    )
    cases.submit_case(
        db, desk.till, desk.staff, case_no, [cases.DecisionInput(i, Resolution.REFUND) for i in ids]
    )
    cases.complete_case(db, desk.staff, case_no)
    return case_no


def zh(context: str, source: str) -> str:
    text = catalog("zh_CN").get(context, source)
    assert text
    return text


def decode(pdf: Path, tmp_path: Path, dpi: int) -> list[str]:
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(tmp_path / "p")], check=True)
    found = []
    for png in sorted(tmp_path.glob("p-*.png")):
        found += [b.text for b in zxingcpp.read_barcodes(Image.open(png))]
        png.unlink()
    return found


def page_size_mm(pdf: Path) -> tuple[float, float]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    line = next(x for x in info.stdout.splitlines() if x.startswith("Page size:"))
    w, h = (float(v) for v in line.split()[2:5:2])
    return w * 25.4 / 72, h * 25.4 / 72


def test_completion_prints_both_documents(qtbot, window, cups: Cups, tmp_path) -> None:
    before = snapshot(cups.output_dir)
    case_no = complete_a_case(window.desk)
    window.on_case_finished(case_no)
    done = window.view("done")
    rows = done.rows
    printed = zh("Problems", "{0}: printed on {1}.")
    qtbot.waitUntil(lambda: all(r.outcome is not None for r in rows.values()), timeout=60000)
    for doc, row in rows.items():
        assert row.outcome.ok, row.status.text()
        assert row.status.text() == printed.format(
            zh("Problems", "Return slip" if doc == "slip" else "Customer receipt"), "slip80"
        )
    files = wait_for_new_files(cups.output_dir, before, contains=case_no, count=2)
    cups.made.extend(files)
    assert len(files) == 2
    by_size = {round(page_size_mm(f)[0]): f for f in files}
    assert set(by_size) == {80, 210}  # the slip on the roll, the receipt on A4
    assert case_no in decode(by_size[80], tmp_path, 203)
    assert case_no in decode(by_size[210], tmp_path, 150)
    with window.desk.db.read() as s:
        case = s.scalar(select(AfterSalesCase).where(AfterSalesCase.case_no == case_no))
        jobs = s.scalars(select(PrintJob).where(PrintJob.case_id == case.id)).all()
        assert sorted((j.document, j.outcome, j.reprint) for j in jobs) == [
            ("receipt", "printed", 0),
            ("slip", "printed", 0),
        ]


def test_a_stopped_printer_then_a_reprint_once_it_is_back(qtbot, window, cups: Cups) -> None:
    # A queue of this test's own, so the other tests find theirs as they left them.
    cups.server.add_queue("counter", enabled=False)
    case_no = complete_a_case(window.desk)
    window.desk.set_printer_for("slip", DocumentPrinter("counter", Paper.THERMAL_80, 1))
    window.on_case_requested(case_no)
    detail = window.view("case_detail")
    detail.reprint("slip")
    stopped = zh(
        "Problems",
        "{0}: printer {1} is stopped. Start it again (or ask IT), then press Retry. The case "
        "is saved.",
    ).format(zh("Problems", "Return slip"), "counter")
    qtbot.waitUntil(lambda: detail.banner.text() == stopped, timeout=30000)
    with window.desk.db.read() as s:
        assert s.scalar(select(AfterSalesCase.status).where(AfterSalesCase.case_no == case_no)) == (
            "completed"
        )
    printed = zh("Problems", "{0}: printed on {1}.").format(
        zh("Problems", "Return slip"), "counter"
    )
    before = snapshot(cups.output_dir)
    cups.server.run("cupsenable", "counter")
    detail.reprint("slip")
    qtbot.waitUntil(lambda: detail.banner.text() == printed, timeout=30000)
    cups.made.extend(wait_for_new_files(cups.output_dir, before, contains=case_no))
    with window.desk.db.read() as s:
        case = s.scalar(select(AfterSalesCase).where(AfterSalesCase.case_no == case_no))
        jobs = s.scalars(select(PrintJob).where(PrintJob.case_id == case.id).order_by(PrintJob.id))
        assert [(j.document, j.printer, j.outcome, j.problem) for j in jobs] == [
            ("slip", "counter", "failed", "stopped"),
            ("slip", "counter", "printed", ""),
        ]
    # The timeline says both, with the printer.
    texts = [detail.timeline.item(r, 2).text() for r in range(detail.timeline.rowCount())]
    assert any(zh("Timeline", "Printing failed") in t and "counter" in t for t in texts)
    assert any(zh("Timeline", "Printed") in t and "counter" in t for t in texts)
