"""The case workflow: open (intake), inspect, decide and submit, approve, complete, cancel.

Each public function is one user action and one ``BEGIN IMMEDIATE`` transaction that
writes the change, its audit event and its outbox event together: after a crash at any
moment the case is either whole with its events or not there at all.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import bindparam, false, func, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from ..db.engine import Database
from ..db.models import (
    AfterSalesCase,
    AuditEvent,
    CaseCounter,
    CaseIntake,
    CaseLine,
    Decision,
    Inspection,
    OutboxEvent,
    PrintJob,
    Product,
    ReceiptLine,
    RemoteReturn,
    SalesReceipt,
)
from ..domain.clock import STORE_TZ, local_date, now_utc
from ..domain.codes import (
    Channel,
    DamageType,
    Disposition,
    Liability,
    ProblemCategory,
    Resolution,
)
from ..domain.decision import (
    DecisionProblem,
    LineDecision,
    check_decision,
    suggest_disposition,
)
from ..domain.liability import suggest_liability
from ..domain.phone import is_valid_mobile, mask_mobile, normalise_mobile
from ..domain.policy import LineFacts, LineOutcome, LineVerdict, Policy
from ..domain.scan import case_number
from ..domain.states import Action, CaseStatus, ensure
from .auth import StaffInfo
from .context import TillContext
from .sales import SaleView, load_sale

# -- inputs ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IntakeInput:
    customer_name: str
    customer_phone: str
    channel: Channel
    category: ProblemCategory
    description: str
    wanted: Resolution
    lines: tuple[tuple[int, int], ...]  # (receipt_line_id, qty)


@dataclass(frozen=True, slots=True)
class InspectionInput:
    receipt_line_id: int
    tags_attached: bool = True
    unworn: bool = True
    unwashed: bool = True
    stains: bool = False
    odour: bool = False
    damage: DamageType = DamageType.NONE
    batch: str = ""
    photo_path: str | None = None
    liability: Liability | None = None  # None: the suggestion is confirmed
    override_reason: str = ""


@dataclass(frozen=True, slots=True)
class DecisionInput:
    receipt_line_id: int
    resolution: Resolution
    exchange_sku: str | None = None
    repair_due: date | None = None
    compensation_fen: int = 0
    reject_reason: str = ""
    disposition: Disposition | None = None  # None: the suggested one


class IntakeProblem(StrEnum):
    NAME_MISSING = "name_missing"
    PHONE_INVALID = "phone_invalid"
    NO_ITEMS = "no_items"
    QTY_ABOVE_RETURNABLE = "qty_above_returnable"
    UNKNOWN_LINE = "unknown_line"
    DUPLICATE_LINE = "duplicate_line"


class InspectionProblem(StrEnum):
    OVERRIDE_REASON_MISSING = "override_reason_missing"
    LINE_MISSING = "line_missing"


class CaseRefused(Exception):
    """The input cannot be saved as it is; ``problems`` say what to correct.

    Attributes:
        problems: (receipt_line_id or 0 for the case, problem code) pairs.
    """

    def __init__(self, problems: Sequence[tuple[int, StrEnum]]) -> None:
        super().__init__(", ".join(f"{i}:{p.value}" for i, p in problems))
        self.problems = tuple(problems)


class CaseNotFound(Exception):
    pass


# -- outputs --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SubmitResult:
    case_no: str
    status: CaseStatus
    approval_reasons: tuple[tuple[str, str, str], ...]  # (rule id, zh, en)
    refund_total_fen: int


# -- helpers --------------------------------------------------------------------------


def _audit(
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


def _emit(s: Session, case: AfterSalesCase, kind: str) -> None:
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


def _transition(
    s: Session,
    case: AfterSalesCase,
    staff: StaffInfo | None,
    action: Action,
    reason: str = "",
    detail: dict[str, Any] | None = None,
) -> CaseStatus:
    before = CaseStatus(case.status)
    after = ensure(before, action, needs_approval=case.needs_approval)
    case.status = after.value
    case.updated_at = now_utc()
    _audit(s, case, staff, action.value, before, after, reason, detail)
    return after


def _next_case_no(s: Session, ctx: TillContext, day: date) -> str:
    counter = s.get(CaseCounter, (ctx.store_code, ctx.till_no, day))
    if counter is None:
        counter = CaseCounter(store_code=ctx.store_code, till_no=ctx.till_no, day=day, last_seq=0)
        s.add(counter)
    counter.last_seq += 1
    return case_number(ctx.store_code, day, ctx.till_no, counter.last_seq)


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


def _get_case(s: Session, case_no: str) -> AfterSalesCase:
    case = s.scalar(_CASE_QUERY, {"case_no": case_no})
    if case is None:
        raise CaseNotFound(case_no)
    return case


def snapshot(s: Session, case: AfterSalesCase) -> dict[str, Any]:
    """The whole case as plain JSON: what head office stores for each event.

    Built from the objects already in the session (the caller has flushed), without a
    query per line: this runs for every event of every case.
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


