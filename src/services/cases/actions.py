"""The case workflow: open (intake), inspect, decide and submit, approve, complete, cancel.

Each public function is one user action and one ``BEGIN IMMEDIATE`` transaction that
writes the change, its audit event and its outbox event together: after a crash at any
moment the case is either whole with its events or not there at all. Each line's values
are computed by the pure functions of :mod:`aftersales.domain.decide` before anything is
written.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...db.engine import Database
from ...db.models import (
    AfterSalesCase,
    CaseIntake,
    CaseLine,
    Decision,
    Inspection,
    Product,
    SalesReceipt,
)
from ...domain.clock import local_date, now_utc
from ...domain.codes import ProblemCategory, Resolution
from ...domain.decide import Condition, DecidedLine, InspectionProblem, decide_line, inspect_line
from ...domain.decision import DecisionProblem
from ...domain.phone import normalise_mobile
from ...domain.policy import LineFacts, LineVerdict
from ...domain.states import Action, CaseStatus, ensure
from ..auth import AuthError, AuthProblem, StaffInfo
from ..context import TillContext
from ..sales import SaleView, load_sale
from .inputs import (
    CaseNotFound,
    CaseRefused,
    DecisionInput,
    InspectionInput,
    IntakeInput,
    SubmitResult,
    check_intake,
)
from .store import (
    audit,
    emit,
    inspection_record,
    load_case,
    next_case_no,
    transition,
    write_decision,
    write_inspection,
)


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
        receipt = s.scalar(select(SalesReceipt).where(SalesReceipt.receipt_no == receipt_no))
        if receipt is None:
            raise CaseNotFound(receipt_no)
        sale = load_sale(s, receipt, now, history=False)
        problems = check_intake(sale, intake)
        if problems:
            raise CaseRefused(problems)
        case = AfterSalesCase(
            case_no=next_case_no(s, ctx, local_date(now)),
            store_id=ctx.store_id,
            till_no=ctx.till_no,
            receipt_id=receipt.id,
            status=CaseStatus.DRAFT.value,
            cashier_id=staff.id,
            policy_version=ctx.policy.version,
            created_at=now,
            updated_at=now,
            outbox_seq=0,
            needs_approval=False,
        )
        case.receipt = receipt
        case.intake = CaseIntake(
            customer_name=intake.customer_name.strip(),
            customer_phone=normalise_mobile(intake.customer_phone),
            channel=intake.channel.value,
            problem_category=intake.category.value,
            description=intake.description.strip(),
            wanted=intake.wanted.value,
            received_at=now,
        )
        receipt_lines = {rl.id: rl for rl in receipt.lines}
        # Related rows set (or set to None) here, so the outbox snapshot needs no query.
        case.lines = [
            CaseLine(receipt_line=receipt_lines[lid], qty=q, inspection=None, decision=None)
            for lid, q in intake.lines
            if q > 0
        ]
        s.add(case)
        audit(s, case, staff, "open", None, CaseStatus.DRAFT, at=now)
        emit(s, case, "case_opened")
        return case.case_no


def record_inspection(
    db: Database,
    ctx: TillContext,
    staff: StaffInfo,
    case_no: str,
    inspections: Sequence[InspectionInput],
) -> None:
    """Save each item's inspection and the confirmed (or overridden) liability."""
    with db.write() as s:
        case = load_case(s, case_no)
        ensure(CaseStatus(case.status), Action.SUBMIT)  # only a draft is inspected
        category = ProblemCategory(case.intake.problem_category)
        by_line = {i.receipt_line_id: i for i in inspections}
        problems: list[tuple[int, StrEnum]] = []
        records = []
        for ln in case.lines:
            insp = by_line.get(ln.receipt_line_id)
            if insp is None:
                problems.append((ln.receipt_line_id, InspectionProblem.LINE_MISSING))
                continue
            record = inspect_line(
                category,
                insp.condition,
                liability=insp.liability,
                override_reason=insp.override_reason,
                batch=insp.batch,
                photo_path=insp.photo_path,
            )
            if isinstance(record, InspectionProblem):
                problems.append((ln.receipt_line_id, record))
                continue
            records.append((ln, record))
        if problems:
            raise CaseRefused(problems)
        overrides = []
        for ln, record in records:
            if ln.inspection is None:
                ln.inspection = Inspection()
            write_inspection(ln.inspection, record)
            if record.overridden:
                overrides.append(
                    {
                        "line": ln.receipt_line_id,
                        "suggested": record.suggested_liability.value,
                        "chosen": record.liability.value,
                        "reason": record.override_reason,
                    }
                )
        audit(s, case, staff, "inspect", None, None, detail={"overrides": overrides})
        for o in overrides:
            audit(
                s, case, staff, "liability_override", None, None, reason=str(o["reason"]), detail=o
            )
        emit(s, case, "inspection_recorded")


def line_facts(
    sale: SaleView,
    category: ProblemCategory,
    wanted: Resolution | None,
    ln: CaseLine,
) -> LineFacts:
    """What the policy needs to know of one item of the case, from its saved inspection."""
    view = sale.line(ln.receipt_line_id)
    c = inspection_record(ln.inspection).condition if ln.inspection else Condition()
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
    )


