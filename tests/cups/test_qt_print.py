"""The Qt print path (the one Windows' spooler uses) against the same real CUPS: Qt lists
its queues, and the slip's pages reach the printer with a barcode that still scans."""

from __future__ import annotations

import os
from pathlib import Path

from private_cupsd import Cups, snapshot, wait_for_new_files
from test_queues import CASE_NO, make_slip, scan_code128

from aftersales.printing.queues import PrintProblem
from aftersales.printing.slip import render_slip_80mm

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def test_qt_lists_the_queues_and_prints_the_slip(qtbot, cups: Cups, tmp_path: Path) -> None:
    from aftersales.ui.qt_print import print_pdf_with_qt, qt_queues

    assert {"slip80", "stopped", "rejecting"} <= set(qt_queues())
    pdf = render_slip_80mm(make_slip(), tmp_path / "slip.pdf")
    before = snapshot(cups.output_dir)
    token = cups.token()
    outcome = print_pdf_with_qt("slip80", pdf, copies=1, title=token)
    assert outcome.ok, outcome
    [printed] = wait_for_new_files(cups.output_dir, before, contains=token)
    cups.made.append(printed)
    assert CASE_NO in scan_code128(printed, tmp_path, dpi=300)


def test_qt_names_a_printer_that_is_not_there(qtbot, cups: Cups, tmp_path: Path) -> None:
    from aftersales.ui.qt_print import print_pdf_with_qt

    pdf = render_slip_80mm(make_slip(), tmp_path / "slip.pdf")
    assert print_pdf_with_qt("no-such-printer", pdf).problem is PrintProblem.MISSING
    assert print_pdf_with_qt(None, pdf).problem is PrintProblem.NO_PRINTER
