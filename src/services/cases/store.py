"""The case store: loading a case, and what every write of it adds (the audit event, the
outbox event with the case's snapshot, the case number). Internal to the case services.

The actions read a case into frozen records (:class:`CaseRecord`) with two SELECTs and
write what they change with a few Core statements (:class:`CaseChange`): on a till the
ORM's loading and unit of work cost more than the commit with its fsync. The snapshot
sent to head office is built from those records. The case screens and the print log
still read ORM objects (:func:`load_case`).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Table, bindparam, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, joinedload, selectinload

from ...contract import (
    CaseSnapshot,
    EventKind,
    SnapshotDecision,
    SnapshotInspection,
    SnapshotIntake,
    SnapshotLine,
)
from ...db.models import (
    AfterSalesCase,
    AuditEvent,
    CaseCounter,
    CaseIntake,
    CaseLine,
    Decision,
    Inspection,
    OutboxEvent,
    Product,
    ReceiptLine,
    SalesReceipt,
)
from ...domain.clock import now_utc
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
from ...domain.scan import case_number
from ...domain.states import Action, CaseStatus, ensure
from ..auth import StaffInfo
from ..context import TillContext
from ..sales import ReceiptRecord, receipt_columns, table_of
from .inputs import CaseNotFound

_CASE = table_of(AfterSalesCase)
_INTAKE = table_of(CaseIntake)
_LINE = table_of(CaseLine)
_INSPECTION = table_of(Inspection)
_DECISION = table_of(Decision)
_AUDIT = table_of(AuditEvent)
_OUTBOX = table_of(OutboxEvent)
_COUNTER = table_of(CaseCounter)
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
    _CASE.c.id,
    _CASE.c.case_no,
    _CASE.c.status,
    _CASE.c.till_no,
    _CASE.c.cashier_id,
    _CASE.c.policy_version,
    _CASE.c.needs_approval,
    _CASE.c.created_at,
    _CASE.c.outbox_seq,
)
_INTAKE_COLUMNS = (
    _INTAKE.c.customer_name,
    _INTAKE.c.customer_phone,
    _INTAKE.c.channel,
    _INTAKE.c.problem_category,
    _INTAKE.c.description,
    _INTAKE.c.wanted,
    _INTAKE.c.received_at,
)
_RECEIPT_COLUMNS = receipt_columns(_RECEIPT)
# Built once: statements are compiled once and found again in SQLAlchemy's cache.
_HEADER = (
    select(*_HEADER_COLUMNS, *_RECEIPT_COLUMNS, *_INTAKE_COLUMNS)
    .join(_RECEIPT, _RECEIPT.c.id == _CASE.c.receipt_id)
    .join(_INTAKE, _INTAKE.c.case_id == _CASE.c.id)
    .where(_CASE.c.case_no == bindparam("case_no"))
)
_R = slice(len(_HEADER_COLUMNS), len(_HEADER_COLUMNS) + len(_RECEIPT_COLUMNS))
_I = slice(_R.stop, None)

_LINE_COLUMNS = (
    _LINE.c.id,
    _LINE.c.receipt_line_id,
    _RECEIPT_LINE.c.line_no,
    _PRODUCT.c.sku,
    _LINE.c.qty,
)
_INSPECTION_COLUMNS = (
    _INSPECTION.c.case_line_id,
    *(_INSPECTION.c[f] for f in _INSPECTION_FIELDS),
)
_DECISION_COLUMNS = (
    _DECISION.c.case_line_id,
    *(_DECISION.c[f] for f in _DECISION_FIELDS),
    _EXCHANGE.c.sku,
)
_LINES = (
    select(*_LINE_COLUMNS, *_INSPECTION_COLUMNS, *_DECISION_COLUMNS)
    .join(_RECEIPT_LINE, _RECEIPT_LINE.c.id == _LINE.c.receipt_line_id)
    .join(_PRODUCT, _PRODUCT.c.id == _RECEIPT_LINE.c.product_id)
    .outerjoin(_INSPECTION, _INSPECTION.c.case_line_id == _LINE.c.id)
    .outerjoin(_DECISION, _DECISION.c.case_line_id == _LINE.c.id)
    .outerjoin(_EXCHANGE, _EXCHANGE.c.id == _DECISION.c.exchange_product_id)
    .where(_LINE.c.case_id == bindparam("case_id"))
    .order_by(_LINE.c.id)
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


def _inspection_values(case_line_id: int, record: InspectionRecord) -> dict[str, Any]:
    c = record.condition
    return {
        "case_line_id": case_line_id,
        "tags_attached": c.tags_attached,
        "unworn": c.unworn,
        "unwashed": c.unwashed,
        "stains": c.stains,
        "odour": c.odour,
        "damage": c.damage.value,
        "batch": record.batch,
        "photo_path": record.photo_path,
        "suggested_liability": record.suggested_liability.value,
        "suggested_reason": record.suggested_reason.value,
        "liability": record.liability.value,
        "override_reason": record.override_reason,
    }


def _decision_values(
    case_line_id: int, record: DecisionRecord, exchange_product_id: int | None
) -> dict[str, Any]:
    return {
        "case_line_id": case_line_id,
        "resolution": record.resolution.value,
        "qty": record.qty,
        "refund_fen": record.refund_fen,
        "tender": record.tender.value if record.tender else None,
        "exchange_product_id": exchange_product_id,
        "exchange_unit_price_fen": record.exchange_unit_price_fen,
        "price_difference_fen": record.price_difference_fen,
        "repair_due": record.repair_due,
        "compensation_fen": record.compensation_fen,
        "reject_reason": record.reject_reason,
        "disposition": record.disposition.value if record.disposition else "",
        "within_policy": record.within_policy,
        "rule_ids": list(record.rule_ids),
        "reason_zh": record.reason_zh,
        "reason_en": record.reason_en,
    }


# -- writing a case -------------------------------------------------------------------------


def _upsert(table: Table) -> Any:
    """INSERT, or UPDATE every column of the row already there (keyed by its primary key)."""
    stmt = sqlite_insert(table)
    key = [c.name for c in table.primary_key]
    return stmt.on_conflict_do_update(
        index_elements=key,
        set_={c.name: stmt.excluded[c.name] for c in table.c if c.name not in key},
    )


_UPDATE_CASE = update(_CASE).where(_CASE.c.id == bindparam("case_id"))
_UPSERT_INSPECTION = _upsert(_INSPECTION)
_UPSERT_DECISION = _upsert(_DECISION)
_INSERT_AUDIT = _AUDIT.insert()
_INSERT_OUTBOX = _OUTBOX.insert()
_INSERT_CASE = _CASE.insert().returning(_CASE.c.id)
_INSERT_INTAKE = _INTAKE.insert()
_INSERT_LINES = _LINE.insert().returning(_LINE.c.id, sort_by_parameter_order=True)
_NEXT_SEQ = (
    sqlite_insert(_COUNTER)
    .on_conflict_do_update(
        index_elements=[c.name for c in _COUNTER.primary_key],
        set_={"last_seq": _COUNTER.c.last_seq + 1},
    )
    .returning(_COUNTER.c.last_seq)
)


class CaseChange:
    """What one action does to a case, written together by :meth:`save`.

    Each step replaces :attr:`case` with the case as it now stands, so an event's
    snapshot is built from the records the action computed, never read back.

    Attributes:
        case: the case as the action has left it so far.
    """

    def __init__(self, case: CaseRecord) -> None:
        self.case = case
        self._columns: dict[str, Any] = {}  # of the case's row
        self._inspections: list[dict[str, Any]] = []
        self._decisions: list[dict[str, Any]] = []
        self._audit: list[dict[str, Any]] = []
        self._outbox: list[dict[str, Any]] = []

    def set(self, **columns: Any) -> None:
        """Columns of the case's row that the record does not hold (approver, completion)."""
        self._columns.update(columns)

    def decided(self, policy_version: str, approval_reasons: list[list[str]]) -> None:
        """The policy the decisions were made under, and why a manager must approve them
        (nothing: no approval needed)."""
        needs = bool(approval_reasons)
        self.case = replace(self.case, policy_version=policy_version, needs_approval=needs)
        self._columns.update(
            policy_version=policy_version, needs_approval=needs, approval_reasons=approval_reasons
        )

    def inspect(self, records: Mapping[int, InspectionRecord]) -> None:
        """Save inspections, by case line id."""
        self.case = replace(
            self.case,
            lines=tuple(
                replace(ln, inspection=records[ln.id]) if ln.id in records else ln
                for ln in self.case.lines
            ),
        )
        self._inspections += [_inspection_values(i, r) for i, r in records.items()]

    def decide(self, records: Mapping[int, tuple[DecisionRecord, int | None]]) -> None:
        """Save decisions, by case line id, each with the exchange item's product id."""
        self.case = replace(
            self.case,
            lines=tuple(
                replace(ln, decision=records[ln.id][0]) if ln.id in records else ln
                for ln in self.case.lines
            ),
        )
        self._decisions += [_decision_values(i, r, p) for i, (r, p) in records.items()]

    def transition(
        self,
        staff: StaffInfo | None,
        action: Action,
        reason: str = "",
        detail: dict[str, Any] | None = None,
    ) -> CaseStatus:
        """Move the case by ``action`` (refused if the state machine does not allow it),
        audited."""
        before = self.case.status
        after = ensure(before, action, needs_approval=self.case.needs_approval)
        self.case = replace(self.case, status=after)
        self._columns.update(status=after.value, updated_at=now_utc())
        self.audit(staff, action.value, before, after, reason, detail)
        return after

    def audit(
        self,
        staff: StaffInfo | None,
        action: str,
        from_status: CaseStatus | None,
        to_status: CaseStatus | None,
        reason: str = "",
        detail: dict[str, Any] | None = None,
    ) -> None:
        self._audit.append(
            _audit_row(self.case.id, staff, action, from_status, to_status, reason, detail)
        )

    def emit(self, kind: EventKind) -> None:
        """Queue the case's new state for head office, numbered in the case's sequence."""
        self.case = replace(self.case, outbox_seq=self.case.outbox_seq + 1)
        self._columns["outbox_seq"] = self.case.outbox_seq
        self._outbox.append(_event_row(self.case, kind))

    def save(self, conn: Connection) -> None:
        """Write it all: one statement per table touched (rows of a table in one go)."""
        if self._columns:
            conn.execute(_UPDATE_CASE, {"case_id": self.case.id, **self._columns})
        for stmt, rows in (
            (_UPSERT_INSPECTION, self._inspections),
            (_UPSERT_DECISION, self._decisions),
            (_INSERT_AUDIT, self._audit),
            (_INSERT_OUTBOX, self._outbox),
        ):
            if rows:
                conn.execute(stmt, rows)
        self._columns, self._inspections, self._decisions = {}, [], []
        self._audit, self._outbox = [], []


