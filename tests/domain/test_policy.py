"""The default return policy, rule by rule at its boundaries, and policy-file validation."""

from __future__ import annotations

import copy
import re
import tomllib
from typing import Any

import pytest

from aftersales.domain.codes import DamageType, ProblemCategory, Resolution
from aftersales.domain.policy import LineFacts, LineOutcome, Policy, PolicyError
from aftersales.services.context import load_default_policy

R = Resolution
C = ProblemCategory
REFUND, EXCHANGE, REPAIR, COMP, REJECT = (R.REFUND, R.EXCHANGE, R.REPAIR, R.COMPENSATION, R.REJECT)
DEFECT_ALL = {REFUND, EXCHANGE, REPAIR, COMP}
CJK = re.compile(r"[\u4e00-\u9fff]")


def facts(days: int, category: C, **kw: Any) -> LineFacts:
    kw.setdefault("wanted", REFUND)
    if category in (C.QUALITY_DEFECT, C.DAMAGED_IN_DELIVERY):
        kw.setdefault("damage", DamageType.SEAM_SPLIT)
    return LineFacts(days_since_purchase=days, category=category, **kw)


# (id, facts, allowed besides reject, suggested, rule ids in order, item needs approval)
CASES = [
    # 七天无理由: refund through day 7, exchange through day 15.
    (
        "nr-day0-refund",
        facts(0, C.SIZE_FIT),
        {REFUND, EXCHANGE},
        REFUND,
        ("NR_REFUND", "NR_EXCHANGE"),
        False,
    ),
    (
        "nr-day7-refund",
        facts(7, C.SIZE_FIT),
        {REFUND, EXCHANGE},
        REFUND,
        ("NR_REFUND", "NR_EXCHANGE"),
        False,
    ),
    (
        "nr-day8-no-refund-exchange-only",
        facts(8, C.SIZE_FIT),
        {EXCHANGE},
        EXCHANGE,
        ("NR_EXPIRED", "NR_EXCHANGE"),
        False,
    ),
    (
        "nr-day15-exchange",
        facts(15, C.SIZE_FIT),
        {EXCHANGE},
        EXCHANGE,
        ("NR_EXPIRED", "NR_EXCHANGE"),
        False,
    ),
    ("nr-day16-nothing", facts(16, C.SIZE_FIT), set(), REJECT, ("NR_EXPIRED",), False),
    (
        "nr-colour-day7",
        facts(7, C.COLOUR_DIFFERENCE),
        {REFUND, EXCHANGE},
        REFUND,
        ("NR_REFUND", "NR_EXCHANGE"),
        False,
    ),
    (
        "nr-changed-mind-day7",
        facts(7, C.CHANGED_MIND),
        {REFUND, EXCHANGE},
        REFUND,
        ("NR_REFUND", "NR_EXCHANGE"),
        False,
    ),
    (
        "nr-changed-mind-day8",
        facts(8, C.CHANGED_MIND),
        {EXCHANGE},
        EXCHANGE,
        ("NR_EXPIRED", "NR_EXCHANGE"),
        False,
    ),
    # The item must be fit to sell again.
    (
        "nr-tags-off",
        facts(1, C.SIZE_FIT, tags_attached=False),
        set(),
        REJECT,
        ("NR_CONDITION",),
        False,
    ),
    ("nr-worn", facts(1, C.SIZE_FIT, unworn=False), set(), REJECT, ("NR_CONDITION",), False),
    ("nr-washed", facts(1, C.SIZE_FIT, unwashed=False), set(), REJECT, ("NR_CONDITION",), False),
    ("nr-stains", facts(1, C.SIZE_FIT, stains=True), set(), REJECT, ("NR_CONDITION",), False),
    ("nr-odour", facts(1, C.SIZE_FIT, odour=True), set(), REJECT, ("NR_CONDITION",), False),
    (
        "nr-damage",
        facts(1, C.SIZE_FIT, damage=DamageType.HOLE),
        set(),
        REJECT,
        ("NR_CONDITION",),
        False,
    ),
    (
        "nr-condition-exchange-too",
        facts(1, C.CHANGED_MIND, unworn=False, wanted=EXCHANGE),
        set(),
        REJECT,
        ("NR_CONDITION",),
        False,
    ),
    # Final sale and hygiene items: no no-reason returns, defects still accepted.
    (
        "final-sale-no-reason",
        facts(1, C.SIZE_FIT, final_sale=True),
        set(),
        REJECT,
        ("FINAL_SALE",),
        False,
    ),
    (
        "final-sale-defect",
        facts(1, C.QUALITY_DEFECT, final_sale=True),
        DEFECT_ALL,
        REFUND,
        ("DEF_REFUND", "DEF_COMPENSATION", "DEF_REPAIR"),
        False,
    ),
    (
        "hygiene-no-reason",
        facts(1, C.CHANGED_MIND, hygiene=True),
        set(),
        REJECT,
        ("HYGIENE",),
        False,
    ),
    (
        "hygiene-defect",
        facts(1, C.QUALITY_DEFECT, hygiene=True),
        DEFECT_ALL,
        REFUND,
        ("DEF_REFUND", "DEF_COMPENSATION", "DEF_REPAIR"),
        False,
    ),
    # Quality defects: refund/exchange/compensation through day 30, repair through day 90.
    (
        "defect-day0",
        facts(0, C.QUALITY_DEFECT),
        DEFECT_ALL,
        REFUND,
        ("DEF_REFUND", "DEF_COMPENSATION", "DEF_REPAIR"),
        False,
    ),
    (
        "defect-day30",
        facts(30, C.QUALITY_DEFECT),
        DEFECT_ALL,
        REFUND,
        ("DEF_REFUND", "DEF_COMPENSATION", "DEF_REPAIR"),
        False,
    ),
    (
        "defect-day31-repair-only",
        facts(31, C.QUALITY_DEFECT),
        {REPAIR},
        REPAIR,
        ("DEF_REPAIR",),
        False,
    ),
    ("defect-day90-repair", facts(90, C.QUALITY_DEFECT), {REPAIR}, REPAIR, ("DEF_REPAIR",), False),
    ("defect-day91-nothing", facts(91, C.QUALITY_DEFECT), set(), REJECT, ("DEF_EXPIRED",), False),
    (
        "defect-worn-still-defect",
        facts(10, C.QUALITY_DEFECT, unworn=False, tags_attached=False),
        DEFECT_ALL,
        REFUND,
        ("DEF_REFUND", "DEF_COMPENSATION", "DEF_REPAIR"),
        False,
    ),
    (
        "delivery-damage-day30",
        facts(30, C.DAMAGED_IN_DELIVERY, damage=DamageType.HOLE),
        DEFECT_ALL,
        REFUND,
        ("DEF_REFUND", "DEF_COMPENSATION", "DEF_REPAIR"),
        False,
    ),
    (
        "delivery-damage-day91",
        facts(91, C.DAMAGED_IN_DELIVERY),
        set(),
        REJECT,
        ("DEF_EXPIRED",),
        False,
    ),
    (
        "defect-not-found",
        facts(3, C.QUALITY_DEFECT, damage=DamageType.NONE),
        set(),
        REJECT,
        ("DEF_NOT_FOUND",),
        True,
    ),
    (
        "delivery-damage-not-found",
        facts(3, C.DAMAGED_IN_DELIVERY, damage=DamageType.NONE),
        set(),
        REJECT,
        ("DEF_NOT_FOUND",),
        True,
    ),
    # Outside the return windows: a manager decides.
    ("service-complaint", facts(200, C.SERVICE_COMPLAINT), {COMP}, COMP, ("SERVICE",), True),
    ("other", facts(1, C.OTHER), set(), REJECT, ("OTHER",), True),
    # The suggestion is the customer's wish when the policy allows it...
    (
        "wish-exchange-day3",
        facts(3, C.SIZE_FIT, wanted=EXCHANGE),
        {REFUND, EXCHANGE},
        EXCHANGE,
        ("NR_REFUND", "NR_EXCHANGE"),
        False,
    ),
    (
        "wish-repair-defect",
        facts(3, C.QUALITY_DEFECT, wanted=REPAIR),
        DEFECT_ALL,
        REPAIR,
        ("DEF_REFUND", "DEF_COMPENSATION", "DEF_REPAIR"),
        False,
    ),
    (
        "wish-compensation-defect",
        facts(3, C.QUALITY_DEFECT, wanted=COMP),
        DEFECT_ALL,
        COMP,
        ("DEF_REFUND", "DEF_COMPENSATION", "DEF_REPAIR"),
        False,
    ),
    (
        "wish-exchange-defect",
        facts(3, C.QUALITY_DEFECT, wanted=EXCHANGE),
        DEFECT_ALL,
        EXCHANGE,
        ("DEF_REFUND", "DEF_COMPENSATION", "DEF_REPAIR"),
        False,
    ),
    # ...and otherwise the first allowed of refund, exchange, repair, compensation.
    (
        "no-wish-defect",
        facts(3, C.QUALITY_DEFECT, wanted=None),
        DEFECT_ALL,
        REFUND,
        ("DEF_REFUND", "DEF_COMPENSATION", "DEF_REPAIR"),
        False,
    ),
    (
        "wish-exchange-day40-repair",
        facts(40, C.QUALITY_DEFECT, wanted=EXCHANGE),
        {REPAIR},
        REPAIR,
        ("DEF_REPAIR",),
        False,
    ),
    (
        "wish-repair-no-reason-refund",
        facts(3, C.SIZE_FIT, wanted=REPAIR),
        {REFUND, EXCHANGE},
        REFUND,
        ("NR_REFUND", "NR_EXCHANGE"),
        False,
    ),
    (
        "wish-refund-service-compensation",
        facts(3, C.SERVICE_COMPLAINT),
        {COMP},
        COMP,
        ("SERVICE",),
        True,
    ),
]


