"""Return slip and customer receipt, on 80 mm and A4, read back as the store would.

Every check runs on each document x each paper x a one-line case and a 40-line case
with long Chinese names (the 40-line cases are also reprints), so a layout that works on
one paper but clips, loses text or breaks a barcode on the other fails here.
"""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from printing_helpers import (
    CASE_NO,
    DISPOSITIONS,
    FEEDBACK,
    LONG_REASON,
    MM,
    REFUND_PROMISE,
    RESPONSE_PROMISE,
    Pdf,
    long_lines,
    make_receipt,
    make_slip,
    receipt_lines,
    squash,
)

from aftersales.printing.customer_receipt import render_customer_receipt
from aftersales.printing.paper import Paper
from aftersales.printing.preview import render_preview
from aftersales.printing.slip import render_slip, render_slip_80mm

# (page width, margin) in points, as the paper and its printer need them.
GEOMETRY = {Paper.THERMAL_80: (80 * MM, 4 * MM), Paper.A4: (210 * MM, 15 * MM)}
A4_HEIGHT = 297 * MM
# Resolutions the barcode must scan at: a thermal printer's, and a modest office scan.
SCAN_DPI = {Paper.THERMAL_80: 203, Paper.A4: 150}
# pdftotext rounds glyph boxes; a quarter point is far below anything a person would see.
TOLERANCE = 0.25
TITLES = {"slip": "售后退货单", "receipt": "售后回执"}
REPRINTS = 3  # the 40-line cases are the third reprint
# Customer data that must never reach the customer's receipt (the sample slip has it).
CUSTOMER_NAME = "李女士"
PHONE_LIKE = re.compile(r"1[3-9]\d[\d*]{4}\d{4}")


@dataclass(frozen=True)
class Case:
    """A rendered document and what it was made from."""

    doc: str
    paper: Paper
    size: int
    path: Path
    names: tuple[str, ...]
    skus: tuple[str, ...]
    amounts: tuple[int, ...]
    reprint: int

    @property
    def width(self) -> float:
        return GEOMETRY[self.paper][0]

    @property
    def margin(self) -> float:
        return GEOMETRY[self.paper][1]


def render_case(doc: str, paper: Paper, size: int, folder: Path) -> Case:
    reprint = REPRINTS if size > 1 else 0
    path = folder / f"{doc}-{paper.value}-{size}.pdf"
    if doc == "slip":
        slip_lines = long_lines(size) if size > 1 else make_slip().lines
        slip = make_slip(slip_lines, rule_reason=LONG_REASON, reprint=reprint)
        render_slip(slip, path, paper)
        lines = [(x.product_name, x.sku, x.amount_fen) for x in slip.lines]
    else:
        receipt_items = receipt_lines(size) if size > 1 else make_receipt().lines
        changes: dict[str, object] = {}
        if size > 1:
            changes = {
                "refunds": (("微信支付", 100000), ("门店储值卡", 23456)),
                "exchange_difference_fen": -2000,
                "repair_due": "2026-12-01",
            }
        receipt = make_receipt(receipt_items, reprint=reprint, **changes)
        render_customer_receipt(receipt, path, paper)
        lines = [(x.product_name, x.sku, x.amount_fen) for x in receipt.lines]
    names, skus, amounts = zip(*lines, strict=True)
    return Case(doc, paper, size, path, names, skus, amounts, reprint)


CASES = [(d, p, n) for d in TITLES for p in Paper for n in (1, 40)]


def case_id(params: tuple[str, Paper, int]) -> str:
    doc, paper, size = params
    return f"{doc}-{paper.value}-{size}"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory, font: str) -> Callable[..., Case]:
    """Render each case once per module (the checks only read the files)."""
    folder = tmp_path_factory.mktemp("documents")
    done: dict[tuple[str, Paper, int], Case] = {}

    def get(doc: str, paper: Paper, size: int) -> Case:
        key = (doc, paper, size)
        if key not in done:
            done[key] = render_case(doc, paper, size, folder)
        return done[key]

    return get


@pytest.fixture(params=CASES, ids=case_id)
def case(request: pytest.FixtureRequest, rendered: Callable[..., Case]) -> Case:
    return rendered(*request.param)


@pytest.fixture(params=[c for c in CASES if c[1] is Paper.A4], ids=case_id)
def a4_case(request: pytest.FixtureRequest, rendered: Callable[..., Case]) -> Case:
    return rendered(*request.param)


