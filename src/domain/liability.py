"""Who bears the cost of a problem (责任判定): the rules' suggestion, which staff confirm.

An override of the suggestion needs a reason and a manager's approval; both are audited
by the service that records it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .codes import MANUFACTURING_DAMAGE, DamageType, Liability, ProblemCategory


class LiabilityReason(StrEnum):
    """Why the rules suggest a party; the UI words each code."""

    DELIVERY_DAMAGE = "delivery_damage"
    MANUFACTURING_DEFECT = "manufacturing_defect"
    CUSTOMER_USE = "customer_use"
    NO_REASON_RETURN = "no_reason_return"
    SELLER_DESCRIPTION = "seller_description"
    SERVICE = "service"
    DEFECT_UNCONFIRMED = "defect_unconfirmed"
    UNCLEAR = "unclear"


@dataclass(frozen=True, slots=True)
class LiabilitySuggestion:
    party: Liability
    reason: LiabilityReason


def suggest_liability(
    category: ProblemCategory,
    *,
    damage: DamageType = DamageType.NONE,
    stains: bool = False,
    odour: bool = False,
    unworn: bool = True,
    unwashed: bool = True,
) -> LiabilitySuggestion:
    """Suggest the liable party from the problem and what the inspection found."""
    used = stains or odour or not unwashed
    if category is ProblemCategory.DAMAGED_IN_DELIVERY:
        return LiabilitySuggestion(Liability.LOGISTICS, LiabilityReason.DELIVERY_DAMAGE)
    if category is ProblemCategory.QUALITY_DEFECT:
        if damage in MANUFACTURING_DAMAGE:
            return LiabilitySuggestion(Liability.MANUFACTURER, LiabilityReason.MANUFACTURING_DEFECT)
        if used or damage is DamageType.HOLE:
            return LiabilitySuggestion(Liability.CUSTOMER, LiabilityReason.CUSTOMER_USE)
        if damage is DamageType.NONE:
            return LiabilitySuggestion(Liability.CUSTOMER, LiabilityReason.DEFECT_UNCONFIRMED)
        return LiabilitySuggestion(Liability.MANUFACTURER, LiabilityReason.UNCLEAR)
    if used or damage is not DamageType.NONE or not unworn:
        return LiabilitySuggestion(Liability.CUSTOMER, LiabilityReason.CUSTOMER_USE)
    if category is ProblemCategory.COLOUR_DIFFERENCE:
        return LiabilitySuggestion(Liability.STORE, LiabilityReason.SELLER_DESCRIPTION)
    if category is ProblemCategory.SERVICE_COMPLAINT:
        return LiabilitySuggestion(Liability.STORE, LiabilityReason.SERVICE)
    if category in (ProblemCategory.SIZE_FIT, ProblemCategory.CHANGED_MIND):
        return LiabilitySuggestion(Liability.STORE, LiabilityReason.NO_REASON_RETURN)
    return LiabilitySuggestion(Liability.STORE, LiabilityReason.UNCLEAR)