@pytest.mark.parametrize(
    ("f", "allowed", "suggested", "rule_ids", "needs_approval"),
    [pytest.param(*row[1:], id=row[0]) for row in CASES],
)
def test_default_policy_rules(
    policy: Policy,
    f: LineFacts,
    allowed: set[Resolution],
    suggested: Resolution,
    rule_ids: tuple[str, ...],
    needs_approval: bool,
) -> None:
    v = policy.evaluate_line(f)
    assert v.allowed == frozenset(allowed | {REJECT})
    assert v.suggested is suggested
    assert v.rule_ids == rule_ids
    assert v.needs_approval is needs_approval
    # Every reason is told to the customer in Chinese and shown to staff in English,
    # with its numbers filled in.
    for hit in v.rules:
        assert CJK.search(hit.reason_zh), hit
        assert hit.reason_en and not CJK.search(hit.reason_en), hit
        assert "{" not in hit.reason_zh + hit.reason_en, hit
    assert v.reason("zh") == " ".join(h.reason_zh for h in v.rules)
    assert v.reason("en") == " ".join(h.reason_en for h in v.rules)


@pytest.mark.parametrize(
    ("f", "rule_id", "number"),
    [
        pytest.param(facts(3, C.SIZE_FIT), "NR_REFUND", "7", id="nr-refund-7"),
        pytest.param(facts(3, C.SIZE_FIT), "NR_EXCHANGE", "15", id="nr-exchange-15"),
        pytest.param(facts(9, C.SIZE_FIT), "NR_EXPIRED", "7", id="nr-refund-expired-7"),
        pytest.param(facts(16, C.SIZE_FIT), "NR_EXPIRED", "15", id="nr-all-expired-15"),
        pytest.param(facts(3, C.QUALITY_DEFECT), "DEF_REFUND", "30", id="def-refund-30"),
        pytest.param(facts(3, C.QUALITY_DEFECT), "DEF_REPAIR", "90", id="def-repair-90"),
        pytest.param(facts(91, C.QUALITY_DEFECT), "DEF_EXPIRED", "90", id="def-expired-90"),
    ],
)
def test_reasons_name_the_days(policy: Policy, f: LineFacts, rule_id: str, number: str) -> None:
    hit = next(h for h in policy.evaluate_line(f).rules if h.rule_id == rule_id)
    assert f"{number}天" in hit.reason_zh
    assert f"{number} days" in hit.reason_en


