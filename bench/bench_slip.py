"""The case's documents: the first after start, then steady state per document, and sizes.

Each figure comes from a fresh process, as at a till:
- cold: the first slip with nothing loaded (reportlab import and the CJK font included);
- first after start: the app begins loading the font in the background when it opens its
  database, and a case takes far longer than that; so this is the first render after
  the background load has finished;
- steady state: 200 more slips, per slip;
- then 50 of each other document and paper (customer receipt on 80 mm, both on A4).
Targets: first ≤ 100 ms, steady state ≤ 20 ms per document, 80 mm slip ≤ 60 KB.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import textwrap

CHILD = textwrap.dedent("""
    import json, sys, tempfile, time
    from datetime import datetime, timezone
    from pathlib import Path
    t0 = time.perf_counter()
    mode = sys.argv[1]
    from aftersales.printing import fonts
    if mode == "warm":
        fonts.preload_fonts_in_background().join()
    t_ready = time.perf_counter()
    from aftersales.printing.slip import SlipData, SlipLine, render_slip_80mm
    def data(n):
        line = SlipLine(product_name="纯棉圆领T恤", sku="TS001-WHT-M", size="M", colour="白色",
                        qty=1, problem="质量问题", inspection="吊牌在 · 未穿着 · 开线",
                        liability="生产商", decision="退款", amount_fen=9900)
        return SlipData(store_name="上海南京路店", store_code="SH01", store_phone="021-6321 8888",
                        case_no=f"SH01-261123-02-{n:04d}",
                        created_at=datetime.now(timezone.utc), cashier_name="李娜",
                        customer_name="王小明", customer_phone_masked="138****5678",
                        receipt_no="SH01-02-261120-0013", lines=(line,), refund_total_fen=9900,
                        tender_label="微信支付", approver_name=None,
                        rule_reason="质量问题：购买后30天内可退款或换货。", status_label="已完成")
    out = Path(tempfile.mkdtemp())
    t1 = time.perf_counter()
    render_slip_80mm(data(1), out / "first.pdf")
    first = time.perf_counter() - t1
    steady = []
    for i in range(2, 202):
        t = time.perf_counter()
        render_slip_80mm(data(i), out / f"s{i}.pdf")
        steady.append(time.perf_counter() - t)
    from aftersales.printing.customer_receipt import (
        CustomerReceiptData, CustomerReceiptLine, render_customer_receipt)
    from aftersales.printing.paper import Paper
    from aftersales.printing.slip import render_slip
    receipt = CustomerReceiptData(
        store_name="上海南京路店", store_phone="021-6321 8888", case_no="SH01-261123-02-0001",
        created_at=datetime.now(timezone.utc), status_label="已完成",
        lines=(CustomerReceiptLine("纯棉圆领T恤", "TS001-WHT-M", "M", "白色", 1, "退款", 9900),),
        refunds=(("微信支付", 9900),), refund_promise="退款将在5个工作日内退回原支付账户。",
        response_promise="我们承诺在48小时内答复您的售后问题。",
        feedback="如有疑问请致电 021-6321 8888")
    others = {}
    for name, fn in (
        ("receipt 80 mm", lambda p: render_customer_receipt(receipt, p, Paper.THERMAL_80)),
        ("receipt A4", lambda p: render_customer_receipt(receipt, p, Paper.A4)),
        ("slip A4", lambda p: render_slip(data(1), p, Paper.A4)),
    ):
        times = []
        for i in range(50):
            t = time.perf_counter()
            fn(out / f"o{i}.pdf")
            times.append(time.perf_counter() - t)
        others[name] = [times, (out / "o0.pdf").stat().st_size]
    print(json.dumps({"first": first, "since_start": time.perf_counter() - t0 - sum(steady),
                      "others": others,
                      "font_wait": t_ready - t0, "steady": steady,
                      "size": (out / "first.pdf").stat().st_size}))
""")


def run(mode: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, mode], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out)


def main() -> None:
    cold = run("cold")
    warm = run("warm")
    steady = sorted(warm["steady"] + cold["steady"])
    p95 = steady[int(len(steady) * 0.95)]
    print(f"cold first slip (font loaded on demand): {cold['first'] * 1000:.0f} ms")
    print(
        f"first slip after start (font preloaded in the background): "
        f"{warm['first'] * 1000:.0f} ms (target ≤ 100 ms)"
    )
    print(
        f"steady state per slip over {len(steady)} slips: median "
        f"{statistics.median(steady) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms "
        f"(target ≤ 20 ms)"
    )
    print(f"80 mm slip, one line: {cold['size'] / 1024:.1f} KB (target ≤ 60 KB)")
    for name, (times, size) in warm["others"].items():
        times = sorted(times)
        print(
            f"{name}: median {statistics.median(times) * 1000:.1f} ms, "
            f"p95 {times[int(len(times) * 0.95)] * 1000:.1f} ms, {size / 1024:.1f} KB"
        )


if __name__ == "__main__":
    main()
