"""The closed vocabularies of a case, as string enums stored by value."""

from __future__ import annotations

from enum import StrEnum


class Channel(StrEnum):
    STORE = "store"
    PHONE = "phone"
    ONLINE = "online"
    WECHAT = "wechat"


class ProblemCategory(StrEnum):
    QUALITY_DEFECT = "quality_defect"
    SIZE_FIT = "size_fit"
    COLOUR_DIFFERENCE = "colour_difference"
    DAMAGED_IN_DELIVERY = "damaged_in_delivery"
    CHANGED_MIND = "changed_mind"
    SERVICE_COMPLAINT = "service_complaint"
    OTHER = "other"


class Resolution(StrEnum):
    """What is done for a line; the customer's wish uses the first four."""

    REFUND = "refund"
    EXCHANGE = "exchange"
    REPAIR = "repair"
    COMPENSATION = "compensation"
    REJECT = "reject"


TAKES_BACK = frozenset({Resolution.REFUND, Resolution.EXCHANGE})
"""Resolutions by which the goods come back to the store: the line's quantity counts as
returned (a line not decided yet counts too, until its case is cancelled)."""

# Order in which a resolution is suggested when the customer's wish is not allowed.
RESOLUTION_PREFERENCE = (
    Resolution.REFUND,
    Resolution.EXCHANGE,
    Resolution.REPAIR,
    Resolution.COMPENSATION,
)


class DamageType(StrEnum):
    NONE = "none"
    SEAM_SPLIT = "seam_split"
    HOLE = "hole"
    PILLING = "pilling"
    FADING = "fading"
    ZIP_BUTTON = "zip_button"
    PRINT_PEELING = "print_peeling"
    OTHER = "other"


# Damage that comes from making the garment, not from wearing it.
MANUFACTURING_DAMAGE = frozenset(
    {
        DamageType.SEAM_SPLIT,
        DamageType.PILLING,
        DamageType.FADING,
        DamageType.ZIP_BUTTON,
        DamageType.PRINT_PEELING,
    }
)


class Liability(StrEnum):
    MANUFACTURER = "manufacturer"
    STORE = "store"
    LOGISTICS = "logistics"
    CUSTOMER = "customer"


class Role(StrEnum):
    CASHIER = "cashier"
    MANAGER = "manager"


class Tender(StrEnum):
    CASH = "cash"
    CARD = "card"
    WECHAT_PAY = "wechat_pay"
    ALIPAY = "alipay"


class Disposition(StrEnum):
    """Where a returned item goes after the counter (处置方式)."""

    BACK_TO_STOCK = "back_to_stock"
    OUTLET = "outlet"
    REPAIR = "repair"
    SUPPLIER = "supplier"
    DESTROY = "destroy"
    CUSTOMER_KEEPS = "customer_keeps"  # nothing comes back (repair returned, compensation, reject)