def _with(policy_text: str, **defect: int) -> Policy:
    data = tomllib.loads(policy_text)
    data["defect"].update(defect)
    return Policy.from_mapping(data)


@pytest.mark.parametrize(
    ("windows", "suggested"),
    [
        pytest.param({}, REFUND, id="refund-first"),
        pytest.param(dict(refund_days=10), EXCHANGE, id="then-exchange"),
        pytest.param(dict(refund_days=10, exchange_days=10), REPAIR, id="then-repair"),
        pytest.param(
            dict(refund_days=10, exchange_days=10, repair_days=10, compensation_days=90),
            COMP,
            id="then-compensation",
        ),
        pytest.param(
            dict(refund_days=10, exchange_days=10, repair_days=10, compensation_days=10),
            REJECT,
            id="else-reject",
        ),
    ],
)
def test_fallback_order(
    default_policy_text: str, windows: dict[str, int], suggested: Resolution
) -> None:
    """Day 20 of a defect the customer wants nothing in particular for."""
    policy = _with(default_policy_text, **windows)
    assert policy.evaluate_line(facts(20, C.QUALITY_DEFECT, wanted=None)).suggested is suggested


# -- approval -------------------------------------------------------------------------


def _outcomes(policy: Policy, spec: str) -> list[LineOutcome]:
    """Build outcomes from a compact spec, so the table below stays readable."""
    defect = policy.evaluate_line(facts(3, C.QUALITY_DEFECT))
    nr_day10 = policy.evaluate_line(facts(10, C.SIZE_FIT))
    service = policy.evaluate_line(facts(3, C.SERVICE_COMPLAINT))
    other = policy.evaluate_line(facts(3, C.OTHER))
    not_found = policy.evaluate_line(facts(3, C.QUALITY_DEFECT, damage=DamageType.NONE))
    return {
        "refund-100000": [LineOutcome(defect, REFUND, refund_fen=100000)],
        "refund-100001": [LineOutcome(defect, REFUND, refund_fen=100001)],
        "refund-two-lines-100001": [
            LineOutcome(defect, REFUND, refund_fen=50000),
            LineOutcome(defect, REFUND, refund_fen=50001),
        ],
        "compensation-20000": [LineOutcome(defect, COMP, compensation_fen=20000)],
        "compensation-20001": [LineOutcome(defect, COMP, compensation_fen=20001)],
        "refund-outside-policy": [LineOutcome(nr_day10, REFUND, refund_fen=9900)],
        "exchange-within-policy": [LineOutcome(nr_day10, EXCHANGE)],
        "liability-override": [LineOutcome(defect, REPAIR, liability_overridden=True)],
        "service-compensation": [LineOutcome(service, COMP, compensation_fen=5000)],
        "service-rejected": [LineOutcome(service, REJECT)],
        "other-refund": [LineOutcome(other, REFUND, refund_fen=1000)],
        "other-rejected": [LineOutcome(other, REJECT)],
        "not-found-refund": [LineOutcome(not_found, REFUND, refund_fen=1000)],
        "refund-and-compensation": [
            LineOutcome(defect, REFUND, refund_fen=100001),
            LineOutcome(defect, COMP, compensation_fen=30000),
        ],
    }[spec]


