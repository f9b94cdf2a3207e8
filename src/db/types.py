"""Column types shared by the models."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from sqlalchemy import BigInteger, Integer, String
from sqlalchemy.orm import mapped_column

# The time column and its clock are shared with head office (aftersales.sqltypes); the
# till's migrations name UTCDateTime by this module, so it stays importable from here.
from ..sqltypes import UTCDateTime, utcnow

__all__ = ["UTC_TIME", "Code", "Fen", "IntPK", "UTCDateTime", "utcnow"]

# Money is integer fen (分), never a float.
Fen = Annotated[int, mapped_column(BigInteger().with_variant(Integer, "sqlite"))]
UTC_TIME = Annotated[datetime, mapped_column(UTCDateTime())]
Code = Annotated[str, mapped_column(String(32))]
IntPK = Annotated[int, mapped_column(Integer, primary_key=True)]