def verdicts_for(case: AfterSalesCase, ctx: TillContext, sale: SaleView) -> dict[int, LineVerdict]:
    """What the policy says about each item of the case."""
    category = ProblemCategory(case.intake.problem_category)
    wanted = Resolution(case.intake.wanted)
    return {
        ln.receipt_line_id: ctx.policy.evaluate_line(line_facts(sale, category, wanted, ln))
        for ln in case.lines
    }


def _submit(
    s: Session,
    ctx: TillContext,
    staff: StaffInfo,
    case: AfterSalesCase,
    decisions: Sequence[DecisionInput],
    now: datetime,
) -> SubmitResult:
    sale = load_sale(s, case.receipt, now, exclude_case_id=case.id, history=False)
    verdicts = verdicts_for(case, ctx, sale)
    by_line = {d.receipt_line_id: d for d in decisions}
    skus = {d.exchange_sku for d in decisions if d.resolution is Resolution.EXCHANGE}
    skus.discard(None)
    products = (
        {p.sku: p for p in s.scalars(select(Product).where(Product.sku.in_(skus)))} if skus else {}
    )
    problems: list[tuple[int, StrEnum]] = []
    decided: list[tuple[CaseLine, DecidedLine]] = []
    today = local_date(now)
    for ln in case.lines:
        di = by_line.get(ln.receipt_line_id)
        if di is None:
            problems.append((ln.receipt_line_id, InspectionProblem.LINE_MISSING))
            continue
        view = sale.line(ln.receipt_line_id)
        product = products.get(di.exchange_sku) if di.exchange_sku else None
        result = decide_line(
            ctx.policy,
            verdicts[ln.receipt_line_id],
            di.choice,
            sold=view.sold_line(),
            qty=ln.qty,
            returnable_qty=view.returnable_qty,
            exchange_unit_price_fen=product.price_fen if product is not None else None,
            inspection=inspection_record(ln.inspection) if ln.inspection else None,
            hygiene=view.hygiene,
            tender=sale.tender,
            today=today,
        )
        if isinstance(result, list):
            problems.extend((ln.receipt_line_id, p) for p in result)
            continue
        decided.append((ln, result))
    if problems:
        raise CaseRefused(problems)
    for ln, d in decided:
        if ln.decision is None:
            ln.decision = Decision()
        product = products.get(d.record.exchange_sku) if d.record.exchange_sku else None
        write_decision(ln.decision, d.record, product.id if product is not None else None)
    outcomes = [d.outcome for _ln, d in decided]
    reasons = ctx.policy.approval_reasons(outcomes)
    case.needs_approval = bool(reasons)
    case.approval_reasons = [[h.rule_id, h.reason_zh, h.reason_en] for h in reasons]
    case.policy_version = ctx.policy.version
    status = transition(s, case, staff, Action.SUBMIT)
    emit(s, case, "case_submitted")
    if case.needs_approval:
        status = transition(
            s,
            case,
            staff,
            Action.REQUEST_APPROVAL,
            reason="; ".join(h.reason_zh for h in reasons),
        )
        emit(s, case, "approval_requested")
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
        return _submit(s, ctx, staff, load_case(s, case_no), decisions, now)


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
        case = load_case(s, case_no)
        if CaseStatus(case.status) is CaseStatus.REJECTED:
            transition(s, case, staff, Action.REVISE)
            emit(s, case, "case_revised")
        result = _submit(s, ctx, staff, case, decisions, now)
        if result.status is CaseStatus.SUBMITTED:
            status = _complete(s, staff, case, now)
            return SubmitResult(
                result.case_no, status, result.approval_reasons, result.refund_total_fen
            )
        return result


def approve_case(
    db: Database, manager: StaffInfo, case_no: str, *, approve: bool, note: str = ""
) -> CaseStatus:
    """A manager approves or rejects; the caller has checked the manager's PIN."""
    if not manager.is_manager:
        raise AuthError(AuthProblem.NOT_MANAGER)
    with db.write() as s:
        case = load_case(s, case_no)
        if case.cashier_id == manager.id:
            raise AuthError(AuthProblem.SAME_AS_CASHIER)
        if not approve and not note.strip():
            raise CaseRefused([(0, DecisionProblem.REJECT_REASON_MISSING)])
        status = transition(
            s, case, manager, Action.APPROVE if approve else Action.REJECT, reason=note.strip()
        )
        case.approver_id = manager.id
        emit(s, case, "case_approved" if approve else "case_rejected")
        return status


def _complete(s: Session, staff: StaffInfo, case: AfterSalesCase, now: datetime) -> CaseStatus:
    status = transition(s, case, staff, Action.COMPLETE)
    case.completed_at = now
    emit(s, case, "case_completed")
    return status


def complete_case(db: Database, staff: StaffInfo, case_no: str) -> CaseStatus:
    now = now_utc()
    with db.write() as s:
        return _complete(s, staff, load_case(s, case_no), now)


def cancel_case(db: Database, staff: StaffInfo, case_no: str, reason: str) -> CaseStatus:
    with db.write() as s:
        case = load_case(s, case_no)
        status = transition(s, case, staff, Action.CANCEL, reason=reason.strip())
        emit(s, case, "case_cancelled")
        return status


def revise_case(db: Database, staff: StaffInfo, case_no: str) -> CaseStatus:
    """A rejected case goes back to draft for another decision."""
    with db.write() as s:
        case = load_case(s, case_no)
        status = transition(s, case, staff, Action.REVISE)
        emit(s, case, "case_revised")
        return status