@pytest.mark.parametrize(
    ("spec", "reasons"),
    [
        pytest.param("refund-100000", (), id="refund-exactly-1000-yuan-no-approval"),
        pytest.param("refund-100001", ("APPROVAL_REFUND",), id="refund-above-1000-yuan"),
        pytest.param(
            "refund-two-lines-100001", ("APPROVAL_REFUND",), id="refund-limit-is-per-case"
        ),
        pytest.param("compensation-20000", (), id="compensation-exactly-200-yuan"),
        pytest.param(
            "compensation-20001", ("APPROVAL_COMPENSATION",), id="compensation-above-200-yuan"
        ),
        pytest.param(
            "refund-outside-policy", ("APPROVAL_OVERRIDE",), id="resolution-outside-allowed"
        ),
        pytest.param("exchange-within-policy", (), id="resolution-inside-allowed"),
        pytest.param("liability-override", ("APPROVAL_OVERRIDE",), id="liability-override"),
        pytest.param("service-compensation", ("SERVICE",), id="service-compensation"),
        pytest.param("service-rejected", (), id="service-rejected-no-approval"),
        pytest.param("other-refund", ("APPROVAL_OVERRIDE", "OTHER"), id="other-refund"),
        pytest.param("other-rejected", (), id="other-rejected-no-approval"),
        pytest.param(
            "not-found-refund", ("APPROVAL_OVERRIDE", "DEF_NOT_FOUND"), id="defect-not-found-refund"
        ),
        pytest.param(
            "refund-and-compensation",
            ("APPROVAL_REFUND", "APPROVAL_COMPENSATION"),
            id="both-limits",
        ),
    ],
)
def test_approval(policy: Policy, spec: str, reasons: tuple[str, ...]) -> None:
    hits = policy.approval_reasons(_outcomes(policy, spec))
    assert tuple(h.rule_id for h in hits) == reasons
    for h in hits:
        assert CJK.search(h.reason_zh) and h.reason_en


