"""The till's tables.

Reference data (store, tills, staff, products, sales receipts) is a mirror of head
office's; cases and their parts are written here first and sent on through the outbox.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from ..sqltypes import NAMING
from .types import UTC_TIME, Code, Fen, IntPK, UTCDateTime, utcnow


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


# -- reference data -------------------------------------------------------------------


class Store(Base):
    __tablename__ = "store"
    id: Mapped[IntPK]
    code: Mapped[Code] = mapped_column(unique=True)
    name: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str] = mapped_column(String(32), default="")
    address: Mapped[str] = mapped_column(String(200), default="")


class Till(Base):
    __tablename__ = "till"
    __table_args__ = (UniqueConstraint("store_id", "till_no"),)
    id: Mapped[IntPK]
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id"))
    till_no: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(50), default="")


class Staff(Base):
    __tablename__ = "staff"
    id: Mapped[IntPK]
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id"))
    staff_no: Mapped[Code] = mapped_column(unique=True)
    name: Mapped[str] = mapped_column(String(50))
    role: Mapped[Code]  # domain.codes.Role
    pin_hash: Mapped[str] = mapped_column(String(200))  # Argon2id, never the PIN
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Product(Base):
    __tablename__ = "product"
    id: Mapped[IntPK]
    sku: Mapped[Code] = mapped_column(unique=True)
    style_code: Mapped[Code] = mapped_column(index=True)
    name: Mapped[str] = mapped_column(String(100))
    colour: Mapped[str] = mapped_column(String(30))
    size: Mapped[str] = mapped_column(String(10))
    category: Mapped[Code]  # tops, trousers, dresses, outerwear, underwear, swimwear, accessories
    batch: Mapped[Code]
    price_fen: Mapped[Fen]
    final_sale: Mapped[bool] = mapped_column(Boolean, default=False)
    hygiene: Mapped[bool] = mapped_column(Boolean, default=False)


class SalesReceipt(Base):
    __tablename__ = "sales_receipt"
    id: Mapped[IntPK]
    receipt_no: Mapped[Code] = mapped_column(unique=True)
    barcode: Mapped[Code] = mapped_column(unique=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id"))
    till_no: Mapped[int] = mapped_column(Integer)
    sold_at: Mapped[UTC_TIME]
    tender: Mapped[Code]  # domain.codes.Tender
    total_fen: Mapped[Fen]  # list price of all lines
    paid_fen: Mapped[Fen]  # what the customer paid, after discounts
    lines: Mapped[list[ReceiptLine]] = relationship(
        back_populates="receipt", order_by="ReceiptLine.line_no"
    )


class ReceiptLine(Base):
    __tablename__ = "receipt_line"
    __table_args__ = (UniqueConstraint("receipt_id", "line_no"),)
    id: Mapped[IntPK]
    receipt_id: Mapped[int] = mapped_column(ForeignKey("sales_receipt.id"))
    line_no: Mapped[int] = mapped_column(Integer)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"), index=True)
    qty: Mapped[int] = mapped_column(Integer)
    unit_price_fen: Mapped[Fen]
    discount_fen: Mapped[Fen]
    paid_fen: Mapped[Fen]  # qty * unit price - discount
    receipt: Mapped[SalesReceipt] = relationship(back_populates="lines")
    product: Mapped[Product] = relationship()


# -- cases ----------------------------------------------------------------------------


class CaseCounter(Base):
    """The last case sequence used per till per day: case numbers need no head office."""

    __tablename__ = "case_counter"
    store_code: Mapped[Code] = mapped_column(primary_key=True)
    till_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)


class AfterSalesCase(Base):
    __tablename__ = "aftersales_case"
    id: Mapped[IntPK]
    case_no: Mapped[Code] = mapped_column(unique=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("store.id"))
    till_no: Mapped[int] = mapped_column(Integer)
    receipt_id: Mapped[int] = mapped_column(ForeignKey("sales_receipt.id"), index=True)
    status: Mapped[Code] = mapped_column(index=True)  # domain.states.CaseStatus
    cashier_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    approver_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    policy_version: Mapped[Code]
    needs_approval: Mapped[bool] = mapped_column(Boolean, default=False)
    approval_reasons: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[UTC_TIME] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[UTC_TIME] = mapped_column(default=utcnow, onupdate=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    slip_path: Mapped[str | None] = mapped_column(String(500))
    outbox_seq: Mapped[int] = mapped_column(Integer, default=0)  # last event number of this case

    intake: Mapped[CaseIntake] = relationship(back_populates="case", cascade="all, delete-orphan")
    lines: Mapped[list[CaseLine]] = relationship(
        back_populates="case", order_by="CaseLine.id", cascade="all, delete-orphan"
    )
    events: Mapped[list[AuditEvent]] = relationship(
        back_populates="case", order_by="AuditEvent.id", cascade="all, delete-orphan"
    )
    receipt: Mapped[SalesReceipt] = relationship()
    cashier: Mapped[Staff] = relationship(foreign_keys=[cashier_id])
    approver: Mapped[Staff | None] = relationship(foreign_keys=[approver_id])


class CaseIntake(Base):
    """售后问题受理单: who came, about what, wanting what."""

    __tablename__ = "case_intake"
    case_id: Mapped[int] = mapped_column(ForeignKey("aftersales_case.id"), primary_key=True)
    customer_name: Mapped[str] = mapped_column(String(50))
    customer_phone: Mapped[str] = mapped_column(String(20), index=True)
    channel: Mapped[Code]  # domain.codes.Channel
    problem_category: Mapped[Code]  # domain.codes.ProblemCategory
    description: Mapped[str] = mapped_column(Text, default="")
    wanted: Mapped[Code]  # domain.codes.Resolution
    received_at: Mapped[UTC_TIME] = mapped_column(default=utcnow)
    case: Mapped[AfterSalesCase] = relationship(back_populates="intake")


class CaseLine(Base):
    __tablename__ = "case_line"
    __table_args__ = (UniqueConstraint("case_id", "receipt_line_id"),)
    id: Mapped[IntPK]
    case_id: Mapped[int] = mapped_column(ForeignKey("aftersales_case.id"), index=True)
    receipt_line_id: Mapped[int] = mapped_column(ForeignKey("receipt_line.id"), index=True)
    qty: Mapped[int] = mapped_column(Integer)
    case: Mapped[AfterSalesCase] = relationship(back_populates="lines")
    receipt_line: Mapped[ReceiptLine] = relationship()
    inspection: Mapped[Inspection | None] = relationship(
        back_populates="line", cascade="all, delete-orphan"
    )
    decision: Mapped[Decision | None] = relationship(
        back_populates="line", cascade="all, delete-orphan"
    )


class Inspection(Base):
    __tablename__ = "inspection"
    case_line_id: Mapped[int] = mapped_column(ForeignKey("case_line.id"), primary_key=True)
    tags_attached: Mapped[bool] = mapped_column(Boolean)
    unworn: Mapped[bool] = mapped_column(Boolean)
    unwashed: Mapped[bool] = mapped_column(Boolean)
    stains: Mapped[bool] = mapped_column(Boolean)
    odour: Mapped[bool] = mapped_column(Boolean)
    damage: Mapped[Code]  # domain.codes.DamageType
    batch: Mapped[Code]
    photo_path: Mapped[str | None] = mapped_column(String(500))
    suggested_liability: Mapped[Code]
    suggested_reason: Mapped[Code]  # domain.liability.LiabilityReason
    liability: Mapped[Code]
    override_reason: Mapped[str] = mapped_column(Text, default="")
    line: Mapped[CaseLine] = relationship(back_populates="inspection")


class Decision(Base):
    __tablename__ = "decision"
    case_line_id: Mapped[int] = mapped_column(ForeignKey("case_line.id"), primary_key=True)
    resolution: Mapped[Code]  # domain.codes.Resolution
    qty: Mapped[int] = mapped_column(Integer)
    refund_fen: Mapped[Fen] = mapped_column(default=0)
    tender: Mapped[Code | None]
    exchange_product_id: Mapped[int | None] = mapped_column(ForeignKey("product.id"))
    exchange_unit_price_fen: Mapped[Fen] = mapped_column(default=0)
    price_difference_fen: Mapped[Fen] = mapped_column(default=0)
    repair_due: Mapped[date | None] = mapped_column(Date)
    compensation_fen: Mapped[Fen] = mapped_column(default=0)
    reject_reason: Mapped[str] = mapped_column(Text, default="")
    disposition: Mapped[Code] = mapped_column(default="")  # domain.codes.Disposition
    within_policy: Mapped[bool] = mapped_column(Boolean)
    rule_ids: Mapped[list[Any]] = mapped_column(default=list)
    reason_zh: Mapped[str] = mapped_column(Text, default="")
    reason_en: Mapped[str] = mapped_column(Text, default="")
    line: Mapped[CaseLine] = relationship(back_populates="decision")
    exchange_product: Mapped[Product | None] = relationship()


class PrintJob(Base):
    """One printing (or attempt) of one of a case's documents; reprints are counted here."""

    __tablename__ = "print_job"
    id: Mapped[IntPK]
    case_id: Mapped[int] = mapped_column(ForeignKey("aftersales_case.id"), index=True)
    document: Mapped[Code]  # "slip" (store copy) or "receipt" (customer copy)
    paper: Mapped[Code]  # printing.paper.Paper
    printer: Mapped[str] = mapped_column(String(200), default="")
    copies: Mapped[int] = mapped_column(Integer, default=1)
    reprint: Mapped[int] = mapped_column(Integer, default=0)  # 0: the original
    file: Mapped[str] = mapped_column(String(500), default="")
    outcome: Mapped[Code]  # "printed", "queued", "failed", "saved"
    job_id: Mapped[str] = mapped_column(String(100), default="")
    problem: Mapped[Code] = mapped_column(default="")  # printing.queues.PrintProblem
    detail: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[UTC_TIME] = mapped_column(default=utcnow)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


