"""The case store: loading a case whole, and what every write of it adds (the audit event,
the outbox event with the case's snapshot, the case number). Internal to the case services."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, joinedload, selectinload

from ...db.models import (
    AfterSalesCase,
    AuditEvent,
    CaseCounter,
    CaseLine,
    Decision,
    Inspection,
    OutboxEvent,
    ReceiptLine,
)
from ...domain.clock import now_utc
from ...domain.codes import DamageType, Disposition, Liability, Resolution, Tender
from ...domain.decide import Condition, DecisionRecord, InspectionRecord
from ...domain.liability import LiabilityReason
from ...domain.scan import case_number
from ...domain.states import Action, CaseStatus, ensure
from ..auth import StaffInfo
from ..context import TillContext
from .inputs import CaseNotFound

_lines = selectinload(AfterSalesCase.lines)
# The whole case in one round of loading, built once (every action loads a case).
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


def audit(
    s: Session,
    case: AfterSalesCase,
    staff: StaffInfo | None,
    action: str,
    from_status: CaseStatus | None,
    to_status: CaseStatus | None,
    reason: str = "",
    detail: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> None:
    s.add(
        AuditEvent(
            case=case,
            at=at or now_utc(),
            staff_id=staff.id if staff else None,
            action=action,
            from_status=from_status.value if from_status else None,
            to_status=to_status.value if to_status else None,
            reason=reason,
            detail=detail or {},
        )
    )


def emit(s: Session, case: AfterSalesCase, kind: str) -> None:
    """Queue the case's new state for head office, numbered in the case's sequence.

    No flush first: the snapshot reads only values the service has set, and one flush at
    commit is half the work of two.
    """
    case.outbox_seq += 1
    s.add(
        OutboxEvent(
            event_id=str(uuid.uuid4()),
            case_no=case.case_no,
            seq=case.outbox_seq,
            kind=kind,
            payload=snapshot(s, case),
            created_at=now_utc(),
        )
    )


def transition(
    s: Session,
    case: AfterSalesCase,
    staff: StaffInfo | None,
    action: Action,
    reason: str = "",
    detail: dict[str, Any] | None = None,
) -> CaseStatus:
    """Move the case by ``action`` (refused if the state machine does not allow it), audited."""
    before = CaseStatus(case.status)
    after = ensure(before, action, needs_approval=case.needs_approval)
    case.status = after.value
    case.updated_at = now_utc()
    audit(s, case, staff, action.value, before, after, reason, detail)
    return after


def next_case_no(s: Session, ctx: TillContext, day: date) -> str:
    counter = s.get(CaseCounter, (ctx.store_code, ctx.till_no, day))
    if counter is None:
        counter = CaseCounter(store_code=ctx.store_code, till_no=ctx.till_no, day=day, last_seq=0)
        s.add(counter)
    counter.last_seq += 1
    return case_number(ctx.store_code, day, ctx.till_no, counter.last_seq)


# -- rows and records -------------------------------------------------------------------


def inspection_record(row: Inspection) -> InspectionRecord:
    return InspectionRecord(
        condition=Condition(
            row.tags_attached,
            row.unworn,
            row.unwashed,
            row.stains,
            row.odour,
            DamageType(row.damage),
        ),
        suggested_liability=Liability(row.suggested_liability),
        suggested_reason=LiabilityReason(row.suggested_reason),
        liability=Liability(row.liability),
        batch=row.batch,
        photo_path=row.photo_path,
        override_reason=row.override_reason,
    )


def write_inspection(row: Inspection, record: InspectionRecord) -> None:
    c = record.condition
    row.tags_attached = c.tags_attached
    row.unworn = c.unworn
    row.unwashed = c.unwashed
    row.stains = c.stains
    row.odour = c.odour
    row.damage = c.damage.value
    row.batch = record.batch
    row.photo_path = record.photo_path
    row.suggested_liability = record.suggested_liability.value
    row.suggested_reason = record.suggested_reason.value
    row.liability = record.liability.value
    row.override_reason = record.override_reason


def decision_record(row: Decision) -> DecisionRecord:
    ex = row.exchange_product if row.exchange_product_id is not None else None
    return DecisionRecord(
        resolution=Resolution(row.resolution),
        qty=row.qty,
        refund_fen=row.refund_fen,
        tender=Tender(row.tender) if row.tender else None,
        exchange_sku=ex.sku if ex is not None else None,
        exchange_unit_price_fen=row.exchange_unit_price_fen,
        price_difference_fen=row.price_difference_fen,
        repair_due=row.repair_due,
        compensation_fen=row.compensation_fen,
        reject_reason=row.reject_reason,
        disposition=Disposition(row.disposition) if row.disposition else None,
        within_policy=row.within_policy,
        rule_ids=tuple(row.rule_ids),
        reason_zh=row.reason_zh,
        reason_en=row.reason_en,
    )


def write_decision(row: Decision, record: DecisionRecord, exchange_product_id: int | None) -> None:
    row.resolution = record.resolution.value
    row.qty = record.qty
    row.refund_fen = record.refund_fen
    row.tender = record.tender.value if record.tender else None
    row.exchange_product_id = exchange_product_id
    row.exchange_unit_price_fen = record.exchange_unit_price_fen
    row.price_difference_fen = record.price_difference_fen
    row.repair_due = record.repair_due
    row.compensation_fen = record.compensation_fen
    row.reject_reason = record.reject_reason
    row.disposition = record.disposition.value if record.disposition else ""
    row.within_policy = record.within_policy
    row.rule_ids = list(record.rule_ids)
    row.reason_zh = record.reason_zh
    row.reason_en = record.reason_en


# -- the snapshot head office keeps ----------------------------------------------------------


def snapshot(s: Session, case: AfterSalesCase) -> dict[str, Any]:
    """The whole case as plain JSON: what head office stores for each event.

    Built from the objects already in the session, without a query per line: this runs
    for every event of every case.
    """
    with s.no_autoflush:
        return _snapshot(case)


def _snapshot(case: AfterSalesCase) -> dict[str, Any]:
    intake = case.intake
    receipt_no = case.receipt.receipt_no
    lines = []
    for ln in case.lines:
        rl = ln.receipt_line
        item: dict[str, Any] = {"receipt_line_no": rl.line_no, "sku": rl.product.sku, "qty": ln.qty}
        if ln.inspection is not None:
            i = ln.inspection
            item["inspection"] = {
                "tags_attached": i.tags_attached,
                "unworn": i.unworn,
                "unwashed": i.unwashed,
                "stains": i.stains,
                "odour": i.odour,
                "damage": i.damage,
                "batch": i.batch,
                "suggested_liability": i.suggested_liability,
                "liability": i.liability,
                "override_reason": i.override_reason,
            }
        if ln.decision is not None:
            d = ln.decision
            item["decision"] = {
                "resolution": d.resolution,
                "qty": d.qty,
                "refund_fen": d.refund_fen,
                "tender": d.tender,
                "exchange_unit_price_fen": d.exchange_unit_price_fen,
                "price_difference_fen": d.price_difference_fen,
                "repair_due": d.repair_due.isoformat() if d.repair_due else None,
                "compensation_fen": d.compensation_fen,
                "reject_reason": d.reject_reason,
                "disposition": d.disposition,
                "within_policy": d.within_policy,
                "rule_ids": list(d.rule_ids),
            }
        lines.append(item)
    return {
        "case_no": case.case_no,
        "status": case.status,
        "till_no": case.till_no,
        "receipt_no": receipt_no,
        "policy_version": case.policy_version,
        "needs_approval": case.needs_approval,
        "created_at": case.created_at.isoformat() if case.created_at else None,
        "intake": None
        if intake is None
        else {
            "customer_name": intake.customer_name,
            "customer_phone": intake.customer_phone,
            "channel": intake.channel,
            "problem_category": intake.problem_category,
            "description": intake.description,
            "wanted": intake.wanted,
            "received_at": intake.received_at.isoformat() if intake.received_at else None,
        },
        "lines": lines,
    }
