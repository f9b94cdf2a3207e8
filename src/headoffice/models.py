"""Head office's tables: enrolled stores, the install holding each till number, every
event each store sent, and each case's latest state."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# One naming convention for constraints in both databases: stable names for migrations.
from ..sqltypes import NAMING, UTCDateTime, utcnow

# Unique constraints are named after all their columns: PostgreSQL wants names unique
# across a schema's indexes. Where one holds a store, the store comes last: lookups go by
# case number or event id (and store), and PostgreSQL, before it has statistics on a new
# table, reads an index that leads with the store as if a store had few rows, and scans
# them all (migration ho0003).
HO_NAMING = {**NAMING, "uq": "uq_%(table_name)s_%(column_0_N_name)s"}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=HO_NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON, list[dict[str, Any]]: JSON}


class HOStore(Base):
    __tablename__ = "ho_store"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    phone: Mapped[str] = mapped_column(String(32), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class HOTill(Base):
    """A till number of a store and the install (one computer's till software) holding it:
    the first to claim it. Another install is refused until IT releases the number
    (``release-till``), so two computers never make the same case numbers (ho0005)."""

    __tablename__ = "ho_till"
    __table_args__ = (UniqueConstraint("till_no", "store_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("ho_store.id"))
    till_no: Mapped[int] = mapped_column(Integer)
    install_id: Mapped[str] = mapped_column(String(36))
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class HOEvent(Base):
    """One event as a store sent it; (store, event id) is applied once, forever."""

    __tablename__ = "ho_event"
    __table_args__ = (
        UniqueConstraint("event_id", "store_id"),
        UniqueConstraint("case_no", "seq", "store_id"),
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
    __table_args__ = (UniqueConstraint("case_no", "store_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("ho_store.id"))
    case_no: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(32))
    last_seq: Mapped[int] = mapped_column(Integer)
    snapshot: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # More of a sale returned than was sold, with this case among those returning it.
    conflict: Mapped[bool] = mapped_column(Boolean, default=False)


# -- reference data the tills mirror ----------------------------------------------------
#
# Every row carries ``rev``, taken from one counter in the transaction that changes it
# (``reference.next_revs``). The counter row is locked until commit, so revisions become visible
# in the order they were given out and a till's cursor ("everything after rev N") never
# skips a row that commits late.


class HOCounter(Base):
    __tablename__ = "ho_counter"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


class HOProduct(Base):
    __tablename__ = "ho_product"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sku: Mapped[str] = mapped_column(String(32), unique=True)
    style_code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(100))
    colour: Mapped[str] = mapped_column(String(30))
    size: Mapped[str] = mapped_column(String(10))
    category: Mapped[str] = mapped_column(String(32))
    batch: Mapped[str] = mapped_column(String(32))
    price_fen: Mapped[int] = mapped_column(BigInteger)
    final_sale: Mapped[bool] = mapped_column(Boolean, default=False)
    hygiene: Mapped[bool] = mapped_column(Boolean, default=False)
    rev: Mapped[int] = mapped_column(BigInteger, index=True)


class HOStaff(Base):
    __tablename__ = "ho_staff"
    # A staff number is a store's own: two stores may each have their 1001 (ho0004).
    __table_args__ = (UniqueConstraint("staff_no", "store_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("ho_store.id"))
    staff_no: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(50))
    role: Mapped[str] = mapped_column(String(32))
    pin_hash: Mapped[str] = mapped_column(String(200))  # Argon2id, as the till checks it
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    rev: Mapped[int] = mapped_column(BigInteger, index=True)


class HOReceipt(Base):
    __tablename__ = "ho_receipt"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("ho_store.id"))
    receipt_no: Mapped[str] = mapped_column(String(32), unique=True)
    barcode: Mapped[str] = mapped_column(String(32), unique=True)
    till_no: Mapped[int] = mapped_column(Integer)
    sold_at: Mapped[datetime] = mapped_column(UTCDateTime())
    tender: Mapped[str] = mapped_column(String(32))
    total_fen: Mapped[int] = mapped_column(BigInteger)
    paid_fen: Mapped[int] = mapped_column(BigInteger)
    lines: Mapped[list[dict[str, Any]]]  # [{line_no, sku, qty, unit_price_fen, ...}]
    rev: Mapped[int] = mapped_column(BigInteger, index=True)


class HOPolicy(Base):
    """A return policy published by head office; tills use the newest from their next case."""

    __tablename__ = "ho_policy"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[str] = mapped_column(String(32), unique=True)
    toml: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    rev: Mapped[int] = mapped_column(BigInteger, index=True)


class HOReturn(Base):
    """One receipt line as one case holds it, as head office last heard: what tills add to
    their own cases to know how much of a sale is really returned."""

    __tablename__ = "ho_return"
    __table_args__ = (UniqueConstraint("case_no", "receipt_no", "line_no", "store_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("ho_store.id"))
    case_no: Mapped[str] = mapped_column(String(32))
    till_no: Mapped[int] = mapped_column(Integer)
    receipt_no: Mapped[str] = mapped_column(String(32), index=True)
    line_no: Mapped[int] = mapped_column(Integer)
    qty: Mapped[int] = mapped_column(Integer)  # what the case takes back (0: nothing now)
    status: Mapped[str] = mapped_column(String(32))
    conflict: Mapped[bool] = mapped_column(Boolean, default=False)
    rev: Mapped[int] = mapped_column(BigInteger, index=True)


class HOConflict(Base):
    """More of a receipt line returned than was sold: every case involved is for review."""

    __tablename__ = "ho_conflict"
    __table_args__ = (UniqueConstraint("receipt_no", "line_no"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("ho_store.id"))
    receipt_no: Mapped[str] = mapped_column(String(32))
    line_no: Mapped[int] = mapped_column(Integer)
    sold_qty: Mapped[int] = mapped_column(Integer)
    returned_qty: Mapped[int] = mapped_column(Integer)
    case_nos: Mapped[list[Any]]
    detected_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class HOFlag(Base):
    """Something implausible about a case that head office took (its times before its sale,
    or far ahead of head office's clock: a till's clock set wrong), for IT to look into:
    once a case and kind (``what``), naming the first event that showed it."""

    __tablename__ = "ho_flag"
    __table_args__ = (UniqueConstraint("case_no", "what", "store_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("ho_store.id"))
    case_no: Mapped[str] = mapped_column(String(32))
    event_id: Mapped[str] = mapped_column(String(36))
    what: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(String(200))
    flagged_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