# -- the actions ----------------------------------------------------------------------


def check_intake(sale: SaleView, intake: IntakeInput) -> list[tuple[int, StrEnum]]:
    problems: list[tuple[int, StrEnum]] = []
    if not intake.customer_name.strip():
        problems.append((0, IntakeProblem.NAME_MISSING))
    if not is_valid_mobile(intake.customer_phone):
        problems.append((0, IntakeProblem.PHONE_INVALID))
    chosen = [(lid, q) for lid, q in intake.lines if q > 0]
    if not chosen:
        problems.append((0, IntakeProblem.NO_ITEMS))
    seen: set[int] = set()
    for lid, _q in chosen:
        if lid in seen:
            problems.append((lid, IntakeProblem.DUPLICATE_LINE))
        seen.add(lid)
    for lid, q in chosen:
        try:
            line = sale.line(lid)
        except KeyError:
            problems.append((lid, IntakeProblem.UNKNOWN_LINE))
            continue
        if q > line.returnable_qty:
            problems.append((lid, IntakeProblem.QTY_ABOVE_RETURNABLE))
    return problems


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
            case_no=_next_case_no(s, ctx, local_date(now)),
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
        _audit(s, case, staff, "open", None, CaseStatus.DRAFT, at=now)
        _emit(s, case, "case_opened")
        return case.case_no


def line_facts(
    sale: SaleView,
    category: ProblemCategory,
    wanted: Resolution | None,
    insp: InspectionInput,
    receipt_line_id: int,
) -> LineFacts:
    ln = sale.line(receipt_line_id)
    return LineFacts(
        days_since_purchase=sale.days_since_purchase,
        category=category,
        final_sale=ln.final_sale,
        hygiene=ln.hygiene,
        tags_attached=insp.tags_attached,
        unworn=insp.unworn,
        unwashed=insp.unwashed,
        stains=insp.stains,
        odour=insp.odour,
        damage=insp.damage,
        wanted=wanted,
    )


