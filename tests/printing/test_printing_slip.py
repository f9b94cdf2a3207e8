"""The 80 mm return slip, checked the way the store would: read it, scan it, print it."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from printing_helpers import (
    CASE_NO,
    LONG_REASON,
    MM,
    ONE_LINE,
    Pdf,
    long_lines,
    make_slip,
    squash,
)

from aftersales.printing.slip import MAX_PAGE_HEIGHT, SlipData, render_slip_80mm

PAGE_WIDTH = 80 * MM
MARGIN = 4 * MM
# pdftotext rounds glyph boxes; a quarter point is far below anything a person would see.
TOLERANCE = 0.25


@pytest.fixture
def one_line(tmp_path: Path, font: str) -> Path:
    return render_slip_80mm(make_slip(), tmp_path / "slip-1.pdf")


@pytest.fixture
def forty_lines_data() -> SlipData:
    lines = long_lines(40)
    return make_slip(lines, rule_reason=LONG_REASON, refund_total_fen=123456, approver_name=None)


@pytest.fixture
def forty_lines(tmp_path: Path, font: str, forty_lines_data: SlipData) -> Path:
    return render_slip_80mm(forty_lines_data, tmp_path / "slip-40.pdf")


# -- what is printed -----------------------------------------------------------------------


def test_one_line_slip_reads_back_in_chinese(one_line: Path, pdf: Pdf) -> None:
    text = pdf.text(one_line, layout=True)
    for expected in (
        "上海南京路店",
        "021-6321 8888",
        "售后退货单",
        CASE_NO,
        "王小美",
        "李女士",
        "138****5678",
        "2026-11-23 14:05",
        "SH01-02-261123-0042",
        "纯棉圆领T恤",
        "TS-001-WHT-M",
        "M / 白色",
        "质量问题",
        "吊牌在 · 未穿着 · 开线",
        "生产商",
        "微信支付",
        "张店长",
        "已完成",
        "顾客签字",
        "店员签字",
    ):
        assert expected in text, expected
    assert "开线" in text and "7天内无理由退货" in text


def test_amounts_are_formatted_and_right_aligned(one_line: Path, pdf: Pdf) -> None:
    _, words = pdf.words(one_line)
    amounts = [w for w in words if w.text == "¥199.00"]
    # The line's refund and the total, both flush with the right edge of the text column.
    assert len(amounts) == 2
    for w in amounts:
        assert w.x_max == pytest.approx(PAGE_WIDTH - MARGIN, abs=0.5)


def test_decision_detail_is_printed(tmp_path: Path, pdf: Pdf, font: str) -> None:
    line = replace(
        ONE_LINE, decision="换货", amount_fen=2000, detail="换 TS-001-BLK-L，差价 ¥20.00"
    )
    path = render_slip_80mm(make_slip((line,)), tmp_path / "exchange.pdf")
    text = pdf.text(path)
    assert "换货" in text
    assert "¥20.00" in text
    assert "换 TS-001-BLK-L，差价 ¥20.00" in text


def test_zero_amount_prints_no_amount(tmp_path: Path, pdf: Pdf, font: str) -> None:
    line = replace(ONE_LINE, decision="维修", amount_fen=0, detail="预计 2026-12-01 修好")
    path = render_slip_80mm(make_slip((line,), refund_total_fen=0), tmp_path / "repair.pdf")
    text = pdf.text(path)
    assert "维修" in text and "预计 2026-12-01 修好" in text
    # The only amount left is the (zero) refund total.
    assert text.count("¥") == 1 and "¥0.00" in text


def test_long_slip_keeps_every_name_and_the_whole_reason(forty_lines: Path, pdf: Pdf) -> None:
    text = squash(pdf.text(forty_lines))
    for line in long_lines(40):
        assert squash(line.product_name) in text
        assert line.sku in text
        if line.detail:
            assert squash(line.detail) in text
    assert squash(LONG_REASON) in text
    assert "¥1,234.56" in text
    assert "共80件" in text  # quantities 1+i%3 over 40 lines


def test_no_approver_prints_none(forty_lines: Path, pdf: Pdf) -> None:
    layout = pdf.text(forty_lines, layout=True)
    approver_row = next(row for row in layout.splitlines() if "审批人" in row)
    assert approver_row.split() == ["审批人", "无"]


@pytest.mark.parametrize("name", ["one_line", "forty_lines"])
def test_nothing_runs_off_the_paper(name: str, pdf: Pdf, request: pytest.FixtureRequest) -> None:
    path: Path = request.getfixturevalue(name)
    pages, words = pdf.words(path)
    assert words
    for page in pages:
        assert page.width == pytest.approx(PAGE_WIDTH, abs=0.01)
    # Stricter than "on the page": inside the 72 mm an 80 mm printer actually prints.
    overflow = [w for w in words if w.x_max > PAGE_WIDTH - MARGIN + TOLERANCE]
    assert not overflow, [(w.text, round(w.x_max / MM, 1)) for w in overflow]
    underflow = [w for w in words if w.x_min < MARGIN - TOLERANCE]
    assert not underflow, [(w.text, round(w.x_min / MM, 1)) for w in underflow]


def test_overlong_fields_wrap_instead_of_being_clipped(tmp_path: Path, pdf: Pdf, font: str) -> None:
    line = replace(
        ONE_LINE,
        product_name="超长" * 40,
        sku="SKU-" + "X" * 80,
        colour="雾霾蓝拼接撞色条纹" * 3,
        inspection="A" * 60 + " · " + "吊牌在" * 12,
        decision="换货并补偿差价" * 4,
        amount_fen=123456789,
    )
    data = make_slip(
        (line,),
        store_name="上海南京东路步行街旗舰店（第一百货商业中心二楼东区）",
        customer_name="欧阳" * 12,
        tender_label="微信支付（零钱通）与门店储值卡组合支付" * 2,
        approver_name="区域运营经理" * 5,
        rule_reason="Z" * 200,
        # Captions longer than their column (a translation, say) wrap in it too.
        labels={"size_colour": "Size and colour of the item", "tender": "Refunded to"},
    )
    path = render_slip_80mm(data, tmp_path / "long.pdf")
    _, words = pdf.words(path)
    assert max(w.x_max for w in words) <= PAGE_WIDTH - MARGIN + TOLERANCE
    assert min(w.x_min for w in words) >= MARGIN - TOLERANCE
    text = squash(pdf.text(path))
    for expected in (
        "超长" * 40,
        "X" * 80,
        "Z" * 200,
        "欧阳" * 12,
        "区域运营经理" * 5,
        "微信支付（零钱通）与门店储值卡组合支付" * 2,
        "¥1,234,567.89",
        "Sizeandcolouroftheitem",
    ):
        assert expected in text, expected


# -- the file ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["one_line", "forty_lines"])
def test_only_embedded_subset_fonts(name: str, pdf: Pdf, request: pytest.FixtureRequest) -> None:
    path: Path = request.getfixturevalue(name)
    fonts = pdf.fonts(path)
    assert fonts
    for row in fonts:
        assert row.embedded and row.subset and row.unicode, row
        assert "WenQuanYi" in row.name
    assert not any(base in row.name for row in fonts for base in ("Helvetica", "Courier", "Times"))


def test_page_is_80mm_wide_and_as_long_as_its_content(
    one_line: Path, forty_lines: Path, pdf: Pdf
) -> None:
    (short,) = pdf.page_sizes(one_line)
    (long,) = pdf.page_sizes(forty_lines)
    assert short.width == pytest.approx(PAGE_WIDTH, abs=0.01)
    assert long.width == pytest.approx(PAGE_WIDTH, abs=0.01)
    assert long.height > 10 * short.height
    for path, size in ((one_line, short), (forty_lines, long)):
        _, words = pdf.words(path)
        # No paper fed blank: the last printed row (the staff signature) ends within the
        # bottom margin plus its own leading.
        assert size.height - max(w.y_max for w in words) < MARGIN + 3 * MM
        assert min(w.y_min for w in words) < MARGIN + 3 * MM


def test_file_stays_small(one_line: Path, forty_lines: Path) -> None:
    # The target is for a slip as printed every day; 40 items with long names use a
    # few hundred distinct characters (two font subsets), and still stay small.
    assert one_line.stat().st_size <= 60 * 1024
    assert forty_lines.stat().st_size <= 72 * 1024


def test_write_is_atomic_and_leaves_nothing_behind(tmp_path: Path, font: str, pdf: Pdf) -> None:
    target = tmp_path / "slip.pdf"
    target.write_bytes(b"old")
    render_slip_80mm(make_slip(), target)
    assert target.read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["slip.pdf"]

    # A slip that cannot be printed leaves the previous file as it was.
    good = target.read_bytes()
    with pytest.raises(ValueError):
        render_slip_80mm(make_slip(case_no="退货-0007"), target)
    assert target.read_bytes() == good
    assert sorted(p.name for p in tmp_path.iterdir()) == ["slip.pdf"]


def test_missing_folder_raises_oserror(tmp_path: Path, font: str) -> None:
    with pytest.raises(OSError):
        render_slip_80mm(make_slip(), tmp_path / "no-such-folder" / "slip.pdf")
    assert list(tmp_path.iterdir()) == []


# -- the barcode ---------------------------------------------------------------------------


@pytest.mark.parametrize("dpi", [203, 300])
@pytest.mark.parametrize("name", ["one_line", "forty_lines"])
def test_barcode_scans_as_the_case_number(
    name: str, dpi: int, pdf: Pdf, request: pytest.FixtureRequest
) -> None:
    path: Path = request.getfixturevalue(name)
    # The barcode is in the header: render only the top of the (long) page.
    scans = pdf.scan(path, dpi=dpi, height_mm=80)
    assert [(s.format, s.text) for s in scans] == [("Code 128", CASE_NO)]


# -- input checks and options ---------------------------------------------------------------


@pytest.fixture
def till_clock_on_utc_minus_5() -> Iterator[None]:
    """Set this process's local zone far from the store's, as a misconfigured till."""
    if not hasattr(time, "tzset"):
        pytest.skip("time.tzset is POSIX only")
    old = os.environ.get("TZ")
    os.environ["TZ"] = "EST5"  # POSIX form: needs no zoneinfo database
    time.tzset()
    yield
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()


def test_time_is_printed_in_store_time(
    tmp_path: Path, pdf: Pdf, font: str, till_clock_on_utc_minus_5: None
) -> None:
    # 06:05 UTC is 14:05 in the store (UTC+8), whatever zone the till's clock is set to.
    utc = datetime(2026, 11, 23, 6, 5, tzinfo=UTC)
    path = render_slip_80mm(make_slip(created_at=utc), tmp_path / "slip.pdf")
    assert "2026-11-23 14:05" in pdf.text(path)


def test_naive_time_is_refused(tmp_path: Path, font: str) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        render_slip_80mm(make_slip(created_at=datetime(2026, 11, 23, 14, 5)), tmp_path / "s.pdf")
    assert not (tmp_path / "s.pdf").exists()


def test_label_overrides_are_printed(tmp_path: Path, pdf: Pdf, font: str) -> None:
    labels = {"title": "RETURN SLIP", "customer_signature": "Customer signature"}
    path = render_slip_80mm(make_slip(labels=labels), tmp_path / "slip.pdf")
    text = pdf.text(path)
    assert "RETURN SLIP" in text and "Customer signature" in text
    assert "售后退货单" not in text and "顾客签字" not in text
    assert "店员签字" in text  # not overridden: the default stays


def test_unknown_label_key_is_refused(tmp_path: Path, font: str) -> None:
    with pytest.raises(ValueError, match="titel"):
        render_slip_80mm(make_slip(labels={"titel": "x"}), tmp_path / "slip.pdf")
    with pytest.raises(ValueError, match="items_count"):
        render_slip_80mm(make_slip(labels={"items_count": "{n} items"}), tmp_path / "slip.pdf")
    assert list(tmp_path.iterdir()) == []


def test_very_long_slip_is_split_into_pages_between_items(
    tmp_path: Path, pdf: Pdf, font: str
) -> None:
    lines = long_lines(220)
    path = render_slip_80mm(make_slip(lines), tmp_path / "huge.pdf")
    sizes = pdf.page_sizes(path)
    assert len(sizes) >= 2
    for size in sizes:
        assert size.width == pytest.approx(PAGE_WIDTH, abs=0.01)
        assert size.height <= MAX_PAGE_HEIGHT
    text = squash(pdf.text(path))
    for line in lines:
        assert squash(line.product_name) in text
    # Later pages say which case they belong to.
    page2 = pdf.text(path, page=2)
    assert CASE_NO in page2 and f"续 2/{len(sizes)}" in page2
    # No item is cut in two: each page starts with a continuation header, then an item
    # number, never a caption of an item left behind on the page before.
    rows = [r.strip() for r in pdf.text(path, layout=True, page=2).splitlines() if r.strip()]
    assert rows[1].split(".")[0].isdigit(), rows[:3]
