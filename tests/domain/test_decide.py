"""Deciding one item before anything is written: the pure functions the case services call."""

from __future__ import annotations

from datetime import date, timedelta

from aftersales.domain.codes import (
    DamageType,
    Disposition,
    Liability,
    ProblemCategory,
    Resolution,
    Tender,
)
from aftersales.domain.decide import (
    Condition,
    DecidedLine,
    DecisionChoice,
    InspectionProblem,
    InspectionRecord,
    decide_line,
    inspect_line,
)
from aftersales.domain.decision import DecisionProblem, SoldLine
from aftersales.domain.policy import LineFacts, Policy

TODAY = date(2026, 12, 3)
SOLD = SoldLine(qty_sold=2, paid_fen=19_800)  # two tees at ¥99 after discount


def verdict(policy: Policy, days: int = 2, **condition: bool) -> object:
    return policy.evaluate_line(
        LineFacts(days_since_purchase=days, category=ProblemCategory.SIZE_FIT, **condition)
    )


def decided(policy: Policy, choice: DecisionChoice, **kw: object) -> DecidedLine | list[object]:
    args: dict[str, object] = {
        "sold": SOLD,
        "qty": 1,
        "returnable_qty": 2,
        "exchange_unit_price_fen": None,
        "inspection": None,
        "hygiene": False,
        "tender": Tender.WECHAT_PAY,
        "today": TODAY,
    }
    args.update(kw)
    return decide_line(policy, verdict(policy), choice, **args)  # type: ignore[arg-type]


def test_inspection_confirming_the_suggestion_needs_no_reason() -> None:
    record = inspect_line(ProblemCategory.QUALITY_DEFECT, Condition(damage=DamageType.SEAM_SPLIT))
    assert isinstance(record, InspectionRecord)
    assert record.liability is record.suggested_liability is Liability.MANUFACTURER
    assert not record.overridden and record.override_reason == ""


def test_overriding_the_suggestion_needs_a_reason_and_keeps_it_trimmed() -> None:
    cond = Condition()
    assert (
        inspect_line(ProblemCategory.SIZE_FIT, cond, liability=Liability.MANUFACTURER)
        is InspectionProblem.OVERRIDE_REASON_MISSING
    )
    record = inspect_line(
        ProblemCategory.SIZE_FIT, cond, liability=Liability.MANUFACTURER, override_reason=" 开线 "
    )
    assert isinstance(record, InspectionRecord)
    assert record.overridden and record.override_reason == "开线"


def test_a_refund_is_the_prorated_share_to_the_original_tender(policy: Policy) -> None:
    d = decided(policy, DecisionChoice(Resolution.REFUND))
    assert isinstance(d, DecidedLine)
    r = d.record
    assert (r.refund_fen, r.tender, r.within_policy) == (9_900, Tender.WECHAT_PAY, True)
    assert r.rule_ids == ("NR_REFUND",) and r.disposition is Disposition.OUTLET
    assert d.outcome.refund_fen == 9_900 and not d.outcome.liability_overridden


def test_an_exchange_to_a_cheaper_item_pays_the_difference_back(policy: Policy) -> None:
    d = decided(
        policy,
        DecisionChoice(Resolution.EXCHANGE, exchange_sku="TEE-BLK-L"),
        exchange_unit_price_fen=7_900,
    )
    assert isinstance(d, DecidedLine)
    assert d.record.price_difference_fen == -2_000 and d.record.tender is None
    assert d.outcome.money_back_fen == 2_000


def test_problems_come_back_instead_of_a_record(policy: Policy) -> None:
    assert decided(
        policy,
        DecisionChoice(Resolution.EXCHANGE, exchange_sku="NOPE"),
        exchange_unit_price_fen=None,
    ) == [DecisionProblem.EXCHANGE_ITEM_MISSING]
    assert decided(policy, DecisionChoice(Resolution.REFUND), returnable_qty=0) == [
        DecisionProblem.QTY_ABOVE_RETURNABLE
    ]
    assert decided(
        policy, DecisionChoice(Resolution.REPAIR, repair_due=TODAY - timedelta(days=1))
    ) == [DecisionProblem.REPAIR_DATE_PAST]


def test_the_same_inputs_give_the_same_record(policy: Policy) -> None:
    choice = DecisionChoice(Resolution.REJECT, reject_reason=" 已穿着 ")
    first, second = decided(policy, choice), decided(policy, choice)
    assert isinstance(first, DecidedLine) and first == second
    assert first.record.reject_reason == "已穿着"
    assert first.record.disposition is Disposition.CUSTOMER_KEEPS