def _audit_row(
    case_id: int,
    staff: StaffInfo | None,
    action: str,
    from_status: CaseStatus | None,
    to_status: CaseStatus | None,
    reason: str = "",
    detail: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> dict[str, Any]:
    return {
        "case_id": case_id,
        "at": at or now_utc(),
        "staff_id": staff.id if staff else None,
        "action": action,
        "from_status": from_status.value if from_status else None,
        "to_status": to_status.value if to_status else None,
        "reason": reason,
        "detail": detail or {},
    }


def _event_row(case: CaseRecord, kind: EventKind) -> dict[str, Any]:
    """The outbox event of the case as it stands, numbered ``case.outbox_seq``."""
    return {
        "event_id": str(uuid.uuid4()),
        "case_no": case.case_no,
        "seq": case.outbox_seq,
        "kind": kind.value,
        "payload": snapshot(case),
        "created_at": now_utc(),
    }


def insert_case(
    conn: Connection,
    row: dict[str, Any],
    intake: IntakeRecord,
    receipt: ReceiptRecord,
    lines: Sequence[tuple[int, int, str, int]],
    staff: StaffInfo,
) -> CaseRecord:
    """Write a new draft case whole: its row, intake and lines (``lines``: receipt line
    id, its line number, SKU, quantity), its "open" audit event and its first outbox
    event. The row is written once, already numbered to that event."""
    row = {**row, "status": CaseStatus.DRAFT.value, "outbox_seq": 1}
    case_id = conn.execute(_INSERT_CASE, row).scalar_one()
    conn.execute(
        _INSERT_INTAKE,
        {
            "case_id": case_id,
            "customer_name": intake.customer_name,
            "customer_phone": intake.customer_phone,
            "channel": intake.channel.value,
            "problem_category": intake.category.value,
            "description": intake.description,
            "wanted": intake.wanted.value,
            "received_at": intake.received_at,
        },
    )
    ids = conn.execute(
        _INSERT_LINES,
        [{"case_id": case_id, "receipt_line_id": lid, "qty": q} for lid, _no, _sku, q in lines],
    ).scalars()
    case = CaseRecord(
        id=case_id,
        case_no=row["case_no"],
        status=CaseStatus.DRAFT,
        till_no=row["till_no"],
        cashier_id=row["cashier_id"],
        policy_version=row["policy_version"],
        needs_approval=row["needs_approval"],
        created_at=row["created_at"],
        outbox_seq=1,
        receipt=receipt,
        intake=intake,
        lines=tuple(
            CaseLineRecord(i, lid, no, sku, q)
            for i, (lid, no, sku, q) in zip(ids, lines, strict=True)
        ),
    )
    opened = _audit_row(case_id, staff, "open", None, CaseStatus.DRAFT, at=row["created_at"])
    conn.execute(_INSERT_AUDIT, opened)
    conn.execute(_INSERT_OUTBOX, _event_row(case, EventKind.CASE_OPENED))
    return case


def next_case_no(conn: Connection, ctx: TillContext, day: date) -> str:
    seq = conn.execute(
        _NEXT_SEQ,
        {"store_code": ctx.store_code, "till_no": ctx.till_no, "day": day, "last_seq": 1},
    ).scalar_one()
    return case_number(ctx.store_code, day, ctx.till_no, seq)


# -- the snapshot head office keeps ----------------------------------------------------------


def snapshot(case: CaseRecord) -> CaseSnapshot:
    """The whole case as plain JSON: what head office stores for each event.

    Its keys, their order and values are the wire contract: built from the records, it
    is the same JSON as the columns they are saved in would give.
    """
    intake = case.intake
    return CaseSnapshot(
        {
            "case_no": case.case_no,
            "status": case.status.value,
            "till_no": case.till_no,
            "receipt_no": case.receipt.receipt_no,
            "policy_version": case.policy_version,
            "needs_approval": case.needs_approval,
            "created_at": case.created_at.isoformat(),
            "intake": SnapshotIntake(
                {
                    "customer_name": intake.customer_name,
                    "customer_phone": intake.customer_phone,
                    "channel": intake.channel.value,
                    "problem_category": intake.category.value,
                    "description": intake.description,
                    "wanted": intake.wanted.value,
                    "received_at": intake.received_at.isoformat(),
                }
            ),
            "lines": [_line_snapshot(ln) for ln in case.lines],
        }
    )


def _line_snapshot(ln: CaseLineRecord) -> SnapshotLine:
    item = SnapshotLine(receipt_line_no=ln.line_no, sku=ln.sku, qty=ln.qty)
    if ln.inspection is not None:
        i = ln.inspection
        c = i.condition
        item["inspection"] = SnapshotInspection(
            {
                "tags_attached": c.tags_attached,
                "unworn": c.unworn,
                "unwashed": c.unwashed,
                "stains": c.stains,
                "odour": c.odour,
                "damage": c.damage.value,
                "batch": i.batch,
                "suggested_liability": i.suggested_liability.value,
                "liability": i.liability.value,
                "override_reason": i.override_reason,
            }
        )
    if ln.decision is not None:
        d = ln.decision
        item["decision"] = SnapshotDecision(
            {
                "resolution": d.resolution.value,
                "qty": d.qty,
                "refund_fen": d.refund_fen,
                "tender": d.tender.value if d.tender else None,
                "exchange_unit_price_fen": d.exchange_unit_price_fen,
                "price_difference_fen": d.price_difference_fen,
                "repair_due": d.repair_due.isoformat() if d.repair_due else None,
                "compensation_fen": d.compensation_fen,
                "reject_reason": d.reject_reason,
                "disposition": d.disposition.value if d.disposition else "",
                "within_policy": d.within_policy,
                "rule_ids": list(d.rule_ids),
            }
        )
    return item


# -- the ORM case, for the case screens and the print log -----------------------------------

_lines = selectinload(AfterSalesCase.lines)
_CASE_QUERY = (
    select(AfterSalesCase)
    .where(AfterSalesCase.case_no == bindparam("case_no"))
    .options(
        joinedload(AfterSalesCase.intake),
        joinedload(AfterSalesCase.receipt),
        _lines.joinedload(CaseLine.inspection),
        _lines.joinedload(CaseLine.decision),
        _lines.joinedload(CaseLine.receipt_line).joinedload(ReceiptLine.product),
    )
)


def load_case(s: Session, case_no: str) -> AfterSalesCase:
    case = s.scalar(_CASE_QUERY, {"case_no": case_no})
    if case is None:
        raise CaseNotFound(case_no)
    return case


def note(
    s: Session,
    case: AfterSalesCase,
    staff: StaffInfo | None,
    action: str,
    *,
    reason: str = "",
    detail: dict[str, Any] | None = None,
) -> None:
    """A timeline entry that moves no state, on an ORM case (the print log's)."""
    s.add(AuditEvent(**_audit_row(case.id, staff, action, None, None, reason, detail)))
