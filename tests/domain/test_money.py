"""Money in integer fen: formatting, parsing what people type, and prorating refunds."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from aftersales.domain.money import format_fen, parse_yuan, prorate


@pytest.mark.parametrize(
    ("fen", "text", "plain"),
    [
        (0, "¥0.00", "0.00"),
        (1, "¥0.01", "0.01"),
        (100, "¥1.00", "1.00"),
        (123456, "¥1,234.56", "1,234.56"),
        (100000, "¥1,000.00", "1,000.00"),
        (123456789, "¥1,234,567.89", "1,234,567.89"),
        (-5050, "-¥50.50", "-50.50"),
    ],
)
def test_format_fen(fen: int, text: str, plain: str) -> None:
    assert format_fen(fen) == text
    assert format_fen(fen, symbol=False) == plain


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("12", 1200),
        ("12.5", 1250),
        ("12.05", 1205),
        ("0.01", 1),
        ("¥1,234.56", 123456),
        ("￥8", 800),
        (" ¥ 99.90 ", 9990),
        ("-3", -300),
        ("-1,000.00", -100000),
        ("999999999.99", 99999999999),
    ],
)
def test_parse_yuan(text: str, fen: int) -> None:
    assert parse_yuan(text) == fen


@pytest.mark.parametrize(
    "text", ["", " ", "abc", "1.234", "1.", ".5", "12,5.0.1", "¥", "1e3", "1 2", "1000000000"]
)
def test_parse_yuan_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        parse_yuan(text)


@given(st.integers(0, 999_999_999_99))
def test_format_then_parse_round_trips(fen: int) -> None:
    assert parse_yuan(format_fen(fen)) == fen
    assert parse_yuan(format_fen(fen, symbol=False)) == fen


@example(-100)
@given(st.integers(-999_999_999_99, -1))
def test_negative_amounts_round_trip(fen: int) -> None:
    assert parse_yuan(format_fen(fen)) == fen


# -- prorate --------------------------------------------------------------------------


def test_prorate_example() -> None:
    # 3 T-shirts for ¥296.00 after a ¥1 discount: 98.66 + 98.67 + 98.67.
    assert [prorate(29600, 3, k, 1) for k in range(3)] == [9866, 9867, 9867]
    assert prorate(29600, 3, 0, 3) == 29600
    assert prorate(29600, 3, 1, 2) == 29600 - 9866
    assert prorate(29600, 3, 0, 0) == 0


@pytest.mark.parametrize(
    ("sold", "already", "qty"),
    [(0, 0, 0), (3, 0, 4), (3, 2, 2), (3, -1, 1), (3, 0, -1)],
)
def test_prorate_refuses_impossible_quantities(sold: int, already: int, qty: int) -> None:
    with pytest.raises(ValueError):
        prorate(10000, sold, already, qty)


@st.composite
def returns_of_a_line(draw: st.DrawFn) -> tuple[int, int, list[int]]:
    """A line's paid amount and quantity, and the quantities of successive returns."""
    paid = draw(st.integers(0, 10**9))
    sold = draw(st.integers(1, 60))
    cuts = sorted(draw(st.lists(st.integers(0, sold), max_size=12)))
    bounds = [0, *cuts, sold]
    return paid, sold, [b - a for a, b in zip(bounds, bounds[1:], strict=False)]


@given(returns_of_a_line())
def test_partial_returns_add_up_to_what_was_paid(case: tuple[int, int, list[int]]) -> None:
    paid, sold, parts = case
    shares = []
    done = 0
    for q in parts:
        shares.append(prorate(paid, sold, done, q))
        done += q
    assert sum(shares) == paid
    assert all(s >= 0 for s in shares)
    # Each share is within a fen of the exact fraction (compared in integers).
    for s, q in zip(shares, parts, strict=True):
        assert abs(s * sold - paid * q) < sold