@pytest.fixture(params=[c for c in CASES if c[1] is Paper.THERMAL_80], ids=case_id)
def thermal_case(request: pytest.FixtureRequest, rendered: Callable[..., Case]) -> Case:
    return rendered(*request.param)


# -- what is printed -------------------------------------------------------------------------


def test_reads_back_in_chinese(case: Case, pdf: Pdf) -> None:
    raw = pdf.text(case.path)
    text = squash(raw)
    for expected in (TITLES[case.doc], "上海南京路店", "021-63218888", CASE_NO, "2026-11-2314:05"):
        assert expected in text, expected
    for name, sku in zip(case.names, case.skus, strict=True):
        assert squash(name) in text, name
        assert sku in text, sku
    assert ("重印" in text) == (case.reprint > 0)
    if case.reprint:
        assert f"重印/REPRINT第{case.reprint}次" in text
    if case.doc == "slip":
        for caption in ("顾客签字", "店员签字", "审批人签字", "去向"):
            assert caption in text, caption
        assert squash(LONG_REASON) in text
        # Each item's disposition is printed (the 1-line sample's is the fourth kind).
        expected_dispositions = DISPOSITIONS if case.size > 1 else ("退回供应商",)
        for disposition in expected_dispositions:
            assert disposition in text, disposition
    else:
        for expected in (RESPONSE_PROMISE, REFUND_PROMISE, FEEDBACK, "顾客联"):
            assert squash(expected) in text, expected
        # Nothing about the customer: no name, no phone number, masked or not.
        assert CUSTOMER_NAME not in text
        assert not PHONE_LIKE.search(raw), PHONE_LIKE.search(raw)
        assert "顾客签字" not in text


def test_receipt_shows_the_money_and_the_dates(
    rendered: Callable[..., Case], pdf: Pdf, paper: Paper
) -> None:
    def rows(size: int) -> list[str]:
        layout = pdf.text(rendered("receipt", paper, size).path, layout=True)
        return [squash(row) for row in layout.splitlines()]

    many = rows(40)
    # Per tender, then the total; the exchange's difference; the repair's date: each
    # caption on one row with its value.
    for expected in (
        "退款·微信支付¥1,000.00",
        "退款·门店储值卡¥234.56",
        "退款合计¥1,234.56",
        "换货差价退还顾客¥20.00",
        "维修预计完成2026-12-01",
    ):
        assert any(row.endswith(expected) for row in many), expected
    one = rows(1)
    assert any(row.endswith("退款·微信支付¥199.00") for row in one)
    assert not any("换货差价" in row or "维修预计完成" in row for row in one)


@pytest.fixture(params=list(Paper), ids=[p.value for p in Paper])
def paper(request: pytest.FixtureRequest) -> Paper:
    result: Paper = request.param
    return result


def test_nothing_runs_off_the_page(case: Case, pdf: Pdf) -> None:
    pages, words = pdf.words(case.path)
    assert words
    for page in pages:
        assert page.width == pytest.approx(case.width, abs=0.01)
    # Stricter than "on the page": inside the margins (on 80 mm paper, inside the 72 mm
    # the printer actually prints).
    right = case.width - case.margin + TOLERANCE
    overflow = [w for w in words if w.x_max > right]
    assert not overflow, [(w.page, w.text, round(w.x_max / MM, 1)) for w in overflow]
    underflow = [w for w in words if w.x_min < case.margin - TOLERANCE]
    assert not underflow, [(w.page, w.text, round(w.x_min / MM, 1)) for w in underflow]
    for w in words:
        height = pages[w.page - 1].height
        assert case.margin - TOLERANCE <= w.y_min, (w.page, w.text)
        assert w.y_max <= height - case.margin + TOLERANCE, (w.page, w.text)


