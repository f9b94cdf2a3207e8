"""The case workflow against a real SQLite file: intake, inspection, decisions, approval,
completion, and what each step leaves behind (audit trail, outbox, returnable quantities)."""

from __future__ import annotations

import dataclasses
import re
import uuid
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from aftersales.db.models import (
    AfterSalesCase,
    AuditEvent,
    CaseCounter,
    OutboxEvent,
    RemoteReturn,
)
from aftersales.domain.clock import local_date, now_utc
from aftersales.domain.codes import (
    Channel,
    DamageType,
    Liability,
    ProblemCategory,
    Resolution,
    Tender,
)
from aftersales.domain.decide import Condition
from aftersales.domain.decision import DecisionProblem
from aftersales.domain.states import CaseStatus, IllegalTransition
from aftersales.services import cases
from aftersales.services.auth import AuthError, AuthProblem, authenticate_manager
from aftersales.services.cases import (
    CaseNotFound,
    CaseRefused,
    CaseScope,
    DecisionInput,
    InspectionInput,
    InspectionProblem,
    IntakeInput,
    IntakeProblem,
    approve_case,
    cancel_case,
    case_detail,
    complete_case,
    list_cases,
    open_case,
    record_inspection,
    revise_case,
    submit_case,
)
from aftersales.services.sales import find_sale

C, R, S = ProblemCategory, Resolution, CaseStatus
CASE_NO = re.compile(r"^SH01-(\d{6})-02-(\d{4})$")


# -- helpers --------------------------------------------------------------------------


def intake(
    sale: Any,
    *items: tuple[str, int],
    name: str = "张三",
    phone: str = "13812345678",
    category: ProblemCategory = C.SIZE_FIT,
    wanted: Resolution = R.REFUND,
) -> IntakeInput:
    return IntakeInput(
        customer_name=name,
        customer_phone=phone,
        channel=Channel.STORE,
        category=category,
        description="尺码偏大",
        wanted=wanted,
        lines=tuple((sale.line(sku).receipt_line_id, qty) for sku, qty in items),
    )


def open_for(shop: Any, sale: Any, *items: tuple[str, int], **kw: Any) -> str:
    return open_case(
        shop.db, shop.ctx, shop.cashier.info, sale.receipt_no, intake(sale, *items, **kw)
    )


def inspect(shop: Any, case_no: str, sale: Any, *skus: str, **found: Any) -> None:
    record_inspection(
        shop.db,
        shop.ctx,
        shop.cashier.info,
        case_no,
        [
            InspectionInput(
                sale.line(sku).receipt_line_id,
                Condition(**{k: v for k, v in found.items() if k != "batch"}),
                batch=found.get("batch", ""),
            )
            for sku in skus
        ],
    )


def decide(sale: Any, sku: str, resolution: Resolution = R.REFUND, **kw: Any) -> DecisionInput:
    return DecisionInput(sale.line(sku).receipt_line_id, resolution, **kw)


def submit(shop: Any, case_no: str, *decisions: DecisionInput) -> cases.SubmitResult:
    return submit_case(shop.db, shop.ctx, shop.cashier.info, case_no, list(decisions))


def refund_case(shop: Any, sale: Any, sku: str, qty: int) -> str:
    """Open, inspect, refund and complete a clean no-reason return."""
    no = open_for(shop, sale, (sku, qty))
    inspect(shop, no, sale, sku)
    assert submit(shop, no, decide(sale, sku)).status is S.SUBMITTED
    complete_case(shop.db, shop.cashier.info, no)
    return no


def refused(exc: pytest.ExceptionInfo[CaseRefused]) -> set[tuple[int, str]]:
    return {(i, p.value) for i, p in exc.value.problems}


def audit(shop: Any, case_no: str) -> list[tuple[str, int | None, str | None, str | None]]:
    with shop.db.read() as s:
        case_id = s.scalar(select(AfterSalesCase.id).where(AfterSalesCase.case_no == case_no))
        return [
            (e.action, e.staff_id, e.from_status, e.to_status)
            for e in s.scalars(
                select(AuditEvent).where(AuditEvent.case_id == case_id).order_by(AuditEvent.id)
            )
        ]


def outbox(shop: Any, case_no: str) -> list[OutboxEvent]:
    with shop.db.read() as s:
        return list(
            s.scalars(
                select(OutboxEvent).where(OutboxEvent.case_no == case_no).order_by(OutboxEvent.id)
            )
        )


def case_count(shop: Any) -> int:
    with shop.db.read() as s:
        return len(s.scalars(select(AfterSalesCase.id)).all())


# -- intake ---------------------------------------------------------------------------


def test_open_case_records_the_intake(shop: Any) -> None:
    sale = shop.sell((shop.cat.tee_m, 2), (shop.cat.coat, 1), days_ago=1)
    no = open_for(
        shop,
        sale,
        (shop.cat.tee_m, 1),
        (shop.cat.coat, 0),
        name="  张三 ",
        phone="+86 138-1234-5678",
    )
    d = case_detail(shop.db, no)
    assert d.status is S.DRAFT
    assert (d.customer_name, d.customer_phone, d.phone_masked) == (
        "张三",
        "13812345678",
        "138****5678",
    )
    assert (d.channel, d.category, d.wanted) == (Channel.STORE, C.SIZE_FIT, R.REFUND)
    assert d.receipt_no == sale.receipt_no and d.tender == "cash"
    assert d.created_at.tzinfo is not None and d.completed_at is None
    assert d.cashier_name == "王小丽" and d.policy_version == "2026.1"
    # Only the item asked about; the zero-quantity line is left out.
    assert [(ln.sku, ln.qty) for ln in d.lines] == [(shop.cat.tee_m, 1)]
    assert [(t.action, t.staff_name, t.from_status, t.to_status) for t in d.timeline] == [
        ("open", "王小丽", None, S.DRAFT)
    ]


