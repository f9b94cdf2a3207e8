"""Whether the days since a sale can be counted on: this till's clock against head
office's, and the sale's time against this till's clock. A decision by days since the sale
that cannot be counted on goes to a manager, with the reason in words."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from aftersales.domain.clock import MAX_CLOCK_SKEW_S, DateTrust, date_trust
from aftersales.domain.codes import DamageType, ProblemCategory, Resolution, Tender
from aftersales.domain.decide import DecisionChoice, decide_line
from aftersales.domain.decision import SoldLine
from aftersales.domain.policy import LineFacts, LineOutcome, Policy

C, R = ProblemCategory, Resolution
NOW = datetime(2026, 6, 10, 4, 0, tzinfo=UTC)  # 12:00 in the store
FOUR_DAYS = 4 * 24 * 3600.0


def facts(days: int, category: C = C.SIZE_FIT, date: DateTrust | None = None, **kw: Any) -> Any:
    if category in (C.QUALITY_DEFECT, C.DAMAGED_IN_DELIVERY):
        kw.setdefault("damage", DamageType.SEAM_SPLIT)
    return LineFacts(days, category, date=date or DateTrust(), wanted=R.REFUND, **kw)


def test_the_date_is_trusted_within_the_allowance_and_without_a_measurement() -> None:
    sold = NOW - timedelta(days=3)
    assert date_trust(sold, NOW, None).trusted  # never measured: nothing known against it
    assert date_trust(sold, NOW, MAX_CLOCK_SKEW_S).trusted
    assert date_trust(sold, NOW, -MAX_CLOCK_SKEW_S).trusted
    # A sale a minute ahead of this till's clock (another till's clock a little fast).
    assert date_trust(NOW + timedelta(seconds=60), NOW, 0.0).trusted


def test_a_clock_four_days_slow_counts_the_days_by_head_offices_clock() -> None:
    sold = NOW - timedelta(days=10)
    till_now = NOW - timedelta(days=4)
    trust = date_trust(sold, till_now, -FOUR_DAYS)
    assert trust.clock_off and not trust.in_future and not trust.trusted
    assert trust.head_office_days == 10
    assert date_trust(sold, till_now, -MAX_CLOCK_SKEW_S - 1).clock_off


def test_a_sale_after_this_tills_clock_is_in_the_future() -> None:
    trust = date_trust(NOW + timedelta(hours=20), NOW, None)
    assert trust.in_future and not trust.clock_off and not trust.trusted
    assert not date_trust(NOW + timedelta(seconds=MAX_CLOCK_SKEW_S), NOW, None).in_future


def test_a_no_reason_return_in_the_window_by_a_slow_clock_needs_a_manager(policy: Policy) -> None:
    """Day 6 by this till's clock, day 10 by head office's: the refund the till's count
    allows goes to a manager, the reason saying by how much and how old the sale is."""
    trust = date_trust(NOW - timedelta(days=10), NOW - timedelta(days=4), -FOUR_DAYS)
    v = policy.evaluate_line(facts(6, date=trust))
    assert v.needs_approval
    assert v.rule_ids == ("NR_REFUND", "NR_EXCHANGE", "CLOCK_OFF")
    (hit,) = policy.approval_reasons([LineOutcome(v, R.REFUND, refund_fen=9900)])
    assert hit.rule_id == "CLOCK_OFF"
    assert "5760 分钟" in hit.reason_zh and "10 天" in hit.reason_zh
    assert "5760 minutes" in hit.reason_en and "10 days" in hit.reason_en
    # The same return with the clock right: in policy, no manager.
    right = policy.evaluate_line(facts(6))
    assert not right.needs_approval and right.rule_ids == ("NR_REFUND", "NR_EXCHANGE")
    assert policy.approval_reasons([LineOutcome(right, R.REFUND, refund_fen=9900)]) == ()


@pytest.mark.parametrize(
    ("resolution", "category"),
    [
        pytest.param(R.EXCHANGE, C.SIZE_FIT, id="no-reason-exchange"),
        pytest.param(R.REJECT, C.SIZE_FIT, id="no-reason-rejected-as-expired"),
        pytest.param(R.REPAIR, C.QUALITY_DEFECT, id="defect-repair"),
        pytest.param(R.REFUND, C.DAMAGED_IN_DELIVERY, id="defect-refund"),
    ],
)
def test_every_decision_by_the_date_goes_to_a_manager(
    policy: Policy, resolution: Resolution, category: ProblemCategory
) -> None:
    """Windows of no-reason returns and of defects alike; a rejection too, as the window
    it was rejected by may not have passed by head office's clock."""
    trust = date_trust(NOW - timedelta(days=20), NOW, 3 * 3600.0)
    v = policy.evaluate_line(facts(20, category, date=trust))
    assert v.needs_approval
    reasons = policy.approval_reasons([LineOutcome(v, resolution)])
    assert "CLOCK_OFF" in [h.rule_id for h in reasons]


@pytest.mark.parametrize(
    ("category", "kw"),
    [
        pytest.param(C.SIZE_FIT, {"final_sale": True}, id="final-sale"),
        pytest.param(C.SIZE_FIT, {"hygiene": True}, id="hygiene"),
        pytest.param(C.SIZE_FIT, {"unworn": False}, id="worn"),
    ],
)
def test_a_verdict_that_does_not_count_days_is_left_alone(
    policy: Policy, category: ProblemCategory, kw: dict[str, bool]
) -> None:
    trust = date_trust(NOW - timedelta(days=3), NOW, -FOUR_DAYS)
    doubted = policy.evaluate_line(facts(3, category, date=trust, **kw))
    assert doubted == policy.evaluate_line(facts(3, category, **kw))
    assert policy.approval_reasons([LineOutcome(doubted, R.REJECT)]) == ()


def test_a_sale_in_the_future_needs_a_manager_and_is_not_in_policy(policy: Policy) -> None:
    trust = date_trust(NOW + timedelta(days=1, minutes=30), NOW, None)
    v = policy.evaluate_line(facts(-1, date=trust))
    assert v.needs_approval and "SALE_IN_FUTURE" in v.rule_ids
    (hit,) = policy.approval_reasons([LineOutcome(v, R.REFUND, refund_fen=9900)])
    assert hit.rule_id == "SALE_IN_FUTURE"
    assert "1470 分钟" in hit.reason_zh and "1470 minutes" in hit.reason_en
    decided = decide_line(
        policy,
        v,
        DecisionChoice(R.REFUND),
        sold=SoldLine(qty_sold=1, paid_fen=9900),
        qty=1,
        returnable_qty=1,
        exchange_unit_price_fen=None,
        inspection=None,
        hygiene=False,
        tender=Tender.CASH,
        today=NOW.date(),
    )
    assert not isinstance(decided, list)
    assert decided.record.within_policy is False  # not accepted as in policy


def test_a_policy_document_without_the_clock_texts_still_loads(default_policy_text: str) -> None:
    """Documents head office published before these rules existed have no text for them:
    the built-in one is used. A document may word them its own way."""
    data = tomllib.loads(default_policy_text)
    data["rules"].pop("CLOCK_OFF", None)
    data["rules"].pop("SALE_IN_FUTURE", None)
    older = Policy.from_mapping(data)
    assert "{minutes}" not in older.rule_text("CLOCK_OFF", "zh", minutes=5, days=3)
    data["rules"]["CLOCK_OFF"] = {"zh": "时钟差{minutes}分（{days}天）", "en": "off {minutes}"}
    own = Policy.from_mapping(data)
    assert own.rule_text("CLOCK_OFF", "zh", minutes=5, days=3) == "时钟差5分（3天）"
