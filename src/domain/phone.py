"""Mainland China mobile numbers: validation and masking."""

from __future__ import annotations

import re
import unicodedata

# [0-9], not \d: other scripts' digits are not a phone number.
_MOBILE = re.compile(r"^1[3-9][0-9]{9}$")


def normalise_mobile(text: str) -> str:
    """Strip spaces, dashes and a +86/0086 prefix; full-width digits become ASCII."""
    s = unicodedata.normalize("NFKC", text)
    s = re.sub(r"[\s\-()]", "", s)
    for prefix in ("+86", "0086"):
        if s.startswith(prefix):
            s = s[len(prefix) :]
    return s


def is_valid_mobile(text: str) -> bool:
    return bool(_MOBILE.match(normalise_mobile(text)))


def mask_mobile(number: str) -> str:
    """``13812345678`` -> ``138****5678``; anything shorter is masked whole."""
    s = normalise_mobile(number)
    if len(s) < 7:
        return "*" * len(s)
    return s[:3] + "*" * (len(s) - 7) + s[-4:]