@pytest.mark.parametrize(
    ("kw", "items", "problems"),
    [
        pytest.param({"name": ""}, [("tee_m", 1)], {(0, "name_missing")}, id="no-name"),
        pytest.param({"name": "   "}, [("tee_m", 1)], {(0, "name_missing")}, id="blank-name"),
        pytest.param(
            {"phone": "12812345678"}, [("tee_m", 1)], {(0, "phone_invalid")}, id="phone-12x"
        ),
        pytest.param(
            {"phone": "1381234567"}, [("tee_m", 1)], {(0, "phone_invalid")}, id="phone-10-digits"
        ),
        pytest.param({"phone": ""}, [("tee_m", 1)], {(0, "phone_invalid")}, id="no-phone"),
        pytest.param({}, [], {(0, "no_items")}, id="no-items"),
        pytest.param({}, [("tee_m", 0)], {(0, "no_items")}, id="zero-qty"),
        pytest.param({}, [("tee_m", 3)], {("tee_m", "qty_above_returnable")}, id="qty-above-sold"),
        pytest.param(
            {"name": "", "phone": "123"},
            [],
            {(0, "name_missing"), (0, "phone_invalid"), (0, "no_items")},
            id="everything-at-once",
        ),
    ],
)
def test_intake_is_refused(
    shop: Any, kw: dict[str, Any], items: list[tuple[str, int]], problems: set[Any]
) -> None:
    sale = shop.sell((shop.cat.tee_m, 2))
    sku_items = [(getattr(shop.cat, k), q) for k, q in items]
    expected = {
        (sale.line(getattr(shop.cat, i)).receipt_line_id if isinstance(i, str) else i, p)
        for i, p in problems
    }
    with pytest.raises(CaseRefused) as exc:
        open_for(shop, sale, *sku_items, **kw)
    assert refused(exc) == expected
    assert case_count(shop) == 0


def test_intake_for_a_line_of_another_receipt_is_refused(shop: Any) -> None:
    sale = shop.sell((shop.cat.tee_m, 1))
    other = shop.sell((shop.cat.coat, 1))
    bad = IntakeInput(
        "张三",
        "13812345678",
        Channel.STORE,
        C.SIZE_FIT,
        "",
        R.REFUND,
        ((other.line(shop.cat.coat).receipt_line_id, 1),),
    )
    with pytest.raises(CaseRefused) as exc:
        open_case(shop.db, shop.ctx, shop.cashier.info, sale.receipt_no, bad)
    assert refused(exc) == {(other.line(shop.cat.coat).receipt_line_id, "unknown_line")}


def test_unknown_receipt(shop: Any) -> None:
    sale = shop.sell((shop.cat.tee_m, 1))
    with pytest.raises(CaseNotFound):
        open_case(
            shop.db,
            shop.ctx,
            shop.cashier.info,
            "SH01-02-990101-9999",
            intake(sale, (shop.cat.tee_m, 1)),
        )


def test_the_same_line_twice_is_refused_not_crashed(shop: Any) -> None:
    sale = shop.sell((shop.cat.tee_m, 2))
    with pytest.raises(CaseRefused):
        open_for(shop, sale, (shop.cat.tee_m, 1), (shop.cat.tee_m, 1))


