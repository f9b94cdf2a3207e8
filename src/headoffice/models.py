"""Head office's tables: enrolled stores, every event each store sent, and each case's
latest state."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, MetaData, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# One naming convention for constraints in both databases: stable names for migrations.
from ..db.models import NAMING
from ..db.types import UTCDateTime, utcnow


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON}


class HOStore(Base):
    __tablename__ = "ho_store"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class HOEvent(Base):
    """One event as a store sent it; (store, event id) is applied once, forever."""

    __tablename__ = "ho_event"
    __table_args__ = (
        UniqueConstraint("store_id", "event_id"),
        UniqueConstraint("store_id", "case_no", "seq"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("ho_store.id"))
    event_id: Mapped[str] = mapped_column(String(36))
    case_no: Mapped[str] = mapped_column(String(32))
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict[str, Any]]
    payload_hash: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class HOCase(Base):
    """A case's latest state at head office, from the last event applied."""

    __tablename__ = "ho_case"
    __table_args__ = (UniqueConstraint("store_id", "case_no"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("ho_store.id"))
    case_no: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(32))
    last_seq: Mapped[int] = mapped_column(Integer)
    snapshot: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