def record_inspection(
    db: Database,
    ctx: TillContext,
    staff: StaffInfo,
    case_no: str,
    inspections: Sequence[InspectionInput],
) -> None:
    """Save each item's inspection and the confirmed (or overridden) liability."""
    with db.write() as s:
        case = _get_case(s, case_no)
        ensure(CaseStatus(case.status), Action.SUBMIT)  # only a draft is inspected
        category = ProblemCategory(case.intake.problem_category)
        by_line = {i.receipt_line_id: i for i in inspections}
        problems: list[tuple[int, StrEnum]] = []
        overrides = []
        for ln in case.lines:
            insp = by_line.get(ln.receipt_line_id)
            if insp is None:
                problems.append((ln.receipt_line_id, InspectionProblem.LINE_MISSING))
                continue
            sug = suggest_liability(
                category,
                damage=insp.damage,
                stains=insp.stains,
                odour=insp.odour,
                unworn=insp.unworn,
                unwashed=insp.unwashed,
            )
            chosen = insp.liability or sug.party
            if chosen is not sug.party and not insp.override_reason.strip():
                problems.append((ln.receipt_line_id, InspectionProblem.OVERRIDE_REASON_MISSING))
                continue
            row = ln.inspection
            if row is None:
                row = ln.inspection = Inspection()
            row.tags_attached = insp.tags_attached
            row.unworn = insp.unworn
            row.unwashed = insp.unwashed
            row.stains = insp.stains
            row.odour = insp.odour
            row.damage = insp.damage.value
            row.batch = insp.batch.strip()
            row.photo_path = insp.photo_path
            row.suggested_liability = sug.party.value
            row.suggested_reason = sug.reason.value
            row.liability = chosen.value
            row.override_reason = insp.override_reason.strip() if chosen is not sug.party else ""
            if chosen is not sug.party:
                overrides.append(
                    {
                        "line": ln.receipt_line_id,
                        "suggested": sug.party.value,
                        "chosen": chosen.value,
                        "reason": row.override_reason,
                    }
                )
        if problems:
            raise CaseRefused(problems)
        _audit(s, case, staff, "inspect", None, None, detail={"overrides": overrides})
        for o in overrides:
            _audit(
                s, case, staff, "liability_override", None, None, reason=str(o["reason"]), detail=o
            )
        _emit(s, case, "inspection_recorded")


def suggested_disposition(
    policy: Policy, resolution: Resolution, inspection: Mapping[str, Any] | None, *, hygiene: bool
) -> Disposition:
    """Where an item should go, from the decision and its saved inspection (as a mapping:
    the decision screen holds it that way, the service reads it from the row)."""
    i = inspection
    as_new = i is not None and policy.as_new(
        tags_attached=i["tags_attached"],
        unworn=i["unworn"],
        unwashed=i["unwashed"],
        stains=i["stains"],
        odour=i["odour"],
        damage=DamageType(i["damage"]),
    )
    return suggest_disposition(
        resolution, Liability(i["liability"]) if i else None, as_new=as_new, hygiene=hygiene
    )


