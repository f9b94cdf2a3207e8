"""Column types shared by the models."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from sqlalchemy import BigInteger, DateTime, Integer, String
from sqlalchemy.orm import mapped_column
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime, stored naive (SQLite keeps no zone)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


# Money is integer fen (分), never a float.
Fen = Annotated[int, mapped_column(BigInteger().with_variant(Integer, "sqlite"))]
UTC_TIME = Annotated[datetime, mapped_column(UTCDateTime())]
Code = Annotated[str, mapped_column(String(32))]
IntPK = Annotated[int, mapped_column(Integer, primary_key=True)]
