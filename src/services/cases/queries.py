"""Reading cases: the case list, a case's page, and what the decision screen shows.

Read-only: each function is one read session and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import false, func, or_, select
from sqlalchemy.orm import Session

from ...db.engine import Database
from ...db.models import (
    AfterSalesCase,
    AuditEvent,
    CaseIntake,
    CaseLine,
    Decision,
    RemoteReturn,
    SalesReceipt,
)
from ...domain.clock import STORE_TZ, local_date, now_utc
from ...domain.codes import Channel, ProblemCategory, Resolution
from ...domain.decide import DecisionRecord, InspectionRecord
from ...domain.phone import mask_mobile, normalise_mobile
from ...domain.policy import LineVerdict
from ...domain.states import CaseStatus
from ..context import TillContext
from ..sales import ProductView, SaleView, load_sale, products_of_styles
from .actions import verdicts_for
from .records import decision_record, inspection_record, read_case
from .store import load_case


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
    inspection: InspectionRecord | None
    decision: DecisionRecord | None
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
        return sum(ln.decision.refund_fen for ln in self.lines if ln.decision is not None)


def _detail(s: Session, case: AfterSalesCase) -> CaseDetail:
    receipt = case.receipt
    lines = []
    for ln in case.lines:
        p = ln.receipt_line.product
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
                inspection=None if ln.inspection is None else inspection_record(ln.inspection),
                decision=None if d is None else decision_record(d),
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


def case_detail(db: Database, case_no: str) -> CaseDetail:
    with db.read() as s:
        return _detail(s, load_case(s, case_no))


def sale_for_case(db: Database, case_no: str) -> SaleView:
    """The case's sale as its decision sees it: quantities of the other cases, and
    proration after the cases opened before this one."""
    with db.read() as s:
        case = read_case(s.connection(), case_no)
        return load_sale(s, case.receipt, now_utc(), exclude_case_id=case.id)


@dataclass(frozen=True, slots=True)
class DecisionForm:
    """Everything the decision screen shows, read at once.

    Attributes:
        detail: the case.
        sale: its sale as the decision sees it (other cases' quantities, proration after
            the cases opened before this one), exactly as the service will decide.
        verdicts: the policy's answer for each item, by receipt line id.
        exchange_options: every size and colour of each item's style, by style code.
    """

    detail: CaseDetail
    sale: SaleView
    verdicts: dict[int, LineVerdict]
    exchange_options: dict[str, list[ProductView]]


def decision_form(db: Database, ctx: TillContext, case_no: str) -> DecisionForm:
    """What the decision screen needs for a case, in one read."""
    with db.read() as s:
        case = load_case(s, case_no)
        sale = load_sale(s, case.receipt, now_utc(), exclude_case_id=case.id)
        styles = {sale.line(ln.receipt_line_id).style_code for ln in case.lines}
        detail = _detail(s, case)
        return DecisionForm(
            detail, sale, verdicts_for(detail, ctx, sale), products_of_styles(s, styles)
        )
