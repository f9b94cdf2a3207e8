"""Field types the wire's models share: text either database stores, integers as JSON
Schema has them, codes and money."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field

NO_NUL = r"^[^\x00]*$"
"""Text either database stores: anything but NUL (PostgreSQL refuses it)."""


def _json_integer(value: Any) -> Any:
    if isinstance(value, str | bool):
        raise ValueError("should be an integer, not text or a boolean")
    return value


AS_JSON_INTEGER = BeforeValidator(_json_integer)
"""For an int: an integer as JSON Schema has it, 3 or 3.0, not "3" or true. Put it after
the bounds (``Annotated[int, Field(ge=0), AS_JSON_INTEGER]``), or pydantic leaves them out
of the JSON schema of an optional field."""

Code = Annotated[str, Field(min_length=1, max_length=32)]
"""A key or code of reference data (a SKU, a receipt number, a policy version)."""

Money = Annotated[int, Field(ge=0, le=10**12, description="fen (分)")]
"""An amount in fen, as head office hands reference data out."""
