"""Demo sales receipts for training: every page must scan and say what it is for."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from printing_helpers import MM, Pdf, demo_receipts, squash
from reportlab.graphics.barcode.code128 import Code128

from aftersales.printing.receipts import ReceiptDoc, ReceiptDocLine, render_receipts_pdf

A4_WIDTH, A4_HEIGHT = 210 * MM, 297 * MM
MARGIN = 15 * MM


@pytest.fixture
def receipts_pdf(tmp_path: Path, font: str) -> Path:
    return render_receipts_pdf(demo_receipts(), tmp_path / "receipts.pdf")


def test_one_a4_page_per_receipt(receipts_pdf: Path, pdf: Pdf) -> None:
    sizes = pdf.page_sizes(receipts_pdf)
    assert len(sizes) == len(demo_receipts())
    for size in sizes:
        assert (size.width, size.height) == (
            pytest.approx(A4_WIDTH, abs=0.01),
            pytest.approx(A4_HEIGHT, abs=0.01),
        )


def test_each_page_shows_its_situation_and_receipt(receipts_pdf: Path, pdf: Pdf) -> None:
    for page, doc in enumerate(demo_receipts(), start=1):
        text = pdf.text(receipts_pdf, page=page)
        flat = squash(text)
        assert squash(doc.situation) in flat
        assert "培训样张" in text
        assert doc.receipt_no in text
        assert doc.store_name in text
        assert doc.tender_label in text
        assert doc.sold_at.strftime("%Y-%m-%d %H:%M") in text  # the demo times are store time
        for line in doc.lines:
            assert line.name in text and line.sku in text
            if line.flags:
                assert line.flags in text


def test_training_note_is_at_the_top(receipts_pdf: Path, pdf: Pdf) -> None:
    _, words = pdf.words(receipts_pdf)
    for page, doc in enumerate(demo_receipts(), start=1):
        rows: dict[int, list[str]] = {}
        for w in sorted((w for w in words if w.page == page), key=lambda w: (w.y_min, w.x_min)):
            rows.setdefault(round(w.y_min), []).append(w.text)
        first, second = ("".join(rows[y]) for y in sorted(rows)[:2])
        # The note's caption, then the situation itself, above everything else.
        assert first.startswith("培训样张")
        assert squash(doc.situation).startswith(second)


def test_amounts_and_totals(receipts_pdf: Path, pdf: Pdf) -> None:
    text = pdf.text(receipts_pdf, page=1, layout=True)
    assert "¥99.00" in text  # unit price
    assert "-¥20.00" in text  # discount
    assert "¥178.00" in text and "¥239.00" in text  # line totals
    assert "¥457.00" in text and "¥417.00" in text  # total and paid
    assert "¥12,999.00" in pdf.text(receipts_pdf, page=3)


@pytest.mark.parametrize("dpi", [203, 300])
def test_every_page_barcode_scans(receipts_pdf: Path, pdf: Pdf, dpi: int) -> None:
    for page, doc in enumerate(demo_receipts(), start=1):
        scans = pdf.scan(receipts_pdf, dpi=dpi, page=page, png=False)
        assert [(s.format, s.text) for s in scans] == [("Code 128", doc.barcode)], page


def test_barcode_is_big_enough_for_a_handheld_scanner(receipts_pdf: Path, pdf: Pdf) -> None:
    dpi = 300
    for page, doc in enumerate(demo_receipts(), start=1):
        (scan,) = pdf.scan(receipts_pdf, dpi=dpi, page=page, png=False)
        modules = Code128(doc.barcode, barWidth=1, quiet=0).width
        module_mm = (scan.right - scan.left) / dpi * 25.4 / modules
        height_mm = (scan.bottom - scan.top) / dpi * 25.4
        assert module_mm >= 0.33
        assert height_mm >= 12


def test_text_stays_inside_the_margins(receipts_pdf: Path, pdf: Pdf) -> None:
    _, words = pdf.words(receipts_pdf)
    assert max(w.x_max for w in words) <= A4_WIDTH - MARGIN + 0.25
    assert min(w.x_min for w in words) >= MARGIN - 0.25


def test_only_embedded_subset_fonts(receipts_pdf: Path, pdf: Pdf) -> None:
    fonts = pdf.fonts(receipts_pdf)
    assert fonts
    assert all(row.embedded and row.subset and row.unicode for row in fonts), fonts


def test_long_receipt_continues_on_a_page_that_still_scans(
    tmp_path: Path, pdf: Pdf, font: str
) -> None:
    base = demo_receipts()[0]
    lines = tuple(
        ReceiptDocLine(
            f"弹力修身九分休闲西装裤（春夏薄款）第{i}件",
            f"PT-{i:03d}-BLK-32",
            "32",
            "黑色",
            1,
            39900,
            0,
            39900,
        )
        for i in range(1, 21)
    )
    doc = replace(base, lines=lines, total_fen=798000, paid_fen=798000)
    path = render_receipts_pdf([doc], tmp_path / "long.pdf")
    pages = len(pdf.page_sizes(path))
    assert pages >= 2
    for page in range(1, pages + 1):
        assert [s.text for s in pdf.scan(path, dpi=203, page=page, png=False)] == [doc.barcode]
        assert squash(doc.situation) in squash(pdf.text(path, page=page))
    text = squash(pdf.text(path))
    for line in lines:
        assert squash(line.name) in text
    # The totals are printed once, after the last line.
    last = pdf.text(path, page=pages)
    assert "¥7,980.00" in last and f"第 {pages}/{pages} 页" in last


def test_bad_input_writes_nothing(tmp_path: Path, font: str) -> None:
    target = tmp_path / "receipts.pdf"
    with pytest.raises(ValueError):
        render_receipts_pdf([], target)
    bad: list[ReceiptDoc] = [*demo_receipts(), replace(demo_receipts()[0], barcode="小票0042")]
    with pytest.raises(ValueError, match="ASCII"):
        render_receipts_pdf(bad, target)
    assert list(tmp_path.iterdir()) == []


def test_rewrite_replaces_the_file_atomically(tmp_path: Path, font: str, pdf: Pdf) -> None:
    target = tmp_path / "receipts.pdf"
    render_receipts_pdf(demo_receipts(), target)
    render_receipts_pdf(demo_receipts()[:1], target)
    assert len(pdf.page_sizes(target)) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["receipts.pdf"]