def verdicts_for(
    s: Session, case: AfterSalesCase, ctx: TillContext, sale: SaleView
) -> dict[int, LineVerdict]:
    category = ProblemCategory(case.intake.problem_category)
    wanted = Resolution(case.intake.wanted)
    out = {}
    for ln in case.lines:
        i = ln.inspection
        insp = (
            InspectionInput(ln.receipt_line_id)
            if i is None
            else InspectionInput(
                ln.receipt_line_id,
                tags_attached=i.tags_attached,
                unworn=i.unworn,
                unwashed=i.unwashed,
                stains=i.stains,
                odour=i.odour,
                damage=DamageType(i.damage),
            )
        )
        out[ln.receipt_line_id] = ctx.policy.evaluate_line(
            line_facts(sale, category, wanted, insp, ln.receipt_line_id)
        )
    return out


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
        case = _get_case(s, case_no)
        receipt = s.get(SalesReceipt, case.receipt_id)
        assert receipt is not None
        sale = load_sale(s, receipt, now, exclude_case_id=case.id, history=False)
        verdicts = verdicts_for(s, case, ctx, sale)
        by_line = {d.receipt_line_id: d for d in decisions}
        problems: list[tuple[int, StrEnum]] = []
        outcomes = []
        today = local_date(now)
        for ln in case.lines:
            di = by_line.get(ln.receipt_line_id)
            if di is None:
                problems.append((ln.receipt_line_id, InspectionProblem.LINE_MISSING))
                continue
            view = sale.line(ln.receipt_line_id)
            if ln.qty > view.returnable_qty and di.resolution in (
                Resolution.REFUND,
                Resolution.EXCHANGE,
            ):
                problems.append((ln.receipt_line_id, DecisionProblem.QTY_ABOVE_RETURNABLE))
                continue
            sold = view.sold_line()
            exchange_price = 0
            exchange_product = None
            if di.resolution is Resolution.EXCHANGE and di.exchange_sku:
                exchange_product = s.scalar(select(Product).where(Product.sku == di.exchange_sku))
                if exchange_product is None:
                    problems.append((ln.receipt_line_id, DecisionProblem.EXCHANGE_ITEM_MISSING))
                    continue
                exchange_price = exchange_product.price_fen
            ld = LineDecision(
                resolution=di.resolution,
                qty=ln.qty,
                refund_fen=sold.share_fen(ln.qty) if di.resolution is Resolution.REFUND else 0,
                exchange_sku=di.exchange_sku,
                exchange_unit_price_fen=exchange_price,
                repair_due=di.repair_due,
                compensation_fen=di.compensation_fen,
                reject_reason=di.reject_reason,
            )
            line_problems = check_decision(sold, ld, today)
            if line_problems:
                problems.extend((ln.receipt_line_id, p) for p in line_problems)
                continue
            verdict = verdicts[ln.receipt_line_id]
            overridden = bool(
                ln.inspection and ln.inspection.liability != ln.inspection.suggested_liability
            )
            outcomes.append(
                LineOutcome(
                    verdict,
                    di.resolution,
                    ld.refund_fen,
                    ld.compensation_fen,
                    overridden,
                    max(0, -ld.price_difference_fen(sold)),
                )
            )
            row = ln.decision
            if row is None:
                row = ln.decision = Decision()
            row.resolution = di.resolution.value
            row.qty = ln.qty
            row.refund_fen = ld.refund_fen
            row.tender = sale.tender.value if di.resolution is Resolution.REFUND else None
            row.exchange_product_id = exchange_product.id if exchange_product else None
            row.exchange_unit_price_fen = exchange_price
            row.price_difference_fen = ld.price_difference_fen(sold)
            row.repair_due = di.repair_due if di.resolution is Resolution.REPAIR else None
            row.compensation_fen = (
                di.compensation_fen if di.resolution is Resolution.COMPENSATION else 0
            )
            row.reject_reason = di.reject_reason.strip()
            inspection = _row_dict(ln.inspection) if ln.inspection else None
            row.disposition = (
                di.disposition
                or suggested_disposition(
                    ctx.policy, di.resolution, inspection, hygiene=view.hygiene
                )
            ).value
            row.within_policy = di.resolution in verdict.allowed
            behind = verdict.rules_for(di.resolution)
            row.rule_ids = [h.rule_id for h in behind]
            row.reason_zh = " ".join(h.reason_zh for h in behind)
            row.reason_en = " ".join(h.reason_en for h in behind)
        if problems:
            raise CaseRefused(problems)
        reasons = ctx.policy.approval_reasons(outcomes)
        case.needs_approval = bool(reasons)
        case.approval_reasons = [[h.rule_id, h.reason_zh, h.reason_en] for h in reasons]
        case.policy_version = ctx.policy.version
        status = _transition(s, case, staff, Action.SUBMIT)
        _emit(s, case, "case_submitted")
        if case.needs_approval:
            status = _transition(
                s,
                case,
                staff,
                Action.REQUEST_APPROVAL,
                reason="; ".join(h.reason_zh for h in reasons),
            )
            _emit(s, case, "approval_requested")
        refund_total = sum(o.refund_fen for o in outcomes if o.resolution is Resolution.REFUND)
        return SubmitResult(
            case_no,
            status,
            tuple((h.rule_id, h.reason_zh, h.reason_en) for h in reasons),
            refund_total,
        )


def approve_case(
    db: Database, manager: StaffInfo, case_no: str, *, approve: bool, note: str = ""
) -> CaseStatus:
    """A manager approves or rejects; the caller has checked the manager's PIN."""
    from .auth import AuthError, AuthProblem

    if not manager.is_manager:
        raise AuthError(AuthProblem.NOT_MANAGER)
    with db.write() as s:
        case = _get_case(s, case_no)
        if case.cashier_id == manager.id:
            raise AuthError(AuthProblem.SAME_AS_CASHIER)
        if not approve and not note.strip():
            raise CaseRefused([(0, DecisionProblem.REJECT_REASON_MISSING)])
        status = _transition(
            s, case, manager, Action.APPROVE if approve else Action.REJECT, reason=note.strip()
        )
        case.approver_id = manager.id
        _emit(s, case, "case_approved" if approve else "case_rejected")
        return status


