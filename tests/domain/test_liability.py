"""Who bears the cost (责任判定): the rules' suggestion per problem and inspection."""

from __future__ import annotations

from typing import Any

import pytest

from aftersales.domain.codes import DamageType, Liability, ProblemCategory
from aftersales.domain.liability import LiabilityReason, suggest_liability

C, D, L, W = ProblemCategory, DamageType, Liability, LiabilityReason

CASES: list[tuple[str, ProblemCategory, dict[str, Any], Liability, LiabilityReason]] = [
    ("delivery-damage", C.DAMAGED_IN_DELIVERY, {}, L.LOGISTICS, W.DELIVERY_DAMAGE),
    (
        "delivery-damage-even-stained",
        C.DAMAGED_IN_DELIVERY,
        {"stains": True, "damage": D.HOLE},
        L.LOGISTICS,
        W.DELIVERY_DAMAGE,
    ),
    (
        "defect-seam",
        C.QUALITY_DEFECT,
        {"damage": D.SEAM_SPLIT},
        L.MANUFACTURER,
        W.MANUFACTURING_DEFECT,
    ),
    (
        "defect-pilling",
        C.QUALITY_DEFECT,
        {"damage": D.PILLING},
        L.MANUFACTURER,
        W.MANUFACTURING_DEFECT,
    ),
    (
        "defect-fading",
        C.QUALITY_DEFECT,
        {"damage": D.FADING},
        L.MANUFACTURER,
        W.MANUFACTURING_DEFECT,
    ),
    (
        "defect-zip",
        C.QUALITY_DEFECT,
        {"damage": D.ZIP_BUTTON},
        L.MANUFACTURER,
        W.MANUFACTURING_DEFECT,
    ),
    (
        "defect-print",
        C.QUALITY_DEFECT,
        {"damage": D.PRINT_PEELING},
        L.MANUFACTURER,
        W.MANUFACTURING_DEFECT,
    ),
    (
        "defect-seam-even-washed",
        C.QUALITY_DEFECT,
        {"damage": D.SEAM_SPLIT, "unwashed": False},
        L.MANUFACTURER,
        W.MANUFACTURING_DEFECT,
    ),
    ("defect-hole", C.QUALITY_DEFECT, {"damage": D.HOLE}, L.CUSTOMER, W.CUSTOMER_USE),
    ("defect-stains", C.QUALITY_DEFECT, {"stains": True}, L.CUSTOMER, W.CUSTOMER_USE),
    ("defect-odour", C.QUALITY_DEFECT, {"odour": True}, L.CUSTOMER, W.CUSTOMER_USE),
    ("defect-washed", C.QUALITY_DEFECT, {"unwashed": False}, L.CUSTOMER, W.CUSTOMER_USE),
    (
        "defect-other-damage-used",
        C.QUALITY_DEFECT,
        {"damage": D.OTHER, "odour": True},
        L.CUSTOMER,
        W.CUSTOMER_USE,
    ),
    ("defect-nothing-found", C.QUALITY_DEFECT, {}, L.CUSTOMER, W.DEFECT_UNCONFIRMED),
    ("defect-other-damage", C.QUALITY_DEFECT, {"damage": D.OTHER}, L.MANUFACTURER, W.UNCLEAR),
    ("size-clean", C.SIZE_FIT, {}, L.STORE, W.NO_REASON_RETURN),
    ("changed-mind-clean", C.CHANGED_MIND, {}, L.STORE, W.NO_REASON_RETURN),
    ("size-worn", C.SIZE_FIT, {"unworn": False}, L.CUSTOMER, W.CUSTOMER_USE),
    ("size-washed", C.SIZE_FIT, {"unwashed": False}, L.CUSTOMER, W.CUSTOMER_USE),
    ("size-stains", C.SIZE_FIT, {"stains": True}, L.CUSTOMER, W.CUSTOMER_USE),
    ("changed-mind-odour", C.CHANGED_MIND, {"odour": True}, L.CUSTOMER, W.CUSTOMER_USE),
    ("changed-mind-hole", C.CHANGED_MIND, {"damage": D.HOLE}, L.CUSTOMER, W.CUSTOMER_USE),
    ("colour-clean", C.COLOUR_DIFFERENCE, {}, L.STORE, W.SELLER_DESCRIPTION),
    ("colour-worn", C.COLOUR_DIFFERENCE, {"unworn": False}, L.CUSTOMER, W.CUSTOMER_USE),
    ("service", C.SERVICE_COMPLAINT, {}, L.STORE, W.SERVICE),
    ("other", C.OTHER, {}, L.STORE, W.UNCLEAR),
    ("other-stained", C.OTHER, {"stains": True}, L.CUSTOMER, W.CUSTOMER_USE),
]


@pytest.mark.parametrize(
    ("category", "found", "party", "reason"),
    [pytest.param(*row[1:], id=row[0]) for row in CASES],
)
def test_suggestion(
    category: ProblemCategory, found: dict[str, Any], party: Liability, reason: LiabilityReason
) -> None:
    s = suggest_liability(category, **found)
    assert (s.party, s.reason) == (party, reason)
