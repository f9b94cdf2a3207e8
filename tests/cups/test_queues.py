"""Printing through a real CUPS: ``aftersales.printing.queues`` against a private cupsd.

The printed file is what cups-pdf made of the job (Ghostscript re-distils it, so it has
no text layer): the checks on it are the paper size and the barcode, scanned at the
203 dpi of a thermal printer. Text checks belong to the app's own PDF
(tests/printing/).
"""

from __future__ import annotations

import math
import re
import socket
import subprocess
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from private_cupsd import Cups
from reportlab.lib.pagesizes import A4, LETTER, landscape
from reportlab.pdfgen import canvas

from aftersales.printing.queues import (
    PrintOutcome,
    PrintProblem,
    QueueState,
    list_queues,
    media_for,
    queue_state,
    submit_pdf,
)
from aftersales.printing.slip import SlipData, SlipLine, render_slip_80mm

MM = 72 / 25.4
CASE_NO = "SH01-261123-02-0007"
CST = timezone(timedelta(hours=8), "CST")


def make_slip(case_no: str = CASE_NO) -> SlipData:
    """A one-item return slip, as the service layer fills it."""
    line = SlipLine(
        product_name="纯棉圆领T恤",
        sku="TS-001-WHT-M",
        size="M",
        colour="白色",
        qty=1,
        problem="质量问题",
        inspection="吊牌在 · 未穿着 · 开线",
        liability="生产商",
        decision="退款",
        amount_fen=19900,
    )
    return SlipData(
        store_name="上海南京路店",
        store_code="SH01",
        store_phone="021-6321 8888",
        case_no=case_no,
        created_at=datetime(2026, 11, 23, 14, 5, tzinfo=CST),
        cashier_name="王小美",
        customer_name="李女士",
        customer_phone_masked="138****5678",
        receipt_no="SH01-02-261123-0042",
        lines=(line,),
        refund_total_fen=19900,
        tender_label="微信支付",
        approver_name="张店长",
        rule_reason="7天内无理由退货：商品吊牌完好、未穿着、未洗涤，按原支付方式全额退款。",
        status_label="已完成",
    )


@pytest.fixture
def slip_pdf(tmp_path: Path) -> Path:
    return render_slip_80mm(make_slip(), tmp_path / f"{CASE_NO}.pdf")


def page_size_pt(pdf: Path) -> tuple[float, float]:
    """The first page's size, as ``pdfinfo`` reports it."""
    out = subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    match = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", out, re.MULTILINE)
    assert match, out
    return float(match.group(1)), float(match.group(2))


def page_count(pdf: Path) -> int:
    out = subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    match = re.search(r"^Pages:\s+(\d+)", out, re.MULTILINE)
    assert match, out
    return int(match.group(1))


def scan_code128(pdf: Path, workdir: Path, *, dpi: int = 203) -> list[str]:
    """Render the first page at ``dpi`` (as a thermal printer would) and decode Code128."""
    out = workdir / f"{pdf.stem}-{dpi}"
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", "-gray"]
        + [str(pdf), str(out)],
        check=True,
        timeout=60,
    )
    with Image.open(out.with_suffix(".pgm")) as image:
        found = zxingcpp.read_barcodes(
            image, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.Code128)
        )
    return [b.text for b in found]


def jobs_of(cups: Cups, queue: str) -> str:
    """Every job the private CUPS has for ``queue``, finished or not."""
    return cups.server.run("lpstat", "-W", "all", "-o", queue)


def pdf_of_size(path: Path, width: float, height: float) -> Path:
    page = canvas.Canvas(str(path), pagesize=(width, height))
    page.drawString(20, 20, "size")
    page.save()
    return path


# -- queues ------------------------------------------------------------------------------


def test_list_queues_sees_the_private_queues(cups: Cups) -> None:
    assert {"slip80", "stopped", "rejecting"} <= set(list_queues())


def test_queue_state_of_each_queue(cups: Cups) -> None:
    assert queue_state("slip80") in (QueueState.READY, QueueState.PRINTING)
    assert queue_state("stopped") is QueueState.STOPPED
    assert queue_state("rejecting") is QueueState.REJECTING
    assert queue_state("no-such-queue") is QueueState.MISSING


# -- printing ----------------------------------------------------------------------------


