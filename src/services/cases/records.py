"""A case as its actions read it: frozen records read with two Core SELECTs (on a till the
ORM's loading costs more than the commit with its fsync), and the records of a line's saved
inspection and decision, read from those columns or from the ORM rows the case screens
load."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, select

from ...db.models import (
    AfterSalesCase,
    CaseIntake,
    CaseLine,
    Decision,
    Inspection,
    Product,
    ReceiptLine,
    SalesReceipt,
)
from ...domain.codes import (
    Channel,
    DamageType,
    Disposition,
    Liability,
    ProblemCategory,
    Resolution,
    Tender,
)
from ...domain.decide import Condition, DecisionRecord, InspectionRecord
from ...domain.liability import LiabilityReason
from ...domain.states import CaseStatus
from ..sales import ReceiptRecord, receipt_columns, table_of
from .inputs import CaseNotFound

CASES = table_of(AfterSalesCase)
INTAKES = table_of(CaseIntake)
CASE_LINES = table_of(CaseLine)
INSPECTIONS = table_of(Inspection)
DECISIONS = table_of(Decision)
_RECEIPT = table_of(SalesReceipt)
_RECEIPT_LINE = table_of(ReceiptLine)
_PRODUCT = table_of(Product)
_EXCHANGE = _PRODUCT.alias("exchange_product")


# -- the case as the actions read it ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IntakeRecord:
    customer_name: str
    customer_phone: str
    channel: Channel
    category: ProblemCategory
    description: str
    wanted: Resolution
    received_at: datetime

    def columns(self) -> dict[str, Any]:
        """The intake as its table's columns, in the order the snapshot keeps them."""
        return {
            "customer_name": self.customer_name,
            "customer_phone": self.customer_phone,
            "channel": self.channel.value,
            "problem_category": self.category.value,
            "description": self.description,
            "wanted": self.wanted.value,
            "received_at": self.received_at,
        }


@dataclass(frozen=True, slots=True)
class CaseLineRecord:
    id: int
    receipt_line_id: int
    line_no: int  # on the receipt
    sku: str
    qty: int
    inspection: InspectionRecord | None = None
    decision: DecisionRecord | None = None


@dataclass(frozen=True, slots=True)
class CaseRecord:
    """A case with what its actions read and its snapshot holds."""

    id: int
    case_no: str
    status: CaseStatus
    till_no: int
    cashier_id: int
    policy_version: str
    needs_approval: bool
    created_at: datetime
    outbox_seq: int  # the number of the case's last event
    receipt: ReceiptRecord
    intake: IntakeRecord
    lines: tuple[CaseLineRecord, ...]

    @property
    def category(self) -> ProblemCategory:
        return self.intake.category

    @property
    def wanted(self) -> Resolution:
        return self.intake.wanted


# The column orders the records are read in; the ORM rows of the case screens are read
# through the same lists (inspection_record, decision_record).
_INSPECTION_FIELDS = (
    "tags_attached",
    "unworn",
    "unwashed",
    "stains",
    "odour",
    "damage",
    "suggested_liability",
    "suggested_reason",
    "liability",
    "batch",
    "photo_path",
    "override_reason",
)
_DECISION_FIELDS = (
    "resolution",
    "qty",
    "refund_fen",
    "tender",
    "exchange_unit_price_fen",
    "price_difference_fen",
    "repair_due",
    "compensation_fen",
    "reject_reason",
    "disposition",
    "within_policy",
    "rule_ids",
    "reason_zh",
    "reason_en",
)

_HEADER_COLUMNS = (
    CASES.c.id,
    CASES.c.case_no,
    CASES.c.status,
    CASES.c.till_no,
    CASES.c.cashier_id,
    CASES.c.policy_version,
    CASES.c.needs_approval,
    CASES.c.created_at,
    CASES.c.outbox_seq,
)
_INTAKE_COLUMNS = (
    INTAKES.c.customer_name,
    INTAKES.c.customer_phone,
    INTAKES.c.channel,
    INTAKES.c.problem_category,
    INTAKES.c.description,
    INTAKES.c.wanted,
    INTAKES.c.received_at,
)
_RECEIPT_COLUMNS = receipt_columns(_RECEIPT)
# Built once: statements are compiled once and found again in SQLAlchemy's cache.
_HEADER = (
    select(*_HEADER_COLUMNS, *_RECEIPT_COLUMNS, *_INTAKE_COLUMNS)
    .join(_RECEIPT, _RECEIPT.c.id == CASES.c.receipt_id)
    .join(INTAKES, INTAKES.c.case_id == CASES.c.id)
    .where(CASES.c.case_no == bindparam("case_no"))
)
_R = slice(len(_HEADER_COLUMNS), len(_HEADER_COLUMNS) + len(_RECEIPT_COLUMNS))
_I = slice(_R.stop, None)

