"""Printing on CUPS: from ``submit_pdf`` to the job accepted by the queue, and to completed.

Starts a private cupsd with a cups-pdf queue (the tests' start-up code,
``tests/cups/private_cupsd.py``, imported by path), renders an 80 mm return slip per job
as a case completion would, and submits it through the app's print path
(``aftersales.printing.queues.submit_pdf``). For each job:

- accepted: from calling ``submit_pdf`` to ``lp`` returning with the job id (the queue
  has the job; from here a printer error no longer loses it);
- completed: from calling ``submit_pdf`` to its return, once the job has left the queue
  (cups-pdf has re-distilled it through Ghostscript: a real printer takes its own time);
- render + accepted: the slip's rendering added, i.e. from "complete" to accepted.

The first job is shown apart: it loads pypdfium2 (for the paper size). Target: accepted
≤ 1 s. The printed files are removed from cups-pdf's folder afterwards.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

from _common import environment_line, percentile

from aftersales.printing import queues
from aftersales.printing.slip import SlipData, SlipLine, render_slip_80mm

ROOT = Path(__file__).resolve().parent.parent


def load_private_cupsd() -> ModuleType:
    path = ROOT / "tests" / "cups" / "private_cupsd.py"
    spec = importlib.util.spec_from_file_location("private_cupsd", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def slip(n: int) -> SlipData:
    line = SlipLine(
        product_name="纯棉圆领T恤",
        sku="TS001-WHT-M",
        size="M",
        colour="白色",
        qty=1,
        problem="质量问题",
        inspection="吊牌在 · 未穿着 · 开线",
        liability="生产商",
        decision="退款",
        amount_fen=9900,
    )
    return SlipData(
        store_name="上海南京路店",
        store_code="SH01",
        store_phone="021-6321 8888",
        case_no=f"SH01-261123-02-{n:04d}",
        created_at=datetime.now(UTC),
        cashier_name="李娜",
        customer_name="王小明",
        customer_phone_masked="138****5678",
        receipt_no="SH01-02-261120-0013",
        lines=(line,),
        refund_total_fen=9900,
        tender_label="微信支付",
        approver_name=None,
        rule_reason="质量问题：购买后30天内可退款或换货。",
        status_label="已完成",
    )


class LpClock:
    """Notes when each ``lp`` run returns, by wrapping the module's subprocess runner."""

    def __init__(self) -> None:
        self.lp_returned: float | None = None
        self._run = queues._run

    def __enter__(self) -> LpClock:
        def timed(path: str, *args: str, timeout: float) -> queues._Run:
            result = self._run(path, *args, timeout=timeout)
            if Path(path).name == "lp":
                self.lp_returned = time.perf_counter()
            return result

        queues._run = timed
        return self

    def __exit__(self, *exc: object) -> None:
        queues._run = self._run


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=20, help="measured jobs (default 20)")
    args, _ = parser.parse_known_args()

    cupsd = load_private_cupsd()
    reason = cupsd.why_unavailable()
    if reason is not None:
        print(f"skipped: {reason}")
        return

    work = Path(tempfile.mkdtemp(prefix="aftersales-bench-print-"))
    token = f"bench{uuid.uuid4().hex[:10]}"
    t = time.perf_counter()
    server = cupsd.start_cupsd()
    started = time.perf_counter() - t
    cups = None
    output_dir, existed = None, True
    try:
        t = time.perf_counter()
        server.add_queue("slip80")
        queue_made = time.perf_counter() - t
        probe = render_slip_80mm(slip(0), work / "probe.pdf")
        output_dir, existed = cupsd.locate_cups_pdf_output(server, "slip80", probe)
        cups = cupsd.Cups(server, output_dir, False)
        os.environ["CUPS_SERVER"] = server.server
        before = cups.snapshot()

        rows = []  # (render, accepted, completed)
        with LpClock() as clock:
            for n in range(1, args.jobs + 2):
                t0 = time.perf_counter()
                pdf = render_slip_80mm(slip(n), work / f"slip{n}.pdf")
                t1 = time.perf_counter()
                clock.lp_returned = None
                outcome = queues.submit_pdf("slip80", pdf, title=f"{token}-{n}")
                t2 = time.perf_counter()
                if not outcome.ok or clock.lp_returned is None:
                    print(f"job {n} did not print: {outcome}")
                    return
                rows.append((t1 - t0, clock.lp_returned - t1, t2 - t1))
        printed = cups.printed(before, token, count=len(rows))

        first, steady = rows[0], rows[1:]
        render = sorted(r for r, _, _ in steady)
        accepted = sorted(a for _, a, _ in steady)
        completed = sorted(c for _, _, c in steady)
        render_accepted = sorted(r + a for r, a, _ in steady)
        print(environment_line())
        print(
            f"private cupsd: answering after {ms(started)}, cups-pdf queue made in "
            f"{ms(queue_made)}; cups-pdf writes to {output_dir}"
        )
        print(f"first job (loads pypdfium2): accepted {ms(first[1])}, completed {ms(first[2])}")
        for label, values in (
            ("submit_pdf -> accepted by CUPS (lp returned)", accepted),
            ("submit_pdf -> job completed", completed),
            ("render slip", render),
            ("render + accepted (from 'complete')", render_accepted),
        ):
            print(
                f"{label}, {len(values)} jobs: p50 {ms(percentile(values, 50))}, "
                f"p95 {ms(percentile(values, 95))}, max {ms(values[-1])}"
            )
        print("target: accepted ≤ 1 s")
        print(f"cups-pdf files found: {len(printed)} of {len(rows)} (removed)")
    finally:
        server.stop()
        if cups is not None:
            cups.remove_printed()
        if output_dir is not None and not existed:
            try:
                output_dir.rmdir()
            except OSError:
                pass
        for path in work.iterdir():
            path.unlink()
        work.rmdir()


if __name__ == "__main__":
    main()