def test_slip_prints_on_80mm_paper_and_its_barcode_scans(
    cups: Cups, slip_pdf: Path, tmp_path: Path, poppler: None
) -> None:
    token = cups.token()
    before = cups.snapshot()

    outcome = submit_pdf("slip80", slip_pdf, title=f"{CASE_NO} {token}")

    assert outcome == PrintOutcome("slip80", outcome.job_id, None, outcome.detail)
    assert outcome.ok
    assert outcome.job_id is not None and re.fullmatch(r"slip80-\d+", outcome.job_id)
    [printed] = cups.printed(before, token)
    width, height = page_size_pt(printed)
    _, slip_height = page_size_pt(slip_pdf)
    # cups-pdf sizes the page in whole points: within a millimetre of the slip's paper.
    assert abs(width - 80 * MM) < 1 * MM, (width, height)
    assert slip_height - 1 * MM < height < slip_height + 1.5 * MM, (height, slip_height)
    assert scan_code128(printed, tmp_path) == [CASE_NO]


def test_copies_reach_cups_as_one_job_of_two_copies(
    cups: Cups, slip_pdf: Path, poppler: None
) -> None:
    token = cups.token()
    before = cups.snapshot()

    outcome = submit_pdf("slip80", slip_pdf, copies=2, title=token)

    assert outcome.ok, outcome
    assert outcome.job_id is not None
    number = outcome.job_id.rsplit("-", 1)[1]
    # CUPS counts the job's sheets in its page log: "slip80 root 7 [date] total 2 ...".
    lines = [
        line for line in cups.page_log().splitlines() if line.split()[:3:2] == ["slip80", number]
    ]
    assert len(lines) == 1 and " total 2 " in lines[0], cups.page_log()
    # One job, so one file: the copies travel inside the PostScript cups-pdf renders
    # (NumCopies), which Ghostscript's PDF writer does not repeat as pages.
    [printed] = cups.printed(before, token)
    assert page_count(printed) == 1


def test_stopped_queue_prints_nothing_then_retry_works(
    cups: Cups, slip_pdf: Path, poppler: None
) -> None:
    token = cups.token()
    before = cups.snapshot()

    outcome = submit_pdf("stopped", slip_pdf, title=token)

    assert outcome.problem is PrintProblem.STOPPED and not outcome.ok
    assert outcome.job_id is None
    assert "disabled" in outcome.detail and "Stopped by the test" in outcome.detail
    assert jobs_of(cups, "stopped") == ""  # the queue holds nothing that could print later
    assert not [n for n in cups.snapshot() if token in n]

    cups.server.enable("stopped")
    try:
        retry = submit_pdf("stopped", slip_pdf, title=token)
        assert retry.ok, retry
        assert retry.job_id is not None and retry.job_id.startswith("stopped-")
        assert len(cups.printed(before, token)) == 1
    finally:
        cups.server.disable("stopped")


def test_rejecting_queue(cups: Cups, slip_pdf: Path) -> None:
    outcome = submit_pdf("rejecting", slip_pdf)

    assert outcome.problem is PrintProblem.REJECTING and outcome.job_id is None
    assert "not accepting" in outcome.detail
    assert jobs_of(cups, "rejecting") == ""


def test_unknown_queue(cups: Cups, slip_pdf: Path) -> None:
    outcome = submit_pdf("no-such-queue", slip_pdf)

    assert outcome == PrintOutcome("no-such-queue", None, PrintProblem.MISSING, outcome.detail)
    assert "no-such-queue" in outcome.detail


@pytest.mark.parametrize("queue", [None, ""])
def test_no_printer_chosen(queue: str | None, slip_pdf: Path) -> None:
    assert submit_pdf(queue, slip_pdf) == PrintOutcome("", None, PrintProblem.NO_PRINTER)


def test_no_cups_client(
    cups: Cups, slip_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))

    outcome = submit_pdf("slip80", slip_pdf)

    assert outcome.problem is PrintProblem.NO_CUPS and outcome.job_id is None
    assert list_queues() == []
    assert queue_state("slip80") is QueueState.MISSING


def test_no_scheduler_answering(
    slip_pdf: Path, monkeypatch: pytest.MonkeyPatch, cups_session: Cups
) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("CUPS_SERVER", f"127.0.0.1:{port}")  # nothing listens there

    outcome = submit_pdf("slip80", slip_pdf)

    assert outcome.problem is PrintProblem.NO_CUPS, outcome
    assert "scheduler is not running" in outcome.detail
    assert list_queues() == []


