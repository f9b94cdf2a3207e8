"""The case workflow: open (intake), inspect, decide and submit, approve, complete, cancel.

Each public function is one user action and one ``BEGIN IMMEDIATE`` transaction that
writes the change, its audit event and its outbox event together: after a crash at any
moment the case is either whole with its events or not there at all. Each line's values
are computed by the pure functions of :mod:`aftersales.domain.decide` before anything is
written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime
from enum import StrEnum
from typing import Protocol, TypeVar

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from ...contract import EventKind
from ...db.engine import Database
from ...db.models import Product
from ...domain.clock import local_date, now_utc
from ...domain.codes import ProblemCategory, Resolution
from ...domain.decide import (
    Condition,
    DecidedLine,
    InspectionProblem,
    InspectionRecord,
    decide_line,
    inspect_line,
)
from ...domain.decision import DecisionProblem
from ...domain.phone import normalise_mobile
from ...domain.policy import LineFacts, LineVerdict
from ...domain.states import Action, CaseStatus, ensure
from ..auth import AuthError, AuthProblem, StaffInfo
from ..context import TillContext
from ..sales import SaleView, load_sale, receipt_by_no, table_of
from .inputs import (
    CaseNotFound,
    CaseRefused,
    DecisionInput,
    InspectionInput,
    IntakeInput,
    SubmitResult,
    check_intake,
    reason_problems,
    text_problems,
)
from .records import CaseLineRecord, CaseRecord, IntakeRecord, read_case
from .store import CaseChange, insert_case, next_case_no

G = TypeVar("G")


def open_case(
    db: Database, ctx: TillContext, staff: StaffInfo, receipt_no: str, intake: IntakeInput
) -> str:
    """Record the 售后问题受理单 and open a draft case; returns the new case number.

    Raises:
        CaseRefused: the intake is incomplete, or asks for more than is still returnable
            (checked again inside the transaction, against every other case).
    """
    now = now_utc()
    with db.write() as s:
        receipt = receipt_by_no(s, receipt_no)
        if receipt is None:
            raise CaseNotFound(receipt_no)
        sale = load_sale(s, receipt, now, history=False)
        problems = check_intake(sale, intake)
        if problems:
            raise CaseRefused(problems)
        conn = s.connection()
        lines = []
        for lid, q in intake.lines:
            if q > 0:
                view = sale.line(lid)
                lines.append((lid, view.line_no, view.sku, q))
        case = insert_case(
            conn,
            {
                "case_no": next_case_no(conn, ctx, local_date(now)),
                "store_id": ctx.store_id,
                "till_no": ctx.till_no,
                "receipt_id": receipt.id,
                "cashier_id": staff.id,
                "policy_version": ctx.policy.version,
                "created_at": now,
                "updated_at": now,
                "needs_approval": False,
            },
            IntakeRecord(
                customer_name=intake.customer_name.strip(),
                customer_phone=normalise_mobile(intake.customer_phone),
                channel=intake.channel,
                category=intake.category,
                description=intake.description.strip(),
                wanted=intake.wanted,
                received_at=now,
            ),
            receipt,
            lines,
            staff,
        )
        return case.case_no


def _given(
    case: CaseRecord,
    given: Mapping[int, G],
    check: Callable[[G], Sequence[StrEnum]],
    problems: list[tuple[int, StrEnum]],
) -> Iterator[tuple[CaseLineRecord, G]]:
    """Each line of the case with what the screen gave for it. A line given nothing, or
    whose texts head office could not take (``check``), goes into ``problems`` instead."""
    for ln in case.lines:
        value = given.get(ln.receipt_line_id)
        if value is None:
            problems.append((ln.receipt_line_id, InspectionProblem.LINE_MISSING))
        elif found := check(value):
            problems.extend((ln.receipt_line_id, p) for p in found)
        else:
            yield ln, value


def record_inspection(
    db: Database,
    ctx: TillContext,
    staff: StaffInfo,
    case_no: str,
    inspections: Sequence[InspectionInput],
) -> None:
    """Save each item's inspection and the confirmed (or overridden) liability."""
    with db.write() as s:
        conn = s.connection()
        case = read_case(conn, case_no)
        ensure(case.status, Action.SUBMIT)  # only a draft is inspected
        by_line = {i.receipt_line_id: i for i in inspections}
        problems: list[tuple[int, StrEnum]] = []
        records: dict[int, InspectionRecord] = {}
        overrides = []
        for ln, insp in _given(case, by_line, text_problems, problems):
            record = inspect_line(
                case.category,
                insp.condition,
                liability=insp.liability,
                override_reason=insp.override_reason,
                batch=insp.batch,
                photo_path=insp.photo_path,
            )
            if isinstance(record, InspectionProblem):
                problems.append((ln.receipt_line_id, record))
                continue
            records[ln.id] = record
            if record.overridden:
                overrides.append(
                    {
                        "line": ln.receipt_line_id,
                        "suggested": record.suggested_liability.value,
                        "chosen": record.liability.value,
                        "reason": record.override_reason,
                    }
                )
        if problems:
            raise CaseRefused(problems)
        change = CaseChange(case)
        change.inspect(records)
        change.audit(staff, "inspect", None, None, detail={"overrides": overrides})
        for o in overrides:
            change.audit(staff, "liability_override", None, None, reason=str(o["reason"]), detail=o)
        change.emit(EventKind.INSPECTION_RECORDED)
        change.save(conn)


