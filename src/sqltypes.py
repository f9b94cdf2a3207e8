"""What both databases' tables share, the till's and head office's: the UTC time column,
the clock it defaults to, and the naming convention that gives constraints stable names
for migrations.

A room of its own (it imports only SQLAlchemy and the standard library), so that head
office need not import the till's ``db`` to name its columns; both Alembic histories name
:class:`UTCDateTime` by this module.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
"""The constraint naming convention of both databases' metadata."""


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
