"""Writing a case: what an action changes, with a few Core statements (:class:`CaseChange`),
and what every write adds (the audit event, the outbox event with the case's snapshot, the
case number). Internal to the case services; the case screens and the print log still load
the ORM case (:func:`load_case`)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Table, bindparam, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, joinedload, selectinload

from ...contract import (
    EventKind,
)
from ...db.models import AfterSalesCase, AuditEvent, CaseCounter, CaseLine, OutboxEvent, ReceiptLine
from ...domain.clock import now_utc
from ...domain.decide import DecisionRecord, InspectionRecord
from ...domain.scan import case_number
from ...domain.states import OPENED, Action, CaseStatus, ensure
from ..auth import StaffInfo
from ..context import TillContext
from ..sales import ReceiptRecord, table_of
from .inputs import CaseNotFound
from .records import (
    CASE_LINES,
    CASES,
    DECISIONS,
    INSPECTIONS,
    INTAKES,
    CaseLineRecord,
    CaseRecord,
    IntakeRecord,
)
from .snapshot import snapshot

_AUDIT = table_of(AuditEvent)
_OUTBOX = table_of(OutboxEvent)
_COUNTER = table_of(CaseCounter)


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


_UPDATE_CASE = update(CASES).where(CASES.c.id == bindparam("case_id"))
_UPSERT_INSPECTION = _upsert(INSPECTIONS)
_UPSERT_DECISION = _upsert(DECISIONS)
_INSERT_AUDIT = _AUDIT.insert()
_INSERT_OUTBOX = _OUTBOX.insert()
_INSERT_CASE = CASES.insert().returning(CASES.c.id)
_INSERT_INTAKE = INTAKES.insert()
_INSERT_LINES = CASE_LINES.insert().returning(CASE_LINES.c.id, sort_by_parameter_order=True)
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
    row = {**row, "status": OPENED.value, "outbox_seq": 1}
    case_id = conn.execute(_INSERT_CASE, row).scalar_one()
    conn.execute(
        _INSERT_INTAKE,
        {"case_id": case_id, **intake.columns()},
    )
    ids = conn.execute(
        _INSERT_LINES,
        [{"case_id": case_id, "receipt_line_id": lid, "qty": q} for lid, _no, _sku, q in lines],
    ).scalars()
    case = CaseRecord(
        id=case_id,
        case_no=row["case_no"],
        status=OPENED,
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
    opened = _audit_row(case_id, staff, "open", None, OPENED, at=row["created_at"])
    conn.execute(_INSERT_AUDIT, opened)
    conn.execute(_INSERT_OUTBOX, _event_row(case, EventKind.CASE_OPENED))
    return case


def next_case_no(conn: Connection, ctx: TillContext, day: date) -> str:
    seq = conn.execute(
        _NEXT_SEQ,
        {"store_code": ctx.store_code, "till_no": ctx.till_no, "day": day, "last_seq": 1},
    ).scalar_one()
    return case_number(ctx.store_code, day, ctx.till_no, seq)


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