def complete_case(db: Database, staff: StaffInfo, case_no: str) -> CaseStatus:
    now = now_utc()
    with db.write() as s:
        case = _get_case(s, case_no)
        status = _transition(s, case, staff, Action.COMPLETE)
        case.completed_at = now
        _emit(s, case, "case_completed")
        return status


def cancel_case(db: Database, staff: StaffInfo, case_no: str, reason: str) -> CaseStatus:
    with db.write() as s:
        case = _get_case(s, case_no)
        status = _transition(s, case, staff, Action.CANCEL, reason=reason.strip())
        _emit(s, case, "case_cancelled")
        return status


def revise_case(db: Database, staff: StaffInfo, case_no: str) -> CaseStatus:
    """A rejected case goes back to draft for another decision."""
    with db.write() as s:
        case = _get_case(s, case_no)
        status = _transition(s, case, staff, Action.REVISE)
        _emit(s, case, "case_revised")
        return status


def record_slip(db: Database, staff: StaffInfo | None, case_no: str, path: str) -> None:
    with db.write() as s:
        case = _get_case(s, case_no)
        case.slip_path = path
        _audit(s, case, staff, "slip_written", None, None, detail={"file": path.rsplit("/", 1)[-1]})


def record_print(
    db: Database,
    staff: StaffInfo | None,
    case_no: str,
    *,
    document: str,
    paper: str,
    printer: str,
    copies: int,
    reprint: int,
    file: str,
    outcome: str,
    job_id: str = "",
    problem: str = "",
    detail: str = "",
) -> None:
    """Note a printing (or a failed attempt) in the case's print jobs and its timeline."""
    with db.write() as s:
        case = _get_case(s, case_no)
        s.add(
            PrintJob(
                case_id=case.id,
                document=document,
                paper=paper,
                printer=printer,
                copies=copies,
                reprint=reprint,
                file=file,
                outcome=outcome,
                job_id=job_id,
                problem=problem,
                detail=detail,
                at=now_utc(),
                staff_id=staff.id if staff else None,
            )
        )
        action = "print_failed" if outcome == "failed" else ("reprint" if reprint else "print")
        _audit(
            s,
            case,
            staff,
            action,
            None,
            None,
            reason=detail if outcome == "failed" else "",
            detail={
                "document": document,
                "paper": paper,
                "printer": printer,
                "outcome": outcome,
                "problem": problem,
                "reprint": reprint,
            },
        )


def prints_so_far(db: Database, case_no: str, document: str) -> int:
    """How many times a document of the case reached a printer (the original included)."""
    with db.read() as s:
        case = _get_case(s, case_no)
        return int(
            s.scalar(
                select(func.count())
                .select_from(PrintJob)
                .where(PrintJob.case_id == case.id)
                .where(PrintJob.document == document)
                .where(PrintJob.outcome.in_(("printed", "queued")))
            )
            or 0
        )


# -- reading --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CaseRow:
    case_no: str
    status: CaseStatus
    created_at: datetime
    receipt_no: str
    customer_name: str
    phone_masked: str
    refund_total_fen: int
    conflict: bool = False  # head office: more of a sale returned than was sold


class CaseScope(StrEnum):
    TODAY_AND_OPEN = "today_and_open"
    ALL = "all"