def test_approval_reason_names_amount_and_limit(policy: Policy) -> None:
    (hit,) = policy.approval_reasons(_outcomes(policy, "refund-100001"))
    assert "¥1,000.01" in hit.reason_zh and "¥1,000.00" in hit.reason_zh
    assert "¥1,000.01" in hit.reason_en and "¥1,000.00" in hit.reason_en
    (hit,) = policy.approval_reasons(_outcomes(policy, "compensation-20001"))
    assert "¥200.01" in hit.reason_en and "¥200.00" in hit.reason_en


def test_override_needs_no_approval_when_the_policy_says_so(default_policy_text: str) -> None:
    data = tomllib.loads(default_policy_text)
    data["approval"]["on_override"] = False
    policy = Policy.from_mapping(data)
    assert policy.approval_reasons(_outcomes(policy, "refund-outside-policy")) == ()
    assert policy.approval_reasons(_outcomes(policy, "liability-override")) == ()


# -- the file -------------------------------------------------------------------------


def test_default_policy_file(policy: Policy) -> None:
    assert policy.version == "2026.1"
    assert (policy.no_reason.refund_days, policy.no_reason.exchange_days) == (7, 15)
    assert (policy.defect.refund_days, policy.defect.repair_days) == (30, 90)
    assert (policy.refund_above_fen, policy.compensation_above_fen) == (100000, 20000)
    assert policy.approval_on_override is True


def test_shipped_policy_loads_through_the_package(policy: Policy) -> None:
    """What the till loads at start is the policy these tests check."""
    assert load_default_policy() == policy


def _mutate(text: str, change: Any) -> dict[str, Any]:
    data = copy.deepcopy(tomllib.loads(text))
    change(data)
    return data


BAD_POLICIES = [
    ("version-missing", lambda d: d.pop("version"), "version"),
    (
        "refund-days-text",
        lambda d: d["no_reason"].update(refund_days="seven"),
        "no_reason.refund_days",
    ),
    (
        "refund-days-negative",
        lambda d: d["no_reason"].update(refund_days=-1),
        "no_reason.refund_days",
    ),
    (
        "refund-days-bool",
        lambda d: d["no_reason"].update(refund_days=True),
        "no_reason.refund_days",
    ),
    ("repair-days-too-many", lambda d: d["defect"].update(repair_days=3651), "defect.repair_days"),
    (
        "exchange-days-missing",
        lambda d: d["no_reason"].pop("exchange_days"),
        "no_reason.exchange_days",
    ),
    (
        "amount-float",
        lambda d: d["approval"].update(refund_above_fen=1000.0),
        "approval.refund_above_fen",
    ),
    (
        "amount-negative",
        lambda d: d["approval"].update(compensation_above_fen=-1),
        "approval.compensation_above_fen",
    ),
    ("flag-text", lambda d: d["approval"].update(on_override="yes"), "approval.on_override"),
    ("hygiene-flag-number", lambda d: d["hygiene"].update(no_reason=0), "hygiene.no_reason"),
    ("unknown-section", lambda d: d.update(loyalty={"points": 1}), "loyalty"),
    ("unknown-key", lambda d: d["approval"].update(max_items=3), "approval.max_items"),
    (
        "unknown-category",
        lambda d: d["no_reason"]["categories"].append("too_expensive"),
        "no_reason.categories",
    ),
    ("no-categories", lambda d: d["defect"].update(categories=[]), "defect.categories"),
    (
        "category-in-both",
        lambda d: d["defect"]["categories"].append("size_fit"),
        "defect.categories",
    ),
    ("section-not-a-table", lambda d: d.update(no_reason=7), "no_reason.categories"),
    ("rule-text-missing", lambda d: d["rules"]["NR_REFUND"].pop("en"), "rules.NR_REFUND.en"),
    ("rule-missing", lambda d: d["rules"].pop("HYGIENE"), "rules.HYGIENE.zh"),
    ("rule-text-blank", lambda d: d["rules"]["OTHER"].update(zh="  "), "rules.OTHER.zh"),
    ("rule-unknown", lambda d: d["rules"].update(VIP={"zh": "贵宾", "en": "VIP"}), "rules.VIP"),
    (
        "rule-bad-placeholder",
        lambda d: d["rules"]["NR_REFUND"].update(zh="{price}元"),
        "rules.NR_REFUND.zh",
    ),
    (
        "rule-positional-placeholder",
        lambda d: d["rules"]["DEF_REPAIR"].update(en="{0} days"),
        "rules.DEF_REPAIR.en",
    ),
]