def test_overlong_fields_stay_on_the_paper(
    tmp_path: Path, font: str, pdf: Pdf, paper: Paper
) -> None:
    slip_line = replace(
        long_lines(1)[0],
        product_name="超长" * 40,
        sku="SKU-" + "X" * 80,
        inspection="A" * 60 + " · " + "吊牌在" * 12,
        decision="换货并补偿差价" * 4,
        disposition="退回供应商并索赔" * 5,
        amount_fen=123456789,
    )
    slip = make_slip(
        (slip_line,),
        store_name="上海南京东路步行街旗舰店（第一百货商业中心二楼东区）",
        tender_label="微信支付（零钱通）与门店储值卡组合支付" * 2,
        approver_name="区域运营经理" * 5,
        reprint=12345,
    )
    receipt = make_receipt(
        (
            replace(
                receipt_lines(1)[0],
                product_name="超长" * 40,
                sku="SKU-" + "X" * 80,
                amount_fen=123456789,
                detail="预计" * 60,
            ),
        ),
        refunds=(("微信支付（零钱通）与门店储值卡组合支付" * 2, 123456789),),
        refund_promise="退款" * 80,
        feedback="意见反馈" * 40,
    )
    width, margin = GEOMETRY[paper]
    paths = [
        render_slip(slip, tmp_path / "slip.pdf", paper),
        render_customer_receipt(receipt, tmp_path / "receipt.pdf", paper),
    ]
    for path in paths:
        _, words = pdf.words(path)
        assert max(w.x_max for w in words) <= width - margin + TOLERANCE, path.name
        assert min(w.x_min for w in words) >= margin - TOLERANCE, path.name
        text = squash(pdf.text(path))
        for expected in ("超长" * 40, "X" * 80, "¥1,234,567.89"):
            assert expected in text, (path.name, expected)
    assert "退回供应商并索赔" * 5 in squash(pdf.text(paths[0]))


def test_item_amounts_line_up_at_the_right_margin(
    rendered: Callable[..., Case], pdf: Pdf, paper: Paper
) -> None:
    for doc in TITLES:
        case = rendered(doc, paper, 40)
        _, words = pdf.words(case.path)
        # ¥299.00 is only ever an item's refund (no detail text mentions it).
        amounts = [w for w in words if w.text == "¥299.00"]
        assert len(amounts) == case.amounts.count(29900) > 0
        for w in amounts:
            assert w.x_max == pytest.approx(case.width - case.margin, abs=0.5), w


def test_only_embedded_subset_fonts(case: Case, pdf: Pdf) -> None:
    fonts = pdf.fonts(case.path)
    assert fonts
    for row in fonts:
        assert row.embedded and row.subset and row.unicode, row
        assert "WenQuanYi" in row.name


def test_barcode_scans_as_the_case_number(case: Case, pdf: Pdf) -> None:
    dpi = SCAN_DPI[case.paper]
    # On a roll the barcode is near the top of a page that may be metres long.
    top = 90 if case.paper is Paper.THERMAL_80 else None
    scans = pdf.scan(case.path, dpi=dpi, height_mm=top, png=False)
    assert [(s.format, s.text) for s in scans] == [("Code 128", CASE_NO)]


# -- pages -----------------------------------------------------------------------------------


def test_a4_pages_are_numbered_and_name_the_case(a4_case: Case, pdf: Pdf) -> None:
    case = a4_case
    sizes = pdf.page_sizes(case.path)
    for size in sizes:
        assert (size.width, size.height) == (
            pytest.approx(case.width, abs=0.01),
            pytest.approx(A4_HEIGHT, abs=0.01),
        )
    if case.size == 1:
        assert len(sizes) == 1
    else:
        assert len(sizes) >= 2
    for page in range(1, len(sizes) + 1):
        text = squash(pdf.text(case.path, page=page))
        assert f"第{page}/{len(sizes)}页" in text, page
        assert CASE_NO in text, page
        assert ("重印" in text) == (case.reprint > 0), page


def test_a4_never_breaks_inside_an_item(rendered: Callable[..., Case], pdf: Pdf) -> None:
    for doc in TITLES:
        case = rendered(doc, Paper.A4, 40)
        _, words = pdf.words(case.path)
        pages_of: dict[str, set[int]] = {}
        for w in words:
            pages_of.setdefault(w.text, set()).add(w.page)
        assert max(w.page for w in words) >= 2
        for number, sku in enumerate(case.skus, start=1):
            # An item's number is on its first row, its code under its name: both on
            # one page.
            assert pages_of[f"{number}."] == pages_of[sku], (doc, number)


def test_thermal_is_one_page_as_long_as_its_content(thermal_case: Case, pdf: Pdf) -> None:
    case = thermal_case
    (size,) = pdf.page_sizes(case.path)
    assert size.width == pytest.approx(case.width, abs=0.01)
    _, words = pdf.words(case.path)
    # No paper fed blank after the last row.
    assert size.height - max(w.y_max for w in words) < case.margin + 3 * MM


