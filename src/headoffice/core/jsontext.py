"""JSON text at head office: request bodies read strictly, one canonical encoding of a
value (its content hash is taken of it, and it is what the database stores), and the
engine's serializer that writes such text as it is.

orjson does the common case, several times faster than the standard library, which
matters at thousands of events a second. It reads JSON as strictly as head office wants
(no NaN or Infinity, no number beyond a double, no unpaired surrogate, UTF-8 only), but it
reads an integer beyond 64 bits as a float, losing digits; a body with such a long run of
digits is read by the standard library instead, exactly.
"""

from __future__ import annotations

import json
import math
from typing import Any

import orjson

_DIGITS_AS_ZEROS = bytes(0x30 if 0x30 <= i <= 0x39 else 0x20 for i in range(256))
_LONG_DIGITS = b"0" * 19
"""19 digits in a row: perhaps an integer orjson cannot hold (a long run inside a string
only costs the slower, exact reader). Found by mapping digits to 0 and all else to a
space, then searching: a tenth of the time of a regular expression."""


def _has_long_digits(body: bytes) -> bool:
    return _LONG_DIGITS in body.translate(_DIGITS_AS_ZEROS)


class NotPlainJSON(ValueError):
    """The body is not plain JSON (RFC 8259) in UTF-8."""


def _no_constant(name: str) -> Any:
    raise NotPlainJSON(f"{name} is not a JSON number")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise NotPlainJSON(f"{text} is beyond a double")
    return value


def loads(body: bytes) -> Any:
    """The value of a request body. :class:`UnicodeDecodeError` if it is not UTF-8;
    :class:`NotPlainJSON` if it is not plain JSON: not JSON at all, NaN or Infinity, a
    number beyond a double, an unpaired surrogate."""
    if not _has_long_digits(body):
        try:
            return orjson.loads(body)
        except orjson.JSONDecodeError as e:
            body.decode("utf-8")  # say so if it is not UTF-8
            raise NotPlainJSON(str(e)) from None
    text = body.decode("utf-8")  # strict: an encoded surrogate fails here too
    try:
        value = json.loads(text, parse_constant=_no_constant, parse_float=_finite)
        json.dumps(value, ensure_ascii=False).encode()  # an escaped lone surrogate fails
    except (ValueError, UnicodeError) as e:  # JSONDecodeError is a ValueError
        raise NotPlainJSON(str(e)) from None
    return value


class JSONText(str):
    """JSON text already encoded: the database stores it as it is (see :func:`serialize`)."""

    __slots__ = ()


def canonical(value: Any) -> bytes:
    """``value`` as JSON in UTF-8, keys sorted, compact: equal values give equal bytes,
    whatever order their keys came in."""
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
    except TypeError:  # an integer beyond 64 bits, read exactly by the slower reader
        text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return text.encode()


def serialize(value: Any) -> str:
    """The engine's JSON serializer: :class:`JSONText` as it is, anything else encoded."""
    if isinstance(value, JSONText):
        return str(value)
    return json.dumps(value, ensure_ascii=False)
