"""Money is an integer number of fen (分, 1/100 yuan). Never a float."""

from __future__ import annotations

import re

# The minus may stand before or after the ¥ ("-¥1.00" is how format_fen writes it).
_AMOUNT = re.compile(r"^\s*(-)?\s*[¥￥]?\s*(-)?([0-9]{1,9})(?:\.([0-9]{1,2}))?\s*$")


def format_fen(fen: int, *, symbol: bool = True) -> str:
    """Format fen as yuan: ``123456`` -> ``'¥1,234.56'``."""
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), 100)
    return f"{sign}{'¥' if symbol else ''}{yuan:,}.{cents:02d}"


def parse_yuan(text: str) -> int:
    """Parse what a person types as an amount in yuan into fen.

    Raises:
        ValueError: the text is not an amount with at most two decimals.
    """
    m = _AMOUNT.match(text.replace(",", ""))
    if not m:
        raise ValueError(text)
    sign1, sign2, whole, frac = m.groups()
    if sign1 and sign2:
        raise ValueError(text)
    fen = int(whole) * 100 + int((frac or "0").ljust(2, "0"))
    return -fen if (sign1 or sign2) else fen


def prorate(paid_fen: int, sold_qty: int, already_qty: int, qty: int) -> int:
    """The share of ``paid_fen`` for ``qty`` more units of a line of ``sold_qty``.

    Proration is cumulative, so the shares of all returns of a line add up to
    exactly what was paid, with no fen lost or invented by rounding.
    """
    if sold_qty <= 0 or qty < 0 or already_qty < 0 or already_qty + qty > sold_qty:
        raise ValueError("quantities out of range")
    upto = paid_fen * (already_qty + qty) // sold_qty
    before = paid_fen * already_qty // sold_qty
    return upto - before