class AuditEvent(Base):
    """Who did what to a case, when, from which status to which, and why."""

    __tablename__ = "audit_event"
    id: Mapped[IntPK]
    case_id: Mapped[int] = mapped_column(ForeignKey("aftersales_case.id"), index=True)
    at: Mapped[UTC_TIME] = mapped_column(default=utcnow)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    action: Mapped[Code]
    from_status: Mapped[Code | None]
    to_status: Mapped[Code | None]
    reason: Mapped[str] = mapped_column(Text, default="")
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    case: Mapped[AfterSalesCase] = relationship(back_populates="events")
    staff: Mapped[Staff | None] = relationship()


class TillAudit(Base):
    """A change to this till itself rather than to a case: who (the manager who allowed
    it; None before the till had staff), when, what (``action``) and its ``detail``. Never
    a secret: a change of the store's token is noted as having happened, not what it is."""

    __tablename__ = "till_audit"
    id: Mapped[IntPK]
    at: Mapped[UTC_TIME] = mapped_column(default=utcnow)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    action: Mapped[Code]
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    staff: Mapped[Staff | None] = relationship()


class OutboxState(StrEnum):
    """Where an outbox event is: waiting to be sent, taken by head office, or parked."""

    PENDING = "pending"  # sent at the next drain, in the order written
    SENT = "sent"  # head office took it (at sent_at)
    PARKED = "parked"  # head office refuses it for good: set aside until put back


