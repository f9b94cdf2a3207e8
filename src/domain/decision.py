"""What is done for each returned item (处理方案), and the checks on it.

Amounts are computed, not typed: a refund is the prorated share of what the customer
actually paid for the line (after discounts), to the original tender; an exchange's price
difference is the new items' price less that share.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .codes import Disposition, Liability, Resolution
from .money import prorate


@dataclass(frozen=True, slots=True)
class SoldLine:
    """A receipt line as the decision needs it.

    Attributes:
        qty_sold: units on the receipt.
        paid_fen: what was paid for all those units, after discounts.
        returned_qty: units already taken back by earlier cases (any till, any status
            but cancelled).
    """

    qty_sold: int
    paid_fen: int
    returned_qty: int = 0

    @property
    def returnable_qty(self) -> int:
        return max(0, self.qty_sold - self.returned_qty)

    def share_fen(self, qty: int) -> int:
        """The paid share of ``qty`` more units, prorated so no fen is lost over returns."""
        return prorate(self.paid_fen, self.qty_sold, self.returned_qty, qty)


@dataclass(frozen=True, slots=True)
class LineDecision:
    resolution: Resolution
    qty: int
    refund_fen: int = 0
    exchange_sku: str | None = None
    exchange_unit_price_fen: int = 0
    repair_due: date | None = None
    compensation_fen: int = 0
    reject_reason: str = ""

    def price_difference_fen(self, line: SoldLine) -> int:
        """For an exchange: what the customer pays (positive) or gets back (negative)."""
        if self.resolution is not Resolution.EXCHANGE:
            return 0
        return self.exchange_unit_price_fen * self.qty - line.share_fen(self.qty)

    def takes_back_goods(self) -> bool:
        """Whether the item comes back to the store (it then counts as returned)."""
        return self.resolution in (Resolution.REFUND, Resolution.EXCHANGE)


class DecisionProblem(StrEnum):
    QTY_NOT_POSITIVE = "qty_not_positive"
    QTY_ABOVE_RETURNABLE = "qty_above_returnable"
    REFUND_ABOVE_PAID = "refund_above_paid"
    REFUND_NEGATIVE = "refund_negative"
    EXCHANGE_ITEM_MISSING = "exchange_item_missing"
    REPAIR_DATE_MISSING = "repair_date_missing"
    REPAIR_DATE_PAST = "repair_date_past"
    COMPENSATION_NOT_POSITIVE = "compensation_not_positive"
    COMPENSATION_ABOVE_PAID = "compensation_above_paid"
    REJECT_REASON_MISSING = "reject_reason_missing"
    REASON_TOO_LONG = "reason_too_long"


def refund_decision(line: SoldLine, qty: int) -> LineDecision:
    """A refund of ``qty`` units for their prorated paid share."""
    return LineDecision(Resolution.REFUND, qty, refund_fen=line.share_fen(qty))


def check_decision(line: SoldLine, d: LineDecision, today: date) -> list[DecisionProblem]:
    """Everything wrong with a decision; empty when it can be saved."""
    problems: list[DecisionProblem] = []
    if d.qty <= 0:
        return [DecisionProblem.QTY_NOT_POSITIVE]
    if d.takes_back_goods() and d.qty > line.returnable_qty:
        return [DecisionProblem.QTY_ABOVE_RETURNABLE]
    if d.qty > line.qty_sold:
        return [DecisionProblem.QTY_ABOVE_RETURNABLE]
    match d.resolution:
        case Resolution.REFUND:
            if d.refund_fen < 0:
                problems.append(DecisionProblem.REFUND_NEGATIVE)
            elif d.refund_fen > line.share_fen(d.qty):
                problems.append(DecisionProblem.REFUND_ABOVE_PAID)
        case Resolution.EXCHANGE:
            if not d.exchange_sku:
                problems.append(DecisionProblem.EXCHANGE_ITEM_MISSING)
        case Resolution.REPAIR:
            if d.repair_due is None:
                problems.append(DecisionProblem.REPAIR_DATE_MISSING)
            elif d.repair_due < today:
                problems.append(DecisionProblem.REPAIR_DATE_PAST)
        case Resolution.COMPENSATION:
            if d.compensation_fen <= 0:
                problems.append(DecisionProblem.COMPENSATION_NOT_POSITIVE)
            elif d.compensation_fen > line.paid_fen * d.qty // line.qty_sold:
                problems.append(DecisionProblem.COMPENSATION_ABOVE_PAID)
        case Resolution.REJECT:
            if not d.reject_reason.strip():
                problems.append(DecisionProblem.REJECT_REASON_MISSING)
    return problems


def suggest_disposition(
    resolution: Resolution, liability: Liability | None, *, as_new: bool, hygiene: bool = False
) -> Disposition:
    """Where the item should go, from the decision and what the inspection found.

    Args:
        resolution: what is done for the customer.
        liability: who bears the problem (None before the inspection).
        as_new: tags on, unworn, unwashed, no stains, odour or damage.
        hygiene: underwear and swimwear never go back on sale once out of the store.
    """
    if resolution is Resolution.REPAIR:
        return Disposition.REPAIR
    if resolution not in (Resolution.REFUND, Resolution.EXCHANGE):
        return Disposition.CUSTOMER_KEEPS
    if liability is Liability.MANUFACTURER:
        return Disposition.SUPPLIER
    if as_new and not hygiene:
        return Disposition.BACK_TO_STOCK
    if hygiene:
        return Disposition.DESTROY
    return Disposition.OUTLET