def test_case_numbers_per_till_per_day(shop: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    sale = shop.sell((shop.cat.tee_m, 9))
    first = [open_for(shop, sale, (shop.cat.tee_m, 1)) for _ in range(3)]
    today = local_date(now_utc())
    assert first == [f"SH01-{today:%y%m%d}-02-{n:04d}" for n in (1, 2, 3)]
    assert all(CASE_NO.match(no) for no in first)

    # A refused intake uses no number.
    with pytest.raises(CaseRefused):
        open_for(shop, sale, (shop.cat.tee_m, 1), name="")
    assert open_for(shop, sale, (shop.cat.tee_m, 1)).endswith("-02-0004")

    # Another till of the store counts on its own.
    till3 = dataclasses.replace(shop.ctx, till_no=3)
    no = open_case(
        shop.db, till3, shop.cashier.info, sale.receipt_no, intake(sale, (shop.cat.tee_m, 1))
    )
    assert no == f"SH01-{today:%y%m%d}-03-0001"

    # The next store day starts again at 1.
    tomorrow = now_utc() + timedelta(days=1)
    monkeypatch.setattr(cases.actions, "now_utc", lambda: tomorrow)
    no = open_for(shop, sale, (shop.cat.tee_m, 1))
    assert no == f"SH01-{local_date(tomorrow):%y%m%d}-02-0001"
    with shop.db.read() as s:
        counters = {(c.till_no, c.day): c.last_seq for c in s.scalars(select(CaseCounter))}
    assert counters == {(2, today): 4, (3, today): 1, (2, local_date(tomorrow)): 1}


# -- inspection -----------------------------------------------------------------------


def test_inspection_is_recorded_with_the_suggested_liability(shop: Any) -> None:
    sale = shop.sell((shop.cat.tee_m, 1), days_ago=3)
    no = open_for(shop, sale, (shop.cat.tee_m, 1), category=C.QUALITY_DEFECT)
    inspect(shop, no, sale, shop.cat.tee_m, damage=DamageType.SEAM_SPLIT, batch=" B2611 ")
    (line,) = case_detail(shop.db, no).lines
    assert line.inspection is not None
    assert line.inspection.damage == "seam_split" and line.inspection.batch == "B2611"
    assert line.inspection.suggested_liability == "manufacturer"
    assert line.inspection.suggested_reason == "manufacturing_defect"
    assert line.inspection.liability == "manufacturer"
    assert line.inspection.override_reason == ""
    assert [a[0] for a in audit(shop, no)] == ["open", "inspect"]


def test_override_without_reason_is_refused(shop: Any) -> None:
    sale = shop.sell((shop.cat.tee_m, 1))
    no = open_for(shop, sale, (shop.cat.tee_m, 1))
    lid = sale.line(shop.cat.tee_m).receipt_line_id
    with pytest.raises(CaseRefused) as exc:
        record_inspection(
            shop.db,
            shop.ctx,
            shop.cashier.info,
            no,
            [InspectionInput(lid, liability=Liability.MANUFACTURER, override_reason="  ")],
        )
    assert refused(exc) == {(lid, InspectionProblem.OVERRIDE_REASON_MISSING.value)}
    assert case_detail(shop.db, no).lines[0].inspection is None
    assert [a[0] for a in audit(shop, no)] == ["open"]
    assert len(outbox(shop, no)) == 1


def test_override_with_reason_is_recorded_audited_and_needs_approval(shop: Any) -> None:
    sale = shop.sell((shop.cat.tee_m, 1), days_ago=2)
    no = open_for(shop, sale, (shop.cat.tee_m, 1))
    lid = sale.line(shop.cat.tee_m).receipt_line_id
    record_inspection(
        shop.db,
        shop.ctx,
        shop.cashier.info,
        no,
        [
            InspectionInput(
                lid, liability=Liability.MANUFACTURER, override_reason=" 同批次多件开线 "
            )
        ],
    )
    insp = case_detail(shop.db, no).lines[0].inspection
    assert insp is not None
    assert (insp.suggested_liability, insp.liability, insp.override_reason) == (
        "store",
        "manufacturer",
        "同批次多件开线",
    )
    with shop.db.read() as s:
        ev = s.scalars(select(AuditEvent).where(AuditEvent.action == "liability_override")).one()
        assert ev.staff_id == shop.cashier.id and ev.reason == "同批次多件开线"
        assert (ev.detail["suggested"], ev.detail["chosen"]) == ("store", "manufacturer")
    # The refund itself is within the policy; the override alone needs a manager.
    result = submit(shop, no, decide(sale, shop.cat.tee_m))
    assert result.status is S.AWAITING_APPROVAL
    assert [r[0] for r in result.approval_reasons] == ["APPROVAL_OVERRIDE"]


def test_every_line_must_be_inspected(shop: Any) -> None:
    sale = shop.sell((shop.cat.tee_m, 1), (shop.cat.coat, 1))
    no = open_for(shop, sale, (shop.cat.tee_m, 1), (shop.cat.coat, 1))
    with pytest.raises(CaseRefused) as exc:
        inspect(shop, no, sale, shop.cat.tee_m)
    assert refused(exc) == {(sale.line(shop.cat.coat).receipt_line_id, "line_missing")}


def test_only_a_draft_is_inspected(shop: Any) -> None:
    sale = shop.sell((shop.cat.tee_m, 1))
    no = open_for(shop, sale, (shop.cat.tee_m, 1))
    inspect(shop, no, sale, shop.cat.tee_m)
    submit(shop, no, decide(sale, shop.cat.tee_m))
    with pytest.raises(IllegalTransition):
        inspect(shop, no, sale, shop.cat.tee_m, stains=True)


# -- decisions ------------------------------------------------------------------------


def test_refund_is_the_paid_share_to_the_original_tender(shop: Any) -> None:
    # 3 T-shirts at ¥99 with ¥1 off: ¥296 paid; 2 come back.
    sale = shop.sell((shop.cat.tee_m, 3, 100), days_ago=6, tender=Tender.ALIPAY)
    no = open_for(shop, sale, (shop.cat.tee_m, 2))
    inspect(shop, no, sale, shop.cat.tee_m)
    result = submit(shop, no, decide(sale, shop.cat.tee_m))
    assert (result.status, result.refund_total_fen, result.approval_reasons) == (
        S.SUBMITTED,
        19733,
        (),
    )
    d = case_detail(shop.db, no)
    dec = d.lines[0].decision
    assert dec is not None
    assert (dec.resolution, dec.qty, dec.refund_fen, dec.tender) == (
        "refund",
        2,
        19733,
        "alipay",
    )
    assert dec.within_policy is True
    assert dec.rule_ids == ("NR_REFUND",)  # the rule behind the refund chosen
    assert "7天" in dec.reason_zh and "7 days" in dec.reason_en
    assert d.refund_total_fen == 19733 and d.needs_approval is False

    assert complete_case(shop.db, shop.cashier.info, no) is S.COMPLETED
    d = case_detail(shop.db, no)
    assert d.status is S.COMPLETED and d.completed_at is not None


def test_later_refunds_add_up_to_what_was_paid(shop: Any) -> None:
    sale = shop.sell((shop.cat.tee_m, 3, 100))
    refund_case(shop, sale, shop.cat.tee_m, 1)
    no = open_for(shop, sale, (shop.cat.tee_m, 2))
    inspect(shop, no, sale, shop.cat.tee_m)
    assert submit(shop, no, decide(sale, shop.cat.tee_m)).refund_total_fen == 29600 - 9866
    rows = {r.case_no: r.refund_total_fen for r in list_cases(shop.db, sale.receipt_no)}
    assert sorted(rows.values()) == [9866, 19734]


def test_refund_of_exactly_1000_yuan_needs_no_approval(shop: Any) -> None:
    sale = shop.sell((shop.cat.coat, 1, 20000))  # ¥1,200 less ¥200
    no = open_for(shop, sale, (shop.cat.coat, 1))
    inspect(shop, no, sale, shop.cat.coat)
    result = submit(shop, no, decide(sale, shop.cat.coat))
    assert (result.status, result.refund_total_fen) == (S.SUBMITTED, 100000)


def test_refund_over_1000_yuan_goes_to_approval_in_the_same_submit(shop: Any) -> None:
    sale = shop.sell((shop.cat.coat, 1), days_ago=1, tender=Tender.CARD)
    no = open_for(shop, sale, (shop.cat.coat, 1))
    inspect(shop, no, sale, shop.cat.coat)
    result = submit(shop, no, decide(sale, shop.cat.coat))
    assert result.status is S.AWAITING_APPROVAL
    assert result.refund_total_fen == 120000
    ((rule, zh, en),) = result.approval_reasons
    assert rule == "APPROVAL_REFUND"
    assert "¥1,200.00" in zh and "¥1,000.00" in zh and "¥1,200.00" in en
    d = case_detail(shop.db, no)
    assert d.status is S.AWAITING_APPROVAL and d.needs_approval
    assert d.approval_reasons == result.approval_reasons
    assert [a[0] for a in audit(shop, no)] == ["open", "inspect", "submit", "request_approval"]
    # Nothing can be handed over before a manager approves.
    with pytest.raises(IllegalTransition):
        complete_case(shop.db, shop.cashier.info, no)
    assert case_detail(shop.db, no).status is S.AWAITING_APPROVAL


def test_inspection_findings_decide_the_policy(shop: Any) -> None:
    """A worn item is no no-reason return: refunding it anyway needs a manager."""
    sale = shop.sell((shop.cat.tee_m, 1), days_ago=2)
    no = open_for(shop, sale, (shop.cat.tee_m, 1))
    inspect(shop, no, sale, shop.cat.tee_m, unworn=False)
    result = submit(shop, no, decide(sale, shop.cat.tee_m))
    assert result.status is S.AWAITING_APPROVAL
    assert [r[0] for r in result.approval_reasons] == ["APPROVAL_OVERRIDE"]
    dec = case_detail(shop.db, no).lines[0].decision
    assert dec is not None
    assert dec.within_policy is False and dec.rule_ids == ("NR_CONDITION",)


@pytest.mark.parametrize(
    ("sku_attr", "discount", "new_attr", "difference"),
    [
        pytest.param("tee_m", 0, "tee_l", 0, id="other-size-same-price"),
        pytest.param("tee_m", 900, "tee_l", 900, id="discounted-pays-discount-back"),
        pytest.param("tee_m", 0, "coat", 120000 - 9900, id="dearer-pays-more"),
    ],
)
def test_exchange(shop: Any, sku_attr: str, discount: int, new_attr: str, difference: int) -> None:
    sku, new = getattr(shop.cat, sku_attr), getattr(shop.cat, new_attr)
    sale = shop.sell((sku, 1, discount), days_ago=10)
    no = open_for(shop, sale, (sku, 1), wanted=R.EXCHANGE)
    inspect(shop, no, sale, sku)
    result = submit(shop, no, decide(sale, sku, R.EXCHANGE, exchange_sku=new))
    assert result.status is S.SUBMITTED and result.refund_total_fen == 0
    (line,) = case_detail(shop.db, no).lines
    assert line.exchange_sku == new
    assert line.decision is not None and line.decision.price_difference_fen == difference
    assert line.decision.tender is None


def test_exchange_for_an_unknown_item_is_refused(shop: Any) -> None:
    sale = shop.sell((shop.cat.tee_m, 1))
    no = open_for(shop, sale, (shop.cat.tee_m, 1), wanted=R.EXCHANGE)
    inspect(shop, no, sale, shop.cat.tee_m)
    with pytest.raises(CaseRefused) as exc:
        submit(shop, no, decide(sale, shop.cat.tee_m, R.EXCHANGE, exchange_sku="NOPE-1"))
    assert refused(exc) == {
        (sale.line(shop.cat.tee_m).receipt_line_id, DecisionProblem.EXCHANGE_ITEM_MISSING.value)
    }
    assert case_detail(shop.db, no).status is S.DRAFT


@pytest.mark.parametrize(
    ("decision_kw", "problem"),
    [
        pytest.param(
            {"resolution": R.REPAIR, "repair_due": date(2020, 1, 1)},
            DecisionProblem.REPAIR_DATE_PAST,
            id="repair-in-the-past",
        ),
        pytest.param(
            {"resolution": R.REPAIR}, DecisionProblem.REPAIR_DATE_MISSING, id="repair-no-date"
        ),
        pytest.param(
            {"resolution": R.REJECT, "reject_reason": " "},
            DecisionProblem.REJECT_REASON_MISSING,
            id="reject-no-reason",
        ),
        pytest.param(
            {"resolution": R.COMPENSATION, "compensation_fen": 0},
            DecisionProblem.COMPENSATION_NOT_POSITIVE,
            id="compensation-zero",
        ),
        pytest.param(
            {"resolution": R.COMPENSATION, "compensation_fen": 9901},
            DecisionProblem.COMPENSATION_ABOVE_PAID,
            id="compensation-above-paid",
        ),
    ],
)
def test_bad_decisions_are_refused(
    shop: Any, decision_kw: dict[str, Any], problem: DecisionProblem
) -> None:
    sale = shop.sell((shop.cat.tee_m, 1), days_ago=5)
    no = open_for(shop, sale, (shop.cat.tee_m, 1), category=C.QUALITY_DEFECT)
    inspect(shop, no, sale, shop.cat.tee_m, damage=DamageType.SEAM_SPLIT)
    lid = sale.line(shop.cat.tee_m).receipt_line_id
    with pytest.raises(CaseRefused) as exc:
        submit(shop, no, DecisionInput(lid, **decision_kw))
    assert refused(exc) == {(lid, problem.value)}
    assert case_detail(shop.db, no).status is S.DRAFT
    assert case_detail(shop.db, no).lines[0].decision is None


def test_every_line_needs_a_decision(shop: Any) -> None:
    sale = shop.sell((shop.cat.tee_m, 1), (shop.cat.tee_l, 1))
    no = open_for(shop, sale, (shop.cat.tee_m, 1), (shop.cat.tee_l, 1))
    inspect(shop, no, sale, shop.cat.tee_m, shop.cat.tee_l)
    with pytest.raises(CaseRefused) as exc:
        submit(shop, no, decide(sale, shop.cat.tee_m))
    assert refused(exc) == {(sale.line(shop.cat.tee_l).receipt_line_id, "line_missing")}


def test_service_complaint_compensation_needs_a_manager(shop: Any) -> None:
    sale = shop.sell((shop.cat.tee_m, 1), days_ago=1)
    no = open_for(
        shop, sale, (shop.cat.tee_m, 1), category=C.SERVICE_COMPLAINT, wanted=R.COMPENSATION
    )
    inspect(shop, no, sale, shop.cat.tee_m)
    result = submit(shop, no, decide(sale, shop.cat.tee_m, R.COMPENSATION, compensation_fen=2000))
    assert result.status is S.AWAITING_APPROVAL
    assert [r[0] for r in result.approval_reasons] == ["SERVICE"]


# -- approval -------------------------------------------------------------------------


def _awaiting(shop: Any, opener: Any = None) -> tuple[Any, str]:
    sale = shop.sell((shop.cat.coat, 1), days_ago=1)
    no = open_case(
        shop.db,
        shop.ctx,
        (opener or shop.cashier).info,
        sale.receipt_no,
        intake(sale, (shop.cat.coat, 1)),
    )
    inspect(shop, no, sale, shop.cat.coat)
    assert submit(shop, no, decide(sale, shop.cat.coat)).status is S.AWAITING_APPROVAL
    return sale, no


def test_manager_approval_then_completion(shop: Any) -> None:
    _, no = _awaiting(shop)
    manager = authenticate_manager(shop.db, "M001", "2222", cashier_id=shop.cashier.id)
    assert approve_case(shop.db, manager, no, approve=True, note=" ok ") is S.APPROVED
    assert complete_case(shop.db, shop.cashier.info, no) is S.COMPLETED
    d = case_detail(shop.db, no)
    assert d.status is S.COMPLETED and d.approver_name == "李店长"
    assert [(t.action, t.staff_name, t.reason) for t in d.timeline][-2:] == [
        ("approve", "李店长", "ok"),
        ("complete", "王小丽", ""),
    ]


def test_a_manager_cannot_approve_their_own_case(shop: Any) -> None:
    """The manager who served the customer asks a second manager (no self-approval)."""
    _, no = _awaiting(shop, opener=shop.manager)
    with pytest.raises(AuthError) as exc:
        authenticate_manager(shop.db, "M001", "2222", cashier_id=shop.manager.id)
    assert exc.value.problem is AuthProblem.SAME_AS_CASHIER
    other = authenticate_manager(shop.db, "M002", "3333", cashier_id=shop.manager.id)
    assert approve_case(shop.db, other, no, approve=True) is S.APPROVED
    assert case_detail(shop.db, no).approver_name == "张经理"


def test_rejection_needs_a_note_then_goes_back_to_draft(shop: Any) -> None:
    sale, no = _awaiting(shop)
    with pytest.raises(CaseRefused):
        approve_case(shop.db, shop.manager.info, no, approve=False, note="  ")
    assert case_detail(shop.db, no).status is S.AWAITING_APPROVAL
    assert (
        approve_case(shop.db, shop.manager.info, no, approve=False, note="请改为换货") is S.REJECTED
    )
    assert revise_case(shop.db, shop.cashier.info, no) is S.DRAFT
    # Revised: an exchange within the policy needs nobody.
    inspect(shop, no, sale, shop.cat.coat)
    result = submit(shop, no, decide(sale, shop.cat.coat, R.EXCHANGE, exchange_sku=shop.cat.coat))
    assert result.status is S.SUBMITTED and result.approval_reasons == ()
    d = case_detail(shop.db, no)
    assert d.needs_approval is False and d.approval_reasons == ()
    assert d.lines[0].decision is not None and d.lines[0].decision.resolution == "exchange"


def test_complete_from_the_decision_screen_is_one_transaction(shop: Any) -> None:
    """decide_case revises a rejected case, decides, submits and completes it at once."""
    sale, no = _awaiting(shop)
    approve_case(shop.db, shop.manager.info, no, approve=False, note="请改为换货")
    before = outbox(shop, no)
    result = cases.decide_case(
        shop.db,
        shop.ctx,
        shop.cashier.info,
        no,
        [decide(sale, shop.cat.coat, R.EXCHANGE, exchange_sku=shop.cat.coat)],
    )
    assert result.status is S.COMPLETED
    assert [e.kind for e in outbox(shop, no)[len(before) :]] == [
        "case_revised",
        "case_submitted",
        "case_completed",
    ]
    assert [a[0] for a in audit(shop, no)[-3:]] == ["revise", "submit", "complete"]


def test_a_till_dying_while_completing_leaves_the_case_as_it_was(
    shop: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If completion fails after the decision was written (the power goes, the disk
    fills), neither the revision nor the decision is kept: the case is still rejected, with
    its earlier decision, and nothing new waits to be sent."""
    sale, no = _awaiting(shop)
    approve_case(shop.db, shop.manager.info, no, approve=False, note="请改为换货")
    before = case_detail(shop.db, no)
    events = len(outbox(shop, no))

    def die(*_a: Any, **_k: Any) -> Any:
        raise OSError("the till lost power")

    monkeypatch.setattr(cases.actions, "_complete", die)
    with pytest.raises(OSError):
        cases.decide_case(
            shop.db,
            shop.ctx,
            shop.cashier.info,
            no,
            [decide(sale, shop.cat.coat, R.EXCHANGE, exchange_sku=shop.cat.coat)],
        )
    after = case_detail(shop.db, no)
    assert after.status is S.REJECTED
    assert after.lines == before.lines
    assert len(outbox(shop, no)) == events


def test_a_refused_decision_leaves_a_rejected_case_rejected(shop: Any) -> None:
    sale, no = _awaiting(shop)
    approve_case(shop.db, shop.manager.info, no, approve=False, note="请改为换货")
    with pytest.raises(CaseRefused) as exc:
        cases.decide_case(
            shop.db, shop.ctx, shop.cashier.info, no, [decide(sale, shop.cat.coat, R.REJECT)]
        )
    assert refused(exc) == {
        (sale.line(shop.cat.coat).receipt_line_id, DecisionProblem.REJECT_REASON_MISSING.value)
    }
    assert case_detail(shop.db, no).status is S.REJECTED


# -- audit and outbox -----------------------------------------------------------------


def test_every_transition_is_audited_and_sent(shop: Any) -> None:
    _, no = _awaiting(shop)
    approve_case(shop.db, shop.manager.info, no, approve=True)
    complete_case(shop.db, shop.cashier.info, no)
    c, m = shop.cashier.id, shop.manager.id
    assert audit(shop, no) == [
        ("open", c, None, "draft"),
        ("inspect", c, None, None),
        ("submit", c, "draft", "submitted"),
        ("request_approval", c, "submitted", "awaiting_approval"),
        ("approve", m, "awaiting_approval", "approved"),
        ("complete", c, "approved", "completed"),
    ]
    events = outbox(shop, no)
    assert [e.seq for e in events] == [1, 2, 3, 4, 5, 6]
    assert [e.kind for e in events] == [
        "case_opened",
        "inspection_recorded",
        "case_submitted",
        "approval_requested",
        "case_approved",
        "case_completed",
    ]
    assert [e.payload["status"] for e in events] == [
        "draft",
        "draft",
        "submitted",
        "awaiting_approval",
        "approved",
        "completed",
    ]
    assert len({e.event_id for e in events}) == 6
    assert all(uuid.UUID(e.event_id) for e in events)
    assert all(e.sent_at is None and e.attempts == 0 for e in events)
    # Each payload is the whole case, not a diff.
    last = events[-1].payload
    assert last["case_no"] == no and last["receipt_no"].startswith("SH01-02-")
    assert last["intake"]["customer_phone"] == "13812345678"
    (line,) = last["lines"]
    assert line["sku"] == shop.cat.coat and line["qty"] == 1
    assert line["inspection"]["liability"] == "store"
    assert line["decision"]["refund_fen"] == 120000 and line["decision"]["tender"] == "cash"
    assert "inspection" not in events[0].payload["lines"][0]


def test_outbox_numbers_each_case_on_its_own(shop: Any) -> None:
    sale = shop.sell((shop.cat.tee_m, 2), (shop.cat.tee_l, 1))
    a = open_for(shop, sale, (shop.cat.tee_m, 1))
    b = open_for(shop, sale, (shop.cat.tee_l, 1))
    inspect(shop, a, sale, shop.cat.tee_m)
    cancel_case(shop.db, shop.cashier.info, b, "顾客改主意")
    submit(shop, a, decide(sale, shop.cat.tee_m))
    complete_case(shop.db, shop.cashier.info, a)
    assert [e.seq for e in outbox(shop, a)] == [1, 2, 3, 4]
    assert [(e.seq, e.kind) for e in outbox(shop, b)] == [(1, "case_opened"), (2, "case_cancelled")]
    assert audit(shop, b)[-1] == ("cancel", shop.cashier.id, "draft", "cancelled")
    with shop.db.read() as s:
        ids = s.scalars(select(OutboxEvent.event_id)).all()
    assert len(ids) == len(set(ids)) == 6


def test_a_refused_action_leaves_no_trace(shop: Any) -> None:
    sale = shop.sell((shop.cat.tee_m, 1))
    no = open_for(shop, sale, (shop.cat.tee_m, 1))
    with pytest.raises(IllegalTransition):
        complete_case(shop.db, shop.cashier.info, no)
    with pytest.raises(CaseRefused):
        submit(shop, no)
    assert [a[0] for a in audit(shop, no)] == ["open"]
    assert [e.seq for e in outbox(shop, no)] == [1]


# -- what can still be returned -------------------------------------------------------


def test_completed_refund_counts_as_returned(shop: Any) -> None:
    sale = shop.sell((shop.cat.tee_m, 2))
    refund_case(shop, sale, shop.cat.tee_m, 1)
    view = find_sale(shop.db, sale.receipt_no, now_utc())
    assert view is not None
    line = view.line(sale.line(shop.cat.tee_m).receipt_line_id)
    assert (line.returned_qty, line.pending_qty, line.returnable_qty) == (1, 0, 1)
    with pytest.raises(CaseRefused) as exc:
        open_for(shop, sale, (shop.cat.tee_m, 2))
    assert refused(exc) == {(line.receipt_line_id, IntakeProblem.QTY_ABOVE_RETURNABLE.value)}
    refund_case(shop, sale, shop.cat.tee_m, 1)
    view = find_sale(shop.db, sale.receipt_no, now_utc())
    assert view is not None and not view.anything_returnable


def test_an_open_case_holds_its_items_until_cancelled(shop: Any) -> None:
    sale = shop.sell((shop.cat.tee_m, 2))
    lid = sale.line(shop.cat.tee_m).receipt_line_id
    first = open_for(shop, sale, (shop.cat.tee_m, 2))
    view = find_sale(shop.db, sale.receipt_no, now_utc())
    assert view is not None
    assert (view.line(lid).pending_qty, view.line(lid).returnable_qty) == (2, 0)
    assert view.earlier_cases == ((first, S.DRAFT),)
    with pytest.raises(CaseRefused) as exc:
        open_for(shop, sale, (shop.cat.tee_m, 1))
    assert refused(exc) == {(lid, "qty_above_returnable")}

    assert cancel_case(shop.db, shop.cashier.info, first, "顾客不退了") is S.CANCELLED
    view = find_sale(shop.db, sale.receipt_no, now_utc())
    assert view is not None and view.line(lid).returnable_qty == 2
    second = open_for(shop, sale, (shop.cat.tee_m, 2))
    assert second != first


def test_overlapping_cases_never_refund_more_than_was_paid(shop: Any) -> None:
    sale = shop.sell((shop.cat.tee_m, 2, 1))  # ¥197.99 paid for two
    first = open_for(shop, sale, (shop.cat.tee_m, 1))
    second = open_for(shop, sale, (shop.cat.tee_m, 1))
    total = 0
    for no in (first, second):
        inspect(shop, no, sale, shop.cat.tee_m)
        total += submit(shop, no, decide(sale, shop.cat.tee_m)).refund_total_fen
        complete_case(shop.db, shop.cashier.info, no)
    assert total == 19799


def test_a_repair_does_not_take_the_item_back(shop: Any) -> None:
    sale = shop.sell((shop.cat.tee_m, 1), days_ago=40)
    no = open_for(shop, sale, (shop.cat.tee_m, 1), category=C.QUALITY_DEFECT, wanted=R.REPAIR)
    inspect(shop, no, sale, shop.cat.tee_m, damage=DamageType.SEAM_SPLIT)
    due = local_date(now_utc()) + timedelta(days=7)
    result = submit(shop, no, decide(sale, shop.cat.tee_m, R.REPAIR, repair_due=due))
    assert result.status is S.SUBMITTED
    complete_case(shop.db, shop.cashier.info, no)
    view = find_sale(shop.db, sale.receipt_no, now_utc())
    assert view is not None and view.lines[0].returnable_qty == 1
    assert case_detail(shop.db, no).lines[0].decision.repair_due == due  # type: ignore[union-attr]


def test_cases_of_other_tills_count_as_head_office_last_told(shop: Any) -> None:
    """Another till's cases of this store (as head office last told this till) hold or
    take back units like this till's own, and count as opened before any case decided
    here; a case this till has itself is counted from its own rows, never twice."""
    sale = shop.sell((shop.cat.tee_m, 5), (shop.cat.tee_l, 4))
    tee_m, tee_l = sale.line(shop.cat.tee_m), sale.line(shop.cat.tee_l)
    mine = open_for(shop, sale, (shop.cat.tee_m, 1))
    other = "SH01-261101-03-{:04d}"
    with shop.db.write() as s:
        for case_no, line, qty, status in [
            (other.format(1), tee_m, 1, S.COMPLETED),
            (other.format(2), tee_m, 1, S.AWAITING_APPROVAL),
            (other.format(3), tee_m, 1, S.CANCELLED),
            (other.format(4), tee_m, 0, S.COMPLETED),
            (mine, tee_m, 1, S.DRAFT),
            (other.format(1), tee_l, 2, S.COMPLETED),
            (other.format(2), tee_l, 1, S.AWAITING_APPROVAL),
        ]:
            s.add(
                RemoteReturn(
                    case_no=case_no,
                    till_no=3,
                    receipt_no=sale.receipt_no,
                    line_no=line.line_no,
                    qty=qty,
                    status=status.value,
                )
            )
    view = find_sale(shop.db, sale.receipt_no, now_utc())
    assert view is not None
    m, n = view.line(tee_m.receipt_line_id), view.line(tee_l.receipt_line_id)
    assert (m.returned_qty, m.pending_qty, m.returnable_qty) == (1, 2, 2)
    assert (n.returned_qty, n.pending_qty, n.earlier_qty, n.returnable_qty) == (2, 1, 3, 1)
    with pytest.raises(CaseRefused) as exc:
        open_for(shop, sale, (shop.cat.tee_l, 2))
    assert refused(exc) == {(tee_l.receipt_line_id, "qty_above_returnable")}
    # Seen from its own decision, this till's case is not counted, from its own rows nor
    # from head office's copy of it.
    assert cases.sale_for_case(shop.db, mine).line(tee_m.receipt_line_id).pending_qty == 1


# -- finding cases --------------------------------------------------------------------


def test_list_cases_finds_by_number_receipt_and_phone(shop: Any) -> None:
    s1 = shop.sell((shop.cat.tee_m, 1))
    s2 = shop.sell((shop.cat.tee_l, 1))
    a = open_for(shop, s1, (shop.cat.tee_m, 1), phone="13812345678", name="张三")
    b = open_for(shop, s2, (shop.cat.tee_l, 1), phone="13998761234", name="李四")

    def found(text: str) -> list[str]:
        return [r.case_no for r in list_cases(shop.db, text)]

    assert found(a) == [a]
    assert found(a.lower()) == [a]
    assert found(s2.receipt_no) == [b]
    assert found(s1.barcode) == [a]
    assert found("13812345678") == [a]
    assert found("+86 139 9876 1234") == [b]
    assert found("5678") == [a]
    assert found("1234") == [b]
    assert found("13800000000") == []
    assert found("") == [b, a]  # newest first
    row = list_cases(shop.db, "5678")[0]
    assert (row.customer_name, row.phone_masked, row.receipt_no, row.status) == (
        "张三",
        "138****5678",
        s1.receipt_no,
        S.DRAFT,
    )


def test_default_list_is_today_and_open(shop: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    sale = shop.sell((shop.cat.tee_m, 3), days_ago=5)
    long_ago = now_utc() - timedelta(days=3)
    monkeypatch.setattr(cases.actions, "now_utc", lambda: long_ago)
    old_open = open_for(shop, sale, (shop.cat.tee_m, 1))
    old_done = refund_case(shop, sale, shop.cat.tee_m, 1)
    monkeypatch.undo()
    today = open_for(shop, sale, (shop.cat.tee_m, 1))
    assert [r.case_no for r in list_cases(shop.db)] == [today, old_open]
    assert {r.case_no for r in list_cases(shop.db, scope=CaseScope.ALL)} == {
        today,
        old_open,
        old_done,
    }


def test_case_detail_of_an_unknown_case(shop: Any) -> None:
    with pytest.raises(CaseNotFound):
        case_detail(shop.db, "SH01-261123-02-9999")


# -- what head office takes ---------------------------------------------------------


def test_text_longer_than_head_office_takes_is_refused_at_the_counter(shop: Any) -> None:
    """Head office refuses a snapshot whose name is over 50 characters, a batch over 32 or
    a free text over 10,000 (the wire contract): the till says so when the text is typed,
    instead of saving a case whose events head office would never take."""
    sale = shop.sell((shop.cat.tee_m, 1), days_ago=2)
    with pytest.raises(CaseRefused) as exc:
        open_for(shop, sale, (shop.cat.tee_m, 1), name="张" * 51)
    assert refused(exc) == {(0, IntakeProblem.NAME_TOO_LONG.value)}
    long_text = IntakeInput(
        **{**dataclasses.asdict(intake(sale, (shop.cat.tee_m, 1))), "description": "长" * 10_001}
    )
    with pytest.raises(CaseRefused) as exc:
        open_case(shop.db, shop.ctx, shop.cashier.info, sale.receipt_no, long_text)
    assert refused(exc) == {(0, IntakeProblem.DESCRIPTION_TOO_LONG.value)}
    assert case_count(shop) == 0

    no = open_for(shop, sale, (shop.cat.tee_m, 1), name="张" * 50)
    lid = sale.line(shop.cat.tee_m).receipt_line_id
    with pytest.raises(CaseRefused) as exc:
        record_inspection(
            shop.db, shop.ctx, shop.cashier.info, no, [InspectionInput(lid, batch="B" * 33)]
        )
    assert refused(exc) == {(lid, InspectionProblem.BATCH_TOO_LONG.value)}
    with pytest.raises(CaseRefused) as exc:
        record_inspection(
            shop.db,
            shop.ctx,
            shop.cashier.info,
            no,
            [InspectionInput(lid, liability=Liability.MANUFACTURER, override_reason="因" * 10_001)],
        )
    assert refused(exc) == {(lid, InspectionProblem.REASON_TOO_LONG.value)}
    inspect(shop, no, sale, shop.cat.tee_m)
    with pytest.raises(CaseRefused) as exc:
        submit(shop, no, decide(sale, shop.cat.tee_m, R.REJECT, reject_reason="因" * 10_001))
    assert refused(exc) == {(lid, DecisionProblem.REASON_TOO_LONG.value)}
    assert case_detail(shop.db, no).status is S.DRAFT