def test_job_aborted_by_cups_is_failed_with_its_reason(cups: Cups, slip_pdf: Path) -> None:
    if not cups.has_broken_queues:
        pytest.skip("the CUPS serial backend is not installed")

    outcome = submit_pdf("broken", slip_pdf, wait_s=20)

    assert outcome.problem is PrintProblem.FAILED, outcome
    assert outcome.job_id is not None and outcome.job_id.startswith("broken-")
    assert outcome.detail.startswith("job aborted")
    assert "Unable to open serial port" in outcome.detail  # the backend's own words


def test_queue_stopping_with_the_job_in_it_reports_it_queued(cups: Cups, slip_pdf: Path) -> None:
    if not cups.has_broken_queues:
        pytest.skip("the CUPS serial backend is not installed")

    outcome = submit_pdf("halting", slip_pdf, wait_s=20)

    try:
        # Not STOPPED ("nothing sent, retry"): the job waits in the queue and prints
        # once the queue is started, so a retry would print it twice.
        assert outcome.problem is PrintProblem.TIMEOUT, outcome
        assert outcome.job_id is not None and outcome.job_id.startswith("halting-")
        assert "Unable to open serial port" in outcome.detail
        assert queue_state("halting") is QueueState.STOPPED
    finally:
        if outcome.job_id:
            cups.server.run("cancel", outcome.job_id)


def test_job_stopped_by_a_failing_filter_is_failed(cups: Cups, slip_pdf: Path) -> None:
    if not cups.has_broken_queues:
        pytest.skip("the CUPS serial backend is not installed")

    outcome = submit_pdf("jammed", slip_pdf, wait_s=20)

    try:
        assert outcome.problem is PrintProblem.FAILED, outcome
        assert outcome.job_id is not None and outcome.job_id.startswith("jammed-")
        assert outcome.detail.startswith("job stopped") and "Filter failed" in outcome.detail
    finally:
        if outcome.job_id:
            cups.server.run("cancel", outcome.job_id)


def test_two_jobs_at_once_from_two_threads(cups: Cups, slip_pdf: Path, poppler: None) -> None:
    token = cups.token()
    before = cups.snapshot()

    with ThreadPoolExecutor(2) as pool:
        outcomes = list(
            pool.map(lambda n: submit_pdf("slip80", slip_pdf, title=f"{token}-{n}"), (1, 2))
        )

    assert [o.ok for o in outcomes] == [True, True], outcomes
    assert len({o.job_id for o in outcomes}) == 2
    assert len(cups.printed(before, token, count=2)) == 2


def test_copies_below_one_is_a_bug(slip_pdf: Path) -> None:
    with pytest.raises(ValueError):
        submit_pdf("slip80", slip_pdf, copies=0)


def test_unreadable_pdf_fails_without_a_job(cups: Cups, tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"not a pdf")

    outcome = submit_pdf("slip80", broken)

    assert outcome.problem is PrintProblem.FAILED and outcome.job_id is None
    assert "broken.pdf" in outcome.detail


# -- paper -------------------------------------------------------------------------------


def test_media_for_a4(tmp_path: Path) -> None:
    assert media_for(pdf_of_size(tmp_path / "a4.pdf", *A4)) == "A4"
    assert media_for(pdf_of_size(tmp_path / "a4l.pdf", *landscape(A4))) == "A4"
    assert media_for(pdf_of_size(tmp_path / "letter.pdf", *LETTER)) == "Letter"


def test_media_for_the_80mm_slip(slip_pdf: Path, poppler: None) -> None:
    width, height = page_size_pt(slip_pdf)
    assert abs(width - 80 * MM) < 0.01
    assert media_for(slip_pdf) == f"Custom.80x{math.ceil(height / MM - 0.05)}mm"


def test_media_for_a_whole_millimetre_page_is_not_rounded_up(tmp_path: Path) -> None:
    pdf = pdf_of_size(tmp_path / "exact.pdf", 80 * MM, 150 * MM)
    assert media_for(pdf) == "Custom.80x150mm"
    pdf = pdf_of_size(tmp_path / "longer.pdf", 80 * MM, 150.2 * MM)
    assert media_for(pdf) == "Custom.80x151mm"