def list_cases(
    db: Database, text: str = "", scope: CaseScope = CaseScope.TODAY_AND_OPEN, limit: int = 500
) -> list[CaseRow]:
    """Cases to show in the list, newest first; ``text`` matches case no., receipt no. or
    phone (a full number, or its last four digits)."""
    now = now_utc()
    with db.read() as s:
        refund = (
            select(func.coalesce(func.sum(Decision.refund_fen), 0))
            .join(CaseLine, CaseLine.id == Decision.case_line_id)
            .where(CaseLine.case_id == AfterSalesCase.id)
            .scalar_subquery()
        )
        q = (
            select(AfterSalesCase, SalesReceipt.receipt_no, CaseIntake, refund)
            .join(SalesReceipt, SalesReceipt.id == AfterSalesCase.receipt_id)
            .join(CaseIntake, CaseIntake.case_id == AfterSalesCase.id)
            .order_by(AfterSalesCase.created_at.desc(), AfterSalesCase.id.desc())
            .limit(limit)
        )
        t = text.strip().upper()
        if t:
            digits = normalise_mobile(t)
            q = q.where(
                or_(
                    AfterSalesCase.case_no.contains(t),
                    SalesReceipt.receipt_no.contains(t),
                    SalesReceipt.barcode == t,
                    CaseIntake.customer_phone == digits,
                    CaseIntake.customer_phone.endswith(digits) if len(digits) == 4 else false(),
                )
            )
        elif scope is CaseScope.TODAY_AND_OPEN:
            start = datetime.combine(local_date(now), datetime.min.time(), tzinfo=STORE_TZ)
            open_statuses = [
                st.value
                for st in CaseStatus
                if st not in (CaseStatus.COMPLETED, CaseStatus.CANCELLED)
            ]
            q = q.where(
                or_(AfterSalesCase.created_at >= start, AfterSalesCase.status.in_(open_statuses))
            )
        flagged = set(s.scalars(select(RemoteReturn.case_no).where(RemoteReturn.conflict)))
        return [
            CaseRow(
                c.case_no,
                CaseStatus(c.status),
                c.created_at,
                rno,
                i.customer_name,
                mask_mobile(i.customer_phone),
                int(total),
                c.case_no in flagged,
            )
            for c, rno, i, total in s.execute(q)
        ]


@dataclass(frozen=True, slots=True)
class Conflict:
    """Head office found more of a receipt line returned than sold, this case among them."""

    line_no: int
    sku: str
    sold_qty: int
    returned_qty: int
    case_nos: tuple[str, ...]  # every case returning that line, this one included


def _conflicts(s: Session, case: AfterSalesCase, receipt: SalesReceipt) -> tuple[Conflict, ...]:
    lines = s.scalars(
        select(RemoteReturn.line_no).where(
            RemoteReturn.case_no == case.case_no, RemoteReturn.conflict
        )
    ).all()
    out = []
    for line_no in sorted(set(lines)):
        holders = s.execute(
            select(RemoteReturn.case_no, RemoteReturn.qty).where(
                RemoteReturn.receipt_no == receipt.receipt_no,
                RemoteReturn.line_no == line_no,
                RemoteReturn.conflict,
            )
        ).all()
        rl = next((ln for ln in receipt.lines if ln.line_no == line_no), None)
        out.append(
            Conflict(
                line_no,
                rl.product.sku if rl else "",
                rl.qty if rl else 0,
                sum(q for _no, q in holders),
                tuple(sorted({no for no, _q in holders})),
            )
        )
    return tuple(out)


@dataclass(frozen=True, slots=True)
class CaseLineDetail:
    receipt_line_id: int
    sku: str
    name: str
    size: str
    colour: str
    qty: int
    inspection: dict[str, Any] | None
    decision: dict[str, Any] | None
    exchange_sku: str | None = None
    exchange_name: str | None = None


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    at: datetime
    staff_name: str
    action: str
    from_status: CaseStatus | None
    to_status: CaseStatus | None
    reason: str
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CaseDetail:
    case_no: str
    status: CaseStatus
    created_at: datetime
    completed_at: datetime | None
    till_no: int
    receipt_no: str
    tender: str
    cashier_id: int
    cashier_name: str
    approver_name: str | None
    customer_name: str
    customer_phone: str
    channel: Channel
    category: ProblemCategory
    description: str
    wanted: Resolution
    needs_approval: bool
    approval_reasons: tuple[tuple[str, str, str], ...]
    policy_version: str
    slip_path: str | None
    lines: tuple[CaseLineDetail, ...]
    timeline: tuple[TimelineEntry, ...] = field(default=())
    conflicts: tuple[Conflict, ...] = field(default=())

    @property
    def phone_masked(self) -> str:
        return mask_mobile(self.customer_phone)

    @property
    def refund_total_fen(self) -> int:
        return sum((ln.decision or {}).get("refund_fen", 0) for ln in self.lines)