_LINE_COLUMNS = (
    CASE_LINES.c.id,
    CASE_LINES.c.receipt_line_id,
    _RECEIPT_LINE.c.line_no,
    _PRODUCT.c.sku,
    CASE_LINES.c.qty,
)
_INSPECTION_COLUMNS = (
    INSPECTIONS.c.case_line_id,
    *(INSPECTIONS.c[f] for f in _INSPECTION_FIELDS),
)
_DECISION_COLUMNS = (
    DECISIONS.c.case_line_id,
    *(DECISIONS.c[f] for f in _DECISION_FIELDS),
    _EXCHANGE.c.sku,
)
_LINES = (
    select(*_LINE_COLUMNS, *_INSPECTION_COLUMNS, *_DECISION_COLUMNS)
    .join(_RECEIPT_LINE, _RECEIPT_LINE.c.id == CASE_LINES.c.receipt_line_id)
    .join(_PRODUCT, _PRODUCT.c.id == _RECEIPT_LINE.c.product_id)
    .outerjoin(INSPECTIONS, INSPECTIONS.c.case_line_id == CASE_LINES.c.id)
    .outerjoin(DECISIONS, DECISIONS.c.case_line_id == CASE_LINES.c.id)
    .outerjoin(_EXCHANGE, _EXCHANGE.c.id == DECISIONS.c.exchange_product_id)
    .where(CASE_LINES.c.case_id == bindparam("case_id"))
    .order_by(CASE_LINES.c.id)
)
_LI = slice(len(_LINE_COLUMNS), len(_LINE_COLUMNS) + len(_INSPECTION_COLUMNS))
_LD = slice(_LI.stop, None)


def read_case(conn: Connection, case_no: str) -> CaseRecord:
    """The case with its intake, receipt and lines (with their inspections and decisions),
    in two SELECTs."""
    head = conn.execute(_HEADER, {"case_no": case_no}).first()
    if head is None:
        raise CaseNotFound(case_no)
    case_id, no, status, till_no, cashier_id, policy_version, needs_approval, created, seq = head[
        : _R.start
    ]
    name, phone, channel, category, description, wanted, received_at = head[_I]
    lines = []
    for row in conn.execute(_LINES, {"case_id": case_id}):
        line_id, receipt_line_id, line_no, sku, qty = row[: _LI.start]
        lines.append(
            CaseLineRecord(
                line_id,
                receipt_line_id,
                line_no,
                sku,
                qty,
                inspection=None if row[_LI.start] is None else _inspection(row[_LI][1:]),
                decision=None if row[_LD.start] is None else _decision(row[_LD][1:]),
            )
        )
    return CaseRecord(
        id=case_id,
        case_no=no,
        status=CaseStatus(status),
        till_no=till_no,
        cashier_id=cashier_id,
        policy_version=policy_version,
        needs_approval=needs_approval,
        created_at=created,
        outbox_seq=seq,
        receipt=ReceiptRecord(*head[_R]),
        intake=IntakeRecord(
            name,
            phone,
            Channel(channel),
            ProblemCategory(category),
            description,
            Resolution(wanted),
            received_at,
        ),
        lines=tuple(lines),
    )


def _inspection(v: Sequence[Any]) -> InspectionRecord:
    """An inspection from its columns, in the order of ``_INSPECTION_FIELDS``."""
    tags, unworn, unwashed, stains, odour, damage, suggested, reason, liability, *rest = v
    batch, photo_path, override_reason = rest
    return InspectionRecord(
        condition=Condition(tags, unworn, unwashed, stains, odour, DamageType(damage)),
        suggested_liability=Liability(suggested),
        suggested_reason=LiabilityReason(reason),
        liability=Liability(liability),
        batch=batch,
        photo_path=photo_path,
        override_reason=override_reason,
    )


def _decision(v: Sequence[Any]) -> DecisionRecord:
    """A decision from its columns, in the order of ``_DECISION_FIELDS``, then the
    exchange item's SKU."""
    resolution, qty, refund, tender, unit_price, difference, repair_due, *rest = v
    compensation, reject_reason, disposition, within, rule_ids, zh, en, exchange_sku = rest
    return DecisionRecord(
        resolution=Resolution(resolution),
        qty=qty,
        refund_fen=refund,
        tender=Tender(tender) if tender else None,
        exchange_sku=exchange_sku,
        exchange_unit_price_fen=unit_price,
        price_difference_fen=difference,
        repair_due=repair_due,
        compensation_fen=compensation,
        reject_reason=reject_reason,
        disposition=Disposition(disposition) if disposition else None,
        within_policy=within,
        rule_ids=tuple(rule_ids),
        reason_zh=zh,
        reason_en=en,
    )


def inspection_record(row: Inspection) -> InspectionRecord:
    return _inspection([getattr(row, f) for f in _INSPECTION_FIELDS])


def decision_record(row: Decision) -> DecisionRecord:
    ex = row.exchange_product if row.exchange_product_id is not None else None
    return _decision([*(getattr(row, f) for f in _DECISION_FIELDS), ex.sku if ex else None])
