"""One item of a case, inspected and decided: the values to store, computed before any write.

The services load a case, call these pure functions for each line and only then write what
they return (the OCA rma ``_prepare_*_vals`` idea): a refused line writes nothing, and the
same inputs always give the same record.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from enum import StrEnum

from .codes import DamageType, Disposition, Liability, ProblemCategory, Resolution, Tender
from .decision import DecisionProblem, LineDecision, SoldLine, check_decision, suggest_disposition
from .liability import LiabilityReason, suggest_liability
from .policy import LineOutcome, LineVerdict, Policy


class InspectionProblem(StrEnum):
    OVERRIDE_REASON_MISSING = "override_reason_missing"
    LINE_MISSING = "line_missing"
    BATCH_TOO_LONG = "batch_too_long"
    REASON_TOO_LONG = "reason_too_long"


@dataclass(frozen=True, slots=True)
class Condition:
    """What staff found on the item (验货)."""

    tags_attached: bool = True
    unworn: bool = True
    unwashed: bool = True
    stains: bool = False
    odour: bool = False
    damage: DamageType = DamageType.NONE


@dataclass(frozen=True, slots=True)
class InspectionRecord:
    """An item's saved inspection: its condition and who bears the problem."""

    condition: Condition
    suggested_liability: Liability
    suggested_reason: LiabilityReason
    liability: Liability
    batch: str = ""
    photo_path: str | None = None
    override_reason: str = ""

    @property
    def overridden(self) -> bool:
        """Staff chose another party than the rules suggested (a manager approves)."""
        return self.liability is not self.suggested_liability

    # The condition's fields, read through (screens and documents read them flat).
    @property
    def tags_attached(self) -> bool:
        return self.condition.tags_attached

    @property
    def unworn(self) -> bool:
        return self.condition.unworn

    @property
    def unwashed(self) -> bool:
        return self.condition.unwashed

    @property
    def stains(self) -> bool:
        return self.condition.stains

    @property
    def odour(self) -> bool:
        return self.condition.odour

    @property
    def damage(self) -> DamageType:
        return self.condition.damage


def inspect_line(
    category: ProblemCategory,
    condition: Condition,
    *,
    liability: Liability | None = None,
    override_reason: str = "",
    batch: str = "",
    photo_path: str | None = None,
) -> InspectionRecord | InspectionProblem:
    """The inspection to save: the rules' suggestion, and staff's choice (None confirms the
    suggestion; another party needs a reason)."""
    sug = suggest_liability(
        category,
        damage=condition.damage,
        stains=condition.stains,
        odour=condition.odour,
        unworn=condition.unworn,
        unwashed=condition.unwashed,
    )
    chosen = liability or sug.party
    reason = override_reason.strip() if chosen is not sug.party else ""
    if chosen is not sug.party and not reason:
        return InspectionProblem.OVERRIDE_REASON_MISSING
    return InspectionRecord(
        condition=condition,
        suggested_liability=sug.party,
        suggested_reason=sug.reason,
        liability=chosen,
        batch=batch.strip(),
        photo_path=photo_path,
        override_reason=reason,
    )


def disposition_for(
    policy: Policy, resolution: Resolution, inspection: InspectionRecord | None, *, hygiene: bool
) -> Disposition:
    """Where an item should go, from the decision and its saved inspection."""
    as_new = inspection is not None and policy.as_new(**asdict(inspection.condition))
    return suggest_disposition(
        resolution, inspection.liability if inspection else None, as_new=as_new, hygiene=hygiene
    )


@dataclass(frozen=True, slots=True)
class DecisionRecord:
    """An item's saved decision (处理方案) with the rules behind it."""

    resolution: Resolution
    qty: int
    refund_fen: int
    tender: Tender | None
    exchange_sku: str | None
    exchange_unit_price_fen: int
    price_difference_fen: int
    repair_due: date | None
    compensation_fen: int
    reject_reason: str
    disposition: Disposition | None  # None: decided before dispositions were recorded
    within_policy: bool
    rule_ids: tuple[str, ...]
    reason_zh: str
    reason_en: str


@dataclass(frozen=True, slots=True)
class DecisionChoice:
    """What staff chose for one item on the decision screen."""

    resolution: Resolution
    exchange_sku: str | None = None
    repair_due: date | None = None
    compensation_fen: int = 0
    reject_reason: str = ""
    disposition: Disposition | None = None  # None: the suggested one


@dataclass(frozen=True, slots=True)
class DecidedLine:
    record: DecisionRecord
    outcome: LineOutcome  # as the approval check reads it


def decide_line(
    policy: Policy,
    verdict: LineVerdict,
    choice: DecisionChoice,
    *,
    sold: SoldLine,
    qty: int,
    returnable_qty: int,
    exchange_unit_price_fen: int | None,
    inspection: InspectionRecord | None,
    hygiene: bool,
    tender: Tender,
    today: date,
) -> DecidedLine | list[DecisionProblem]:
    """The decision to save for one item, or what is wrong with it.

    Args:
        sold: the receipt line, with what earlier cases took back (for proration).
        qty: the units this case holds of the line.
        returnable_qty: what is still returnable of the line, other open cases counted.
        exchange_unit_price_fen: the new item's price, None if its SKU is not known.
    """
    r = choice.resolution
    if qty > returnable_qty and r in (Resolution.REFUND, Resolution.EXCHANGE):
        return [DecisionProblem.QTY_ABOVE_RETURNABLE]
    price = 0
    if r is Resolution.EXCHANGE and choice.exchange_sku:
        if exchange_unit_price_fen is None:
            return [DecisionProblem.EXCHANGE_ITEM_MISSING]
        price = exchange_unit_price_fen
    ld = LineDecision(
        resolution=r,
        qty=qty,
        refund_fen=sold.share_fen(qty) if r is Resolution.REFUND else 0,
        exchange_sku=choice.exchange_sku,
        exchange_unit_price_fen=price,
        repair_due=choice.repair_due,
        compensation_fen=choice.compensation_fen,
        reject_reason=choice.reject_reason,
    )
    problems = check_decision(sold, ld, today)
    if problems:
        return problems
    difference = ld.price_difference_fen(sold)
    behind = verdict.rules_for(r)
    record = DecisionRecord(
        resolution=r,
        qty=qty,
        refund_fen=ld.refund_fen,
        tender=tender if r is Resolution.REFUND else None,
        exchange_sku=choice.exchange_sku if r is Resolution.EXCHANGE else None,
        exchange_unit_price_fen=price,
        price_difference_fen=difference,
        repair_due=choice.repair_due if r is Resolution.REPAIR else None,
        compensation_fen=choice.compensation_fen if r is Resolution.COMPENSATION else 0,
        reject_reason=choice.reject_reason.strip(),
        disposition=choice.disposition or disposition_for(policy, r, inspection, hygiene=hygiene),
        # Days since the sale that cannot be counted on put nothing within the policy.
        within_policy=r in verdict.allowed and not verdict.date_doubted,
        rule_ids=tuple(h.rule_id for h in behind),
        reason_zh=" ".join(h.reason_zh for h in behind),
        reason_en=" ".join(h.reason_en for h in behind),
    )
    outcome = LineOutcome(
        verdict,
        r,
        ld.refund_fen,
        ld.compensation_fen,
        inspection is not None and inspection.overridden,
        max(0, -difference),
    )
    return DecidedLine(record, outcome)
