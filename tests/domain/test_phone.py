"""Mainland mobile numbers: what staff type at intake, and how a number is shown."""

from __future__ import annotations

import pytest

from aftersales.domain.phone import is_valid_mobile, mask_mobile, normalise_mobile


@pytest.mark.parametrize(
    "text",
    [
        "13812345678",
        "14712345678",
        "15012345678",
        "16612345678",
        "17712345678",
        "18612345678",
        "19912345678",
        "138 1234 5678",
        "138-1234-5678",
        "+8613812345678",
        "+86 138 1234 5678",
        "008613812345678",
        "(+86) 13812345678",
        "１３８１２３４５６７８",  # full-width, from a Chinese input method
        "＋８６ １３８１２３４５６７８",
    ],
)
def test_valid(text: str) -> None:
    assert is_valid_mobile(text)
    digits = normalise_mobile(text)
    assert len(digits) == 11 and digits.isascii() and digits.isdigit()


@pytest.mark.parametrize(
    "text",
    [
        "12812345678",  # 12x is not a mobile prefix
        "11012345678",
        "1381234567",  # 10 digits
        "138123456789",  # 12 digits
        "1381234567a",
        "abcdefghijk",
        "23812345678",
        "",
        "+1 13812345678",
        "021-12345678",  # a landline
    ],
)
def test_invalid(text: str) -> None:
    assert not is_valid_mobile(text)


def test_normalise() -> None:
    assert normalise_mobile(" +86 138-1234-5678 ") == "13812345678"
    assert normalise_mobile("１３８１２３４５６７８") == "13812345678"


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("13812345678", "138****5678"),
        ("+86 138 1234 5678", "138****5678"),
        ("１３８１２３４５６７８", "138****5678"),
        ("12345", "*****"),
        ("", ""),
    ],
)
def test_mask(number: str, masked: str) -> None:
    assert mask_mobile(number) == masked


def test_only_ascii_digits_after_normalising() -> None:
    assert not is_valid_mobile("138" + "".join(chr(0x0660 + d) for d in (1, 2, 3, 4, 5, 6, 7, 8)))