@pytest.mark.parametrize(("change", "key"), [pytest.param(c, k, id=i) for i, c, k in BAD_POLICIES])
def test_bad_policy_names_the_key(default_policy_text: str, change: Any, key: str) -> None:
    with pytest.raises(PolicyError) as info:
        Policy.from_mapping(_mutate(default_policy_text, change))
    assert info.value.key == key
    assert str(info.value).startswith(f"{key}: ")


@pytest.mark.parametrize(
    ("text", "key"),
    [
        pytest.param('version = "x"\n[no_reason\n', "(file)", id="broken-toml"),
        pytest.param("", "version", id="empty-file"),
    ],
)
def test_bad_policy_text(text: str, key: str) -> None:
    with pytest.raises(PolicyError) as info:
        Policy.from_toml(text)
    assert info.value.key == key


def test_bad_toml_in_a_real_file_edit(default_policy_text: str) -> None:
    text = default_policy_text.replace("refund_days = 7", "refund_days = seven")
    with pytest.raises(PolicyError) as info:
        Policy.from_toml(text)
    assert info.value.key == "(file)"
    text = default_policy_text.replace("refund_days = 7", 'refund_days = "seven"')
    with pytest.raises(PolicyError) as info:
        Policy.from_toml(text)
    assert info.value.key == "no_reason.refund_days"


def test_rule_text_with_a_placeholder_its_rule_lacks_is_refused(
    default_policy_text: str,
) -> None:
    data = _mutate(
        default_policy_text,
        lambda d: d["rules"]["FINAL_SALE"].update(en="No returns after {days} days."),
    )
    with pytest.raises(PolicyError) as info:
        Policy.from_mapping(data)
    assert info.value.key == "rules.FINAL_SALE.en"


def test_refund_flags_are_checked(default_policy_text: str) -> None:
    data = _mutate(default_policy_text, lambda d: d["refund"].update(to_original_tender="yes"))
    with pytest.raises(PolicyError) as info:
        Policy.from_mapping(data)
    assert info.value.key == "refund.to_original_tender"


def test_stains_alone_are_no_defect_found(policy: Policy) -> None:
    """Stains and odour are signs of use: a defect claim with no damage goes to a manager."""
    v = policy.evaluate_line(LineFacts(3, ProblemCategory.QUALITY_DEFECT, stains=True, odour=True))
    assert v.rule_ids == ("DEF_NOT_FOUND",)
    assert v.needs_approval
    assert v.allowed == frozenset({Resolution.REJECT})


def test_money_back_on_an_exchange_counts_towards_the_refund_limit(policy: Policy) -> None:
    ok = policy.evaluate_line(LineFacts(3, ProblemCategory.SIZE_FIT))
    under = LineOutcome(ok, Resolution.EXCHANGE, money_back_fen=100000)
    over = LineOutcome(ok, Resolution.EXCHANGE, money_back_fen=60000)
    refund = LineOutcome(ok, Resolution.REFUND, refund_fen=40001)
    assert policy.approval_reasons([under]) == ()
    assert [h.rule_id for h in policy.approval_reasons([over, refund])] == ["APPROVAL_REFUND"]


def test_the_rule_behind_each_choice(policy: Policy) -> None:
    defect = policy.evaluate_line(
        LineFacts(40, ProblemCategory.QUALITY_DEFECT, damage=DamageType.SEAM_SPLIT)
    )
    assert [h.rule_id for h in defect.rules_for(Resolution.REPAIR)] == ["DEF_REPAIR"]
    # Day 40: a refund is outside the policy; what limits it is named.
    assert [h.rule_id for h in defect.rules_for(Resolution.REFUND)] == ["DEF_REPAIR"]
    late = policy.evaluate_line(LineFacts(8, ProblemCategory.SIZE_FIT))
    assert [h.rule_id for h in late.rules_for(Resolution.EXCHANGE)] == ["NR_EXCHANGE"]
    assert [h.rule_id for h in late.rules_for(Resolution.REJECT)] == ["NR_EXPIRED"]
    assert [h.rule_id for h in late.rules_for(Resolution.REFUND)] == ["NR_EXPIRED"]
    worn = policy.evaluate_line(LineFacts(2, ProblemCategory.CHANGED_MIND, unworn=False))
    assert [h.rule_id for h in worn.rules_for(Resolution.REFUND)] == ["NR_CONDITION"]
