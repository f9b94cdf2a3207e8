"""Line breaking for Chinese and Latin text: nothing too wide, nothing lost."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from reportlab.pdfbase.pdfmetrics import stringWidth

from aftersales.printing._text import wrap
from aftersales.printing.fonts import ensure_fonts

FONT = ensure_fonts()
SIZE = 9.0
WIDTH = 150.0  # points; about 16 Chinese characters at 9 pt

_ALPHABET = "纯棉圆领恤吊牌在未穿着开线，。、（）《》“”：！？ABCxyz0123456789-·¥/ "


def width(line: str) -> float:
    return float(stringWidth(line, FONT, SIZE))


@given(st.text(alphabet=_ALPHABET, max_size=200), st.floats(min_value=20, max_value=300))
def test_no_line_is_too_wide_and_no_text_is_lost(text: str, max_width: float) -> None:
    lines = wrap(text, FONT, SIZE, max_width)
    for line in lines:
        assert width(line) <= max_width + 1e-6, line
        assert line == line.strip()
    assert "".join("".join(lines).split()) == "".join(text.split())


def test_chinese_breaks_between_characters() -> None:
    text = "加厚保暖羊毛混纺双面呢大衣秋冬新款宽松落肩版型" * 2
    lines = wrap(text, FONT, SIZE, WIDTH)
    assert len(lines) > 2
    assert all(width(line) <= WIDTH for line in lines)
    # Full lines are nearly full: breaking between characters wastes less than one.
    assert all(width(line) > WIDTH - SIZE for line in lines[:-1])


def test_latin_words_stay_whole() -> None:
    lines = wrap("换 TS-001-BLK-L，差价 ¥20.00 TS-002-WHT-XXL TS-003-GRY-M", FONT, SIZE, 90)
    for code in ("TS-001-BLK-L，", "¥20.00", "TS-002-WHT-XXL", "TS-003-GRY-M"):
        assert any(code in line for line in lines), (code, lines)


def test_closing_punctuation_does_not_start_a_line() -> None:
    # 16 characters fill the line exactly; the comma would be the 17th.
    text = "一二三四五六七八九十一二三四五六，七八九"
    lines = wrap(text, FONT, SIZE, width("一二三四五六七八九十一二三四五六"))
    assert len(lines) == 2
    assert not lines[1].startswith("，")
    assert lines[1].startswith("六，")


def test_opening_punctuation_does_not_end_a_line() -> None:
    text = "一二三四五六七八九十一二三四五（六七八）"
    lines = wrap(text, FONT, SIZE, width("一二三四五六七八九十一二三四五（"))
    assert not lines[0].endswith("（")
    assert lines[1].startswith("（")


def test_a_word_wider_than_the_line_is_broken() -> None:
    lines = wrap("SKU-" + "X" * 100, FONT, SIZE, 60)
    assert len(lines) > 1
    assert all(width(line) <= 60 for line in lines)
    assert "".join(lines) == "SKU-" + "X" * 100


def test_newlines_and_blank_text() -> None:
    assert wrap("", FONT, SIZE, WIDTH) == []
    assert wrap("   ", FONT, SIZE, WIDTH) == []
    assert wrap("第一行\n\n第三行", FONT, SIZE, WIDTH) == ["第一行", "", "第三行"]