class _InspectedLine(Protocol):
    @property
    def receipt_line_id(self) -> int: ...
    @property
    def inspection(self) -> InspectionRecord | None: ...


class _InspectedCase(Protocol):
    """A case as the policy reads it: a :class:`~.store.CaseRecord` or a case's page."""

    @property
    def category(self) -> ProblemCategory: ...
    @property
    def wanted(self) -> Resolution: ...
    @property
    def lines(self) -> Sequence[_InspectedLine]: ...


def line_facts(
    sale: SaleView,
    category: ProblemCategory,
    wanted: Resolution | None,
    ln: _InspectedLine,
) -> LineFacts:
    """What the policy needs to know of one item of the case, from its saved inspection."""
    view = sale.line(ln.receipt_line_id)
    c = ln.inspection.condition if ln.inspection else Condition()
    return LineFacts(
        days_since_purchase=sale.days_since_purchase,
        category=category,
        final_sale=view.final_sale,
        hygiene=view.hygiene,
        tags_attached=c.tags_attached,
        unworn=c.unworn,
        unwashed=c.unwashed,
        stains=c.stains,
        odour=c.odour,
        damage=c.damage,
        wanted=wanted,
        date=sale.date,
    )


def verdicts_for(case: _InspectedCase, ctx: TillContext, sale: SaleView) -> dict[int, LineVerdict]:
    """What the policy says about each item of the case."""
    return {
        ln.receipt_line_id: ctx.policy.evaluate_line(
            line_facts(sale, case.category, case.wanted, ln)
        )
        for ln in case.lines
    }


_P = table_of(Product).c
_PRODUCTS_BY_SKU = select(_P.sku, _P.id, _P.price_fen).where(
    _P.sku.in_(bindparam("skus", expanding=True))
)


def _submit(
    s: Session,
    ctx: TillContext,
    staff: StaffInfo,
    change: CaseChange,
    decisions: Sequence[DecisionInput],
    now: datetime,
) -> SubmitResult:
    case = change.case
    sale = load_sale(s, case.receipt, now, exclude_case_id=case.id, history=False)
    verdicts = verdicts_for(case, ctx, sale)
    by_line = {d.receipt_line_id: d for d in decisions}
    skus = {d.exchange_sku for d in decisions if d.resolution is Resolution.EXCHANGE}
    skus.discard(None)
    products: dict[str, tuple[int, int]] = (
        {sku: (pid, price) for sku, pid, price in s.execute(_PRODUCTS_BY_SKU, {"skus": list(skus)})}
        if skus
        else {}
    )
    problems: list[tuple[int, StrEnum]] = []
    decided: dict[int, tuple[DecidedLine, int | None]] = {}
    today = local_date(now)
    for ln, di in _given(case, by_line, reason_problems, problems):
        view = sale.line(ln.receipt_line_id)
        product = products.get(di.exchange_sku) if di.exchange_sku else None
        result = decide_line(
            ctx.policy,
            verdicts[ln.receipt_line_id],
            di.choice,
            sold=view.sold_line(),
            qty=ln.qty,
            returnable_qty=view.returnable_qty,
            exchange_unit_price_fen=product[1] if product is not None else None,
            inspection=ln.inspection,
            hygiene=view.hygiene,
            tender=sale.tender,
            today=today,
        )
        if isinstance(result, list):
            problems.extend((ln.receipt_line_id, p) for p in result)
            continue
        exchange = products.get(result.record.exchange_sku) if result.record.exchange_sku else None
        decided[ln.id] = (result, exchange[0] if exchange is not None else None)
    if problems:
        raise CaseRefused(problems)
    change.decide({i: (d.record, product_id) for i, (d, product_id) in decided.items()})
    outcomes = [d.outcome for d, _product_id in decided.values()]
    reasons = ctx.policy.approval_reasons(outcomes)
    change.decided(ctx.policy.version, [[h.rule_id, h.reason_zh, h.reason_en] for h in reasons])
    status = change.transition(staff, Action.SUBMIT)
    change.emit(EventKind.CASE_SUBMITTED)
    if reasons:
        status = change.transition(
            staff,
            Action.REQUEST_APPROVAL,
            reason="; ".join(h.reason_zh for h in reasons),
        )
        change.emit(EventKind.APPROVAL_REQUESTED)
    refund_total = sum(o.refund_fen for o in outcomes if o.resolution is Resolution.REFUND)
    return SubmitResult(
        case.case_no,
        status,
        tuple((h.rule_id, h.reason_zh, h.reason_en) for h in reasons),
        refund_total,
    )


