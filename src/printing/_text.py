"""Line breaking for mixed Chinese and Latin text, measured with the embedded font.

reportlab's ``simpleSplit`` breaks only at spaces. Chinese has none, so a long product
name or policy reason comes back as one line wider than the paper and is cut off at the
right edge. :func:`wrap` keeps ``simpleSplit``'s behaviour for Latin text (words stay
whole, breaks at spaces) and adds what Chinese needs:

* a break is allowed between any two CJK characters;
* a line does not start with closing punctuation (``，。）`` …) nor end with opening
  punctuation (``（《“`` …), the usual 禁则 (kinsoku) rules, as long as that does not make
  a line too wide;
* a single "word" wider than the line (a very long SKU, say) is broken between
  characters rather than allowed to overflow.

Widths come from ``pdfmetrics.stringWidth`` with the same font and size the text is
drawn in, so what is measured is exactly what is printed (reportlab applies no kerning).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from reportlab.pdfbase.pdfmetrics import stringWidth

# Characters that may be broken around on their own: CJK radicals to ideographs
# (2E80-9FFF, including CJK punctuation at 3000-303F and kana), Hangul, compatibility
# ideographs, CJK vertical/compatibility forms, and full-width forms (FF00-FFEF, which
# hold the full-width comma, parentheses and ￥).
_CJK = "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe10-\ufe1f\ufe30-\ufe4f\uff00-\uffef"
_TOKEN = re.compile(rf"\s+|[{_CJK}]|[^\s{_CJK}]+")

# 禁则: may not begin a line ...
_NO_START = frozenset("，。、；：！？）」』》〉】〕”’…·%‰),.;:!?]}")
# ... and may not end one.
_NO_END = frozenset("（「『《〈【〔“‘([{¥￥")

# Widths are compared with a little slack so that float rounding in a sum of glyph
# widths never turns an exact fit into a break.
_EPS = 1e-6


def wrap(text: str, font_name: str, font_size: float, max_width: float) -> list[str]:
    """Break ``text`` into lines no wider than ``max_width`` points.

    Args:
        text: what to print; ``\\n`` forces a break, runs of other whitespace print as
            one space.
        font_name: a registered reportlab font (the text is measured in it).
        font_size: in points.
        max_width: in points; must leave room for at least one character.

    Returns:
        The lines, without leading or trailing spaces. Empty paragraphs inside the text
        are kept as ``""``; a text that is empty or only whitespace gives ``[]``.
    """
    if not text or text.isspace():
        return []
    measure = _measurer(font_name, font_size)
    lines: list[str] = []
    for paragraph in text.strip().splitlines():
        lines.extend(_wrap_paragraph(paragraph, measure, max_width) or [""])
    return lines


def text_width(text: str, font_name: str, font_size: float) -> float:
    """The printed width of ``text`` in points."""
    return float(stringWidth(text, font_name, font_size))


@lru_cache(maxsize=32)
def _measurer(font_name: str, font_size: float) -> Callable[[str], float]:
    # One cached closure per font and size: a slip measures the same few short tokens
    # (labels, CJK characters) hundreds of times.
    @lru_cache(maxsize=4096)
    def measure(s: str) -> float:
        return float(stringWidth(s, font_name, font_size))

    return measure


def _wrap_paragraph(paragraph: str, measure: Callable[[str], float], width: float) -> list[str]:
    lines: list[str] = []
    line: list[str] = []  # tokens; a " " token stands for any run of whitespace
    line_w = 0.0

    def flush() -> None:
        nonlocal line, line_w
        while line and line[-1] == " ":
            line.pop()
        if line:
            lines.append("".join(line))
        line, line_w = [], 0.0

    for token in _TOKEN.findall(paragraph):
        if token.isspace():
            if line and line[-1] != " ":
                line.append(" ")
                line_w += measure(" ")
            continue
        w = measure(token)
        if line_w + w <= width + _EPS:
            line.append(token)
            line_w += w
            continue
        if w > width + _EPS:
            # Too wide even on a line of its own: start it on a fresh line (so a long
            # code is not split needlessly) and break it between characters.
            flush()
            for ch in token:
                cw = measure(ch)
                if line and line_w + cw > width + _EPS:
                    flush()
                line.append(ch)
                line_w += cw
            continue
        # Break before ``token``. Move tokens down with it if the 禁则 rules ask for it
        # and the moved group still fits on a line.
        # Tokens that touch (no space between) are kept together. Across a space the
        # break is usually a good one, except before closing punctuation: in
        # "吊牌在 · 已试穿" the spaced middle dot still may not start a line, so the
        # word before it (and the space) go down with it.
        carry: list[str] = []
        if token[0] in _NO_START and line and line[-1] != " " and _words(line) > 1:
            carry.append(line.pop())
        elif token[0] in _NO_START and len(line) > 1 and line[-1] == " " and _words(line) > 1:
            carry = line[-2:]
            del line[-2:]
        while line and line[-1] != " " and line[-1][-1] in _NO_END and _words(line) > 1:
            carry.insert(0, line.pop())
        if carry and measure("".join(carry)) + w > width + _EPS:
            # Keeping the group together would overflow: break where the rules say not
            # to rather than run off the edge.
            line.extend(carry)
            carry = []
        flush()
        line = carry + [token]
        line_w = measure("".join(line))
    flush()
    return lines


def _words(line: list[str]) -> int:
    return sum(1 for t in line if t != " ")