class OutboxEvent(Base):
    """A case change waiting for head office, written in the same transaction as the change.

    ``event_id`` is fixed when the row is written, and ``seq`` numbers a case's events
    from 1 with no gaps, so head office can apply each once and in order. ``state`` is an
    :class:`OutboxState`; ``last_error`` says why a pending event waits or a parked one was
    set aside.
    """

    __tablename__ = "outbox_event"
    __table_args__ = (
        UniqueConstraint("case_no", "seq"),
        # The drain's query: the pending events, oldest first.
        Index("ix_outbox_event_pending", "state", "id"),
        # When the last event went (the sync screen).
        Index("ix_outbox_event_sent_at", "sent_at"),
    )
    id: Mapped[IntPK]
    event_id: Mapped[str] = mapped_column(String(36), unique=True)
    case_no: Mapped[Code]
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[Code]
    payload: Mapped[dict[str, Any]]
    created_at: Mapped[UTC_TIME] = mapped_column(default=utcnow)
    state: Mapped[str] = mapped_column(
        String(8), default=OutboxState.PENDING, server_default=OutboxState.PENDING.value
    )
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")


class AppSetting(Base):
    """This till's own settings: its store and till number, the language."""

    __tablename__ = "app_setting"
    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


# -- what head office tells this till --------------------------------------------------


class SyncCursor(Base):
    """Per kind of reference data: the last head-office revision this mirror holds."""

    __tablename__ = "sync_cursor"
    kind: Mapped[Code] = mapped_column(primary_key=True)
    cursor: Mapped[int] = mapped_column(BigInteger, default=0)
    pulled_at: Mapped[UTC_TIME]  # the last pull that succeeded, changes or not


class PolicyDoc(Base):
    """A return policy head office published; the newest applies to new cases, and every
    version stays so that a case can be read under the policy it was decided by."""

    __tablename__ = "policy_doc"
    version: Mapped[Code] = mapped_column(primary_key=True)
    toml: Mapped[str] = mapped_column(Text)
    published_at: Mapped[UTC_TIME]
    received_at: Mapped[UTC_TIME] = mapped_column(default=utcnow)


class RemoteReturn(Base):
    """A receipt line as a case of this store holds it, as head office last heard, from
    any till: with this till's own cases, the true returned quantity of a sale."""

    __tablename__ = "remote_return"
    __table_args__ = (UniqueConstraint("case_no", "receipt_no", "line_no"),)
    id: Mapped[IntPK]
    case_no: Mapped[Code]
    till_no: Mapped[int] = mapped_column(Integer)
    receipt_no: Mapped[Code] = mapped_column(index=True)
    line_no: Mapped[int] = mapped_column(Integer)
    qty: Mapped[int] = mapped_column(Integer)
    status: Mapped[Code]  # domain.states.CaseStatus
    conflict: Mapped[bool] = mapped_column(Boolean, default=False)  # returned > sold