def test_reprint_mark_is_at_the_top(rendered: Callable[..., Case], pdf: Pdf, paper: Paper) -> None:
    for doc in TITLES:
        _, words = pdf.words(rendered(doc, paper, 40).path)
        first = [w for w in words if w.page == 1]
        mark = next(w for w in first if w.text == "重印")
        store = next(w for w in first if w.text == "上海南京路店")
        assert mark.y_max <= store.y_min


# -- the API ---------------------------------------------------------------------------------


def test_paper_values_are_what_settings_store() -> None:
    assert Paper("80mm") is Paper.THERMAL_80
    assert Paper("a4") is Paper.A4


def test_unknown_paper_is_refused(tmp_path: Path, font: str) -> None:
    with pytest.raises(ValueError):
        render_slip(make_slip(), tmp_path / "s.pdf", "letter")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        render_customer_receipt(make_receipt(), tmp_path / "r.pdf", "letter")  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_render_slip_80mm_is_the_thermal_layout(tmp_path: Path, font: str, pdf: Pdf) -> None:
    data = make_slip(reprint=1)
    old = render_slip_80mm(data, tmp_path / "old.pdf")
    new = render_slip(data, tmp_path / "new.pdf")
    assert pdf.page_sizes(old) == pdf.page_sizes(new)
    assert pdf.text(old, layout=True) == pdf.text(new, layout=True)


def test_reprint_caption_can_be_translated(tmp_path: Path, font: str, pdf: Pdf) -> None:
    labels = {"reprint": "REPRINT #{n}", "approver_signature": "Approved by"}
    path = render_slip(make_slip(labels=labels, reprint=4), tmp_path / "s.pdf", Paper.A4)
    text = pdf.text(path)
    assert "REPRINT #4" in text and "Approved by" in text and "重印" not in text
    with pytest.raises(ValueError, match="reprint"):
        render_slip(make_slip(labels={"reprint": "{count}"}), tmp_path / "bad.pdf")


def test_receipt_refuses_a_naive_time(tmp_path: Path, font: str) -> None:
    from datetime import datetime

    with pytest.raises(ValueError, match="timezone-aware"):
        render_customer_receipt(
            make_receipt(created_at=datetime(2026, 11, 23, 14, 5)), tmp_path / "r.pdf"
        )
    assert list(tmp_path.iterdir()) == []


# -- preview ---------------------------------------------------------------------------------


@pytest.mark.parametrize("doc", list(TITLES))
def test_preview_gives_one_png_per_page_that_scans(
    doc: str, paper: Paper, rendered: Callable[..., Case], pdf: Pdf
) -> None:
    case = rendered(doc, paper, 40)
    # PDFium resamples 2-dot thermal bars less cleanly than a printer prints them: the
    # roll's preview is checked at 300 dpi (the screen preview itself is for the eye).
    dpi = {Paper.THERMAL_80: 300, Paper.A4: 150}[paper]
    pngs = render_preview(case.path, dpi=dpi)
    sizes = pdf.page_sizes(case.path)
    assert len(pngs) == len(sizes)
    for png, size in zip(pngs, sizes, strict=True):
        with Image.open(io.BytesIO(png)) as image:
            assert image.format == "PNG"
            assert image.width == pytest.approx(size.width / 72 * dpi, abs=1)
            assert image.height == pytest.approx(size.height / 72 * dpi, abs=1)
            image.load()
    with Image.open(io.BytesIO(pngs[0])) as image:
        top = image.crop((0, 0, image.width, min(image.height, round(90 / 25.4 * dpi))))
        found = zxingcpp.read_barcodes(
            top, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.Code128)
        )
    assert [b.text for b in found] == [CASE_NO]


def test_preview_from_many_threads_at_once(rendered: Callable[..., Case]) -> None:
    paths = [rendered(doc, Paper.A4, 40).path for doc in TITLES]
    expected = {path: render_preview(path, dpi=40) for path in paths}
    start = threading.Barrier(6)
    results: list[tuple[Path, list[bytes]]] = []
    errors: list[BaseException] = []

    def work(path: Path) -> None:
        start.wait()
        try:
            results.append((path, render_preview(path, dpi=40)))
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(paths[i % 2],)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(results) == 6
    for path, pngs in results:
        assert pngs == expected[path]


def test_preview_of_a_missing_or_broken_file(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        render_preview(tmp_path / "none.pdf")
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"not a pdf")
    with pytest.raises(OSError, match="junk.pdf"):
        render_preview(junk)
    with pytest.raises(ValueError):
        render_preview(junk, dpi=0)