def submit_case(
    db: Database,
    ctx: TillContext,
    staff: StaffInfo,
    case_no: str,
    decisions: Sequence[DecisionInput],
) -> SubmitResult:
    """Save the decisions with the rules behind them and submit the case.

    If the policy requires a manager (refund over the limit, an override, a decision
    outside the policy), the case goes on to await approval in the same transaction.
    """
    now = now_utc()
    with db.write() as s:
        conn = s.connection()
        change = CaseChange(read_case(conn, case_no))
        result = _submit(s, ctx, staff, change, decisions, now)
        change.save(conn)
        return result


def decide_case(
    db: Database,
    ctx: TillContext,
    staff: StaffInfo,
    case_no: str,
    decisions: Sequence[DecisionInput],
) -> SubmitResult:
    """The decision screen's "Complete": in one transaction, a rejected case goes back to
    draft, the decisions are saved and submitted, and a case that needs no approval is
    completed. A till that dies on the way leaves the case as it was before, never half
    decided. The result's status says where the case stands (awaiting approval, or
    completed)."""
    now = now_utc()
    with db.write() as s:
        conn = s.connection()
        change = CaseChange(read_case(conn, case_no))
        if change.case.status is CaseStatus.REJECTED:
            change.transition(staff, Action.REVISE)
            change.emit(EventKind.CASE_REVISED)
        result = _submit(s, ctx, staff, change, decisions, now)
        if result.status is CaseStatus.SUBMITTED:
            status = _complete(change, staff, now)
            result = SubmitResult(
                result.case_no, status, result.approval_reasons, result.refund_total_fen
            )
        change.save(conn)
        return result


def approve_case(
    db: Database, manager: StaffInfo, case_no: str, *, approve: bool, note: str = ""
) -> CaseStatus:
    """A manager approves or rejects; the caller has checked the manager's PIN."""
    if not manager.is_manager:
        raise AuthError(AuthProblem.NOT_MANAGER)
    with db.write() as s:
        conn = s.connection()
        change = CaseChange(read_case(conn, case_no))
        if change.case.cashier_id == manager.id:
            raise AuthError(AuthProblem.SAME_AS_CASHIER)
        if not approve and not note.strip():
            raise CaseRefused([(0, DecisionProblem.REJECT_REASON_MISSING)])
        status = change.transition(
            manager, Action.APPROVE if approve else Action.REJECT, reason=note.strip()
        )
        change.set(approver_id=manager.id)
        change.emit(EventKind.CASE_APPROVED if approve else EventKind.CASE_REJECTED)
        change.save(conn)
        return status


def _complete(change: CaseChange, staff: StaffInfo, now: datetime) -> CaseStatus:
    status = change.transition(staff, Action.COMPLETE)
    change.set(completed_at=now)
    change.emit(EventKind.CASE_COMPLETED)
    return status


def complete_case(db: Database, staff: StaffInfo, case_no: str) -> CaseStatus:
    now = now_utc()
    with db.write() as s:
        conn = s.connection()
        change = CaseChange(read_case(conn, case_no))
        status = _complete(change, staff, now)
        change.save(conn)
        return status


def cancel_case(db: Database, staff: StaffInfo, case_no: str, reason: str) -> CaseStatus:
    with db.write() as s:
        conn = s.connection()
        change = CaseChange(read_case(conn, case_no))
        status = change.transition(staff, Action.CANCEL, reason=reason.strip())
        change.emit(EventKind.CASE_CANCELLED)
        change.save(conn)
        return status


def revise_case(db: Database, staff: StaffInfo, case_no: str) -> CaseStatus:
    """A rejected case goes back to draft for another decision."""
    with db.write() as s:
        conn = s.connection()
        change = CaseChange(read_case(conn, case_no))
        status = change.transition(staff, Action.REVISE)
        change.emit(EventKind.CASE_REVISED)
        change.save(conn)
        return status
