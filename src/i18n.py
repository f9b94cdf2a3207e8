"""Translations, without Qt: the ``.ts`` catalogues read as plain XML.

The UI's strings are English in the source and pass through Qt's ``tr()``; the Simplified
Chinese catalogue ``resources/translations/aftersales_zh_CN.ts`` (made with
``pyside6-lupdate``, filled in by hand) is read at start by :mod:`aftersales.ui.translator`.
Printed documents, which are always Chinese, read the same catalogue through
:func:`catalog`, so each word is translated once.

Labels for codes (statuses, categories, resolutions…) live in :data:`LABELS`, marked with
:func:`QT_TRANSLATE_NOOP` so that ``lupdate`` finds them.
"""

from __future__ import annotations

import functools
import xml.etree.ElementTree as ET
from enum import StrEnum

from .config import resource
from .domain.codes import (
    Channel,
    DamageType,
    Disposition,
    Liability,
    ProblemCategory,
    Resolution,
    Role,
    Tender,
)
from .domain.liability import LiabilityReason
from .domain.states import CaseStatus

LANGUAGES = {"zh_CN": "简体中文", "en": "English"}
DEFAULT_LANGUAGE = "zh_CN"
LABEL_CONTEXT = "Labels"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (Qt's name, for lupdate)
    """Mark ``text`` for translation in ``context`` without translating it here."""
    return text


class Catalog:
    """One language's translations: (context, English source) -> text."""

    def __init__(self, messages: dict[tuple[str, str], str]) -> None:
        self.messages = messages

    def get(self, context: str, source: str) -> str | None:
        return self.messages.get((context, source))

    def text(self, context: str, source: str) -> str:
        return self.messages.get((context, source)) or source

    @classmethod
    def parse(cls, data: bytes) -> Catalog:
        root = ET.fromstring(data)
        messages: dict[tuple[str, str], str] = {}
        for ctx in root.iter("context"):
            name = ctx.findtext("name") or ""
            for msg in ctx.iter("message"):
                source = msg.findtext("source")
                tr = msg.find("translation")
                if source is None or tr is None:
                    continue
                if tr.get("type") in ("unfinished", "obsolete", "vanished"):
                    continue
                text = tr.text or ""
                if text:
                    messages[(name, source)] = text
        return cls(messages)


@functools.cache
def catalog(language: str) -> Catalog:
    """The catalogue for ``language``; English is the source and has an empty catalogue."""
    if language == "en":
        return Catalog({})
    return Catalog.parse(resource("translations", f"aftersales_{language}.ts").read_bytes())


# Keyed by (enum class, value): codes of different vocabularies share values ("store" is a
# channel and a liable party; "other" a problem and a damage type), and a StrEnum member
# hashes and compares equal to its value.
LABELS: dict[tuple[type, str], str] = {
    (Channel, Channel.STORE.value): QT_TRANSLATE_NOOP("Labels", "Store counter"),
    (Channel, Channel.PHONE.value): QT_TRANSLATE_NOOP("Labels", "Phone hotline"),
    (Channel, Channel.ONLINE.value): QT_TRANSLATE_NOOP("Labels", "Online shop"),
    (Channel, Channel.WECHAT.value): QT_TRANSLATE_NOOP("Labels", "WeChat"),
    (ProblemCategory, ProblemCategory.QUALITY_DEFECT.value): QT_TRANSLATE_NOOP(
        "Labels", "Quality defect"
    ),
    (ProblemCategory, ProblemCategory.SIZE_FIT.value): QT_TRANSLATE_NOOP("Labels", "Size / fit"),
    (ProblemCategory, ProblemCategory.COLOUR_DIFFERENCE.value): QT_TRANSLATE_NOOP(
        "Labels", "Colour difference"
    ),
    (ProblemCategory, ProblemCategory.DAMAGED_IN_DELIVERY.value): QT_TRANSLATE_NOOP(
        "Labels", "Damaged in delivery"
    ),
    (ProblemCategory, ProblemCategory.CHANGED_MIND.value): QT_TRANSLATE_NOOP(
        "Labels", "Changed mind"
    ),
    (ProblemCategory, ProblemCategory.SERVICE_COMPLAINT.value): QT_TRANSLATE_NOOP(
        "Labels", "Service complaint"
    ),
    (ProblemCategory, ProblemCategory.OTHER.value): QT_TRANSLATE_NOOP("Labels", "Other"),
    (Resolution, Resolution.REFUND.value): QT_TRANSLATE_NOOP("Labels", "Refund"),
    (Resolution, Resolution.EXCHANGE.value): QT_TRANSLATE_NOOP("Labels", "Exchange"),
    (Resolution, Resolution.REPAIR.value): QT_TRANSLATE_NOOP("Labels", "Repair"),
    (Resolution, Resolution.COMPENSATION.value): QT_TRANSLATE_NOOP("Labels", "Compensation"),
    (Resolution, Resolution.REJECT.value): QT_TRANSLATE_NOOP("Labels", "Reject"),
    (DamageType, DamageType.NONE.value): QT_TRANSLATE_NOOP("Labels", "No damage"),
    (DamageType, DamageType.SEAM_SPLIT.value): QT_TRANSLATE_NOOP("Labels", "Seam split"),
    (DamageType, DamageType.HOLE.value): QT_TRANSLATE_NOOP("Labels", "Hole"),
    (DamageType, DamageType.PILLING.value): QT_TRANSLATE_NOOP("Labels", "Pilling"),
    (DamageType, DamageType.FADING.value): QT_TRANSLATE_NOOP("Labels", "Fading"),
    (DamageType, DamageType.ZIP_BUTTON.value): QT_TRANSLATE_NOOP("Labels", "Zip or button"),
    (DamageType, DamageType.PRINT_PEELING.value): QT_TRANSLATE_NOOP("Labels", "Print peeling"),
    (DamageType, DamageType.OTHER.value): QT_TRANSLATE_NOOP("Labels", "Other damage"),
    (Liability, Liability.MANUFACTURER.value): QT_TRANSLATE_NOOP("Labels", "Manufacturer"),
    (Liability, Liability.STORE.value): QT_TRANSLATE_NOOP("Labels", "Store (seller)"),
    (Liability, Liability.LOGISTICS.value): QT_TRANSLATE_NOOP("Labels", "Logistics"),
    (Liability, Liability.CUSTOMER.value): QT_TRANSLATE_NOOP("Labels", "Customer"),
    (LiabilityReason, LiabilityReason.DELIVERY_DAMAGE.value): QT_TRANSLATE_NOOP(
        "Labels", "Damaged on the way to the customer"
    ),
    (LiabilityReason, LiabilityReason.MANUFACTURING_DEFECT.value): QT_TRANSLATE_NOOP(
        "Labels", "A fault in making the garment"
    ),
    (LiabilityReason, LiabilityReason.CUSTOMER_USE.value): QT_TRANSLATE_NOOP(
        "Labels", "Signs of wear, washing or misuse"
    ),
    (LiabilityReason, LiabilityReason.NO_REASON_RETURN.value): QT_TRANSLATE_NOOP(
        "Labels", "No-reason return: the seller bears it"
    ),
    (LiabilityReason, LiabilityReason.SELLER_DESCRIPTION.value): QT_TRANSLATE_NOOP(
        "Labels", "The product differs from how it was shown"
    ),
    (LiabilityReason, LiabilityReason.SERVICE.value): QT_TRANSLATE_NOOP(
        "Labels", "A complaint about our service"
    ),
    (LiabilityReason, LiabilityReason.DEFECT_UNCONFIRMED.value): QT_TRANSLATE_NOOP(
        "Labels", "Inspection found no defect"
    ),
    (LiabilityReason, LiabilityReason.UNCLEAR.value): QT_TRANSLATE_NOOP(
        "Labels", "Unclear: staff decide"
    ),
    (CaseStatus, CaseStatus.DRAFT.value): QT_TRANSLATE_NOOP("Labels", "Draft"),
    (CaseStatus, CaseStatus.SUBMITTED.value): QT_TRANSLATE_NOOP("Labels", "Submitted"),
    (CaseStatus, CaseStatus.AWAITING_APPROVAL.value): QT_TRANSLATE_NOOP(
        "Labels", "Awaiting approval"
    ),
    (CaseStatus, CaseStatus.APPROVED.value): QT_TRANSLATE_NOOP("Labels", "Approved"),
    (CaseStatus, CaseStatus.REJECTED.value): QT_TRANSLATE_NOOP("Labels", "Rejected by manager"),
    (CaseStatus, CaseStatus.COMPLETED.value): QT_TRANSLATE_NOOP("Labels", "Completed"),
    (CaseStatus, CaseStatus.CANCELLED.value): QT_TRANSLATE_NOOP("Labels", "Cancelled"),
    (Role, Role.CASHIER.value): QT_TRANSLATE_NOOP("Labels", "Cashier"),
    (Role, Role.MANAGER.value): QT_TRANSLATE_NOOP("Labels", "Store manager"),
    (Disposition, Disposition.BACK_TO_STOCK.value): QT_TRANSLATE_NOOP("Labels", "Back to stock"),
    (Disposition, Disposition.OUTLET.value): QT_TRANSLATE_NOOP("Labels", "To the outlet"),
    (Disposition, Disposition.REPAIR.value): QT_TRANSLATE_NOOP("Labels", "To repair"),
    (Disposition, Disposition.SUPPLIER.value): QT_TRANSLATE_NOOP("Labels", "Back to the supplier"),
    (Disposition, Disposition.DESTROY.value): QT_TRANSLATE_NOOP("Labels", "Destroy"),
    (Disposition, Disposition.CUSTOMER_KEEPS.value): QT_TRANSLATE_NOOP(
        "Labels", "Stays with the customer"
    ),
    (Tender, Tender.CASH.value): QT_TRANSLATE_NOOP("Labels", "Cash"),
    (Tender, Tender.CARD.value): QT_TRANSLATE_NOOP("Labels", "Bank card"),
    (Tender, Tender.WECHAT_PAY.value): QT_TRANSLATE_NOOP("Labels", "WeChat Pay"),
    (Tender, Tender.ALIPAY.value): QT_TRANSLATE_NOOP("Labels", "Alipay"),
}


def label_source(code: StrEnum) -> str:
    """The English source text of a code's label."""
    return LABELS.get((type(code), code.value), code.value)


def label(code: StrEnum, language: str) -> str:
    """A code's label in ``language`` (used where Qt is not, e.g. printed documents)."""
    return catalog(language).text(LABEL_CONTEXT, label_source(code))