def case_detail(db: Database, case_no: str) -> CaseDetail:
    with db.read() as s:
        case = _get_case(s, case_no)
        receipt = s.get(SalesReceipt, case.receipt_id)
        assert receipt is not None
        lines = []
        for ln in case.lines:
            rl = s.get(ReceiptLine, ln.receipt_line_id)
            assert rl is not None
            p = rl.product
            d = ln.decision
            ex = d.exchange_product if d is not None else None
            lines.append(
                CaseLineDetail(
                    receipt_line_id=ln.receipt_line_id,
                    sku=p.sku,
                    name=p.name,
                    size=p.size,
                    colour=p.colour,
                    qty=ln.qty,
                    inspection=None if ln.inspection is None else _row_dict(ln.inspection),
                    decision=None if d is None else _row_dict(d),
                    exchange_sku=ex.sku if ex else None,
                    exchange_name=f"{ex.name} {ex.colour} {ex.size}" if ex else None,
                )
            )
        events = s.scalars(
            select(AuditEvent).where(AuditEvent.case_id == case.id).order_by(AuditEvent.id)
        ).all()
        timeline = tuple(
            TimelineEntry(
                e.at,
                e.staff.name if e.staff else "",
                e.action,
                CaseStatus(e.from_status) if e.from_status else None,
                CaseStatus(e.to_status) if e.to_status else None,
                e.reason,
                dict(e.detail or {}),
            )
            for e in events
        )
        i = case.intake
        return CaseDetail(
            case_no=case.case_no,
            status=CaseStatus(case.status),
            created_at=case.created_at,
            completed_at=case.completed_at,
            till_no=case.till_no,
            receipt_no=receipt.receipt_no,
            tender=receipt.tender,
            cashier_id=case.cashier_id,
            cashier_name=case.cashier.name,
            approver_name=case.approver.name if case.approver else None,
            customer_name=i.customer_name,
            customer_phone=i.customer_phone,
            channel=Channel(i.channel),
            category=ProblemCategory(i.problem_category),
            description=i.description,
            wanted=Resolution(i.wanted),
            needs_approval=case.needs_approval,
            approval_reasons=tuple((r[0], r[1], r[2]) for r in case.approval_reasons),
            policy_version=case.policy_version,
            slip_path=case.slip_path,
            lines=tuple(lines),
            timeline=timeline,
            conflicts=_conflicts(s, case, receipt),
        )


def _row_dict(row: Any) -> dict[str, Any]:
    return {c.key: getattr(row, c.key) for c in row.__table__.columns}


def sale_for_case(db: Database, case_no: str) -> SaleView:
    """The case's sale as its decision sees it: quantities of the other cases, and
    proration after the cases opened before this one."""
    with db.read() as s:
        case = _get_case(s, case_no)
        receipt = s.get(SalesReceipt, case.receipt_id)
        assert receipt is not None
        return load_sale(s, receipt, now_utc(), exclude_case_id=case.id)


def case_verdicts(db: Database, ctx: TillContext, case_no: str) -> dict[int, LineVerdict]:
    """What the policy says about each item of the case, from its saved inspection."""
    now = now_utc()
    with db.read() as s:
        case = _get_case(s, case_no)
        receipt = s.get(SalesReceipt, case.receipt_id)
        assert receipt is not None
        sale = load_sale(s, receipt, now, exclude_case_id=case.id)
        return verdicts_for(s, case, ctx, sale)
