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


LABELS: dict[StrEnum, str] = {
    Channel.STORE: QT_TRANSLATE_NOOP("Labels", "Store counter"),
    Channel.PHONE: QT_TRANSLATE_NOOP("Labels", "Phone hotline"),
    Channel.ONLINE: QT_TRANSLATE_NOOP("Labels", "Online shop"),
    Channel.WECHAT: QT_TRANSLATE_NOOP("Labels", "WeChat"),
    ProblemCategory.QUALITY_DEFECT: QT_TRANSLATE_NOOP("Labels", "Quality defect"),
    ProblemCategory.SIZE_FIT: QT_TRANSLATE_NOOP("Labels", "Size / fit"),
    ProblemCategory.COLOUR_DIFFERENCE: QT_TRANSLATE_NOOP("Labels", "Colour difference"),
    ProblemCategory.DAMAGED_IN_DELIVERY: QT_TRANSLATE_NOOP("Labels", "Damaged in delivery"),
    ProblemCategory.CHANGED_MIND: QT_TRANSLATE_NOOP("Labels", "Changed mind"),
    ProblemCategory.SERVICE_COMPLAINT: QT_TRANSLATE_NOOP("Labels", "Service complaint"),
    ProblemCategory.OTHER: QT_TRANSLATE_NOOP("Labels", "Other"),
    Resolution.REFUND: QT_TRANSLATE_NOOP("Labels", "Refund"),
    Resolution.EXCHANGE: QT_TRANSLATE_NOOP("Labels", "Exchange"),
    Resolution.REPAIR: QT_TRANSLATE_NOOP("Labels", "Repair"),
    Resolution.COMPENSATION: QT_TRANSLATE_NOOP("Labels", "Compensation"),
    Resolution.REJECT: QT_TRANSLATE_NOOP("Labels", "Reject"),
    DamageType.NONE: QT_TRANSLATE_NOOP("Labels", "No damage"),
    DamageType.SEAM_SPLIT: QT_TRANSLATE_NOOP("Labels", "Seam split"),
    DamageType.HOLE: QT_TRANSLATE_NOOP("Labels", "Hole"),
    DamageType.PILLING: QT_TRANSLATE_NOOP("Labels", "Pilling"),
    DamageType.FADING: QT_TRANSLATE_NOOP("Labels", "Fading"),
    DamageType.ZIP_BUTTON: QT_TRANSLATE_NOOP("Labels", "Zip or button"),
    DamageType.PRINT_PEELING: QT_TRANSLATE_NOOP("Labels", "Print peeling"),
    DamageType.OTHER: QT_TRANSLATE_NOOP("Labels", "Other damage"),
    Liability.MANUFACTURER: QT_TRANSLATE_NOOP("Labels", "Manufacturer"),
    Liability.STORE: QT_TRANSLATE_NOOP("Labels", "Store (seller)"),
    Liability.LOGISTICS: QT_TRANSLATE_NOOP("Labels", "Logistics"),
    Liability.CUSTOMER: QT_TRANSLATE_NOOP("Labels", "Customer"),
    LiabilityReason.DELIVERY_DAMAGE: QT_TRANSLATE_NOOP("Labels", "Damaged on the way to the customer"),
    LiabilityReason.MANUFACTURING_DEFECT: QT_TRANSLATE_NOOP("Labels", "A fault in making the garment"),
    LiabilityReason.CUSTOMER_USE: QT_TRANSLATE_NOOP("Labels", "Signs of wear, washing or misuse"),
    LiabilityReason.NO_REASON_RETURN: QT_TRANSLATE_NOOP("Labels", "No-reason return: the seller bears it"),
    LiabilityReason.SELLER_DESCRIPTION: QT_TRANSLATE_NOOP("Labels", "The product differs from how it was shown"),
    LiabilityReason.SERVICE: QT_TRANSLATE_NOOP("Labels", "A complaint about our service"),
    LiabilityReason.DEFECT_UNCONFIRMED: QT_TRANSLATE_NOOP("Labels", "Inspection found no defect"),
    LiabilityReason.UNCLEAR: QT_TRANSLATE_NOOP("Labels", "Unclear: staff decide"),
    CaseStatus.DRAFT: QT_TRANSLATE_NOOP("Labels", "Draft"),
    CaseStatus.SUBMITTED: QT_TRANSLATE_NOOP("Labels", "Submitted"),
    CaseStatus.AWAITING_APPROVAL: QT_TRANSLATE_NOOP("Labels", "Awaiting approval"),
    CaseStatus.APPROVED: QT_TRANSLATE_NOOP("Labels", "Approved"),
    CaseStatus.REJECTED: QT_TRANSLATE_NOOP("Labels", "Rejected by manager"),
    CaseStatus.COMPLETED: QT_TRANSLATE_NOOP("Labels", "Completed"),
    CaseStatus.CANCELLED: QT_TRANSLATE_NOOP("Labels", "Cancelled"),
    Role.CASHIER: QT_TRANSLATE_NOOP("Labels", "Cashier"),
    Role.MANAGER: QT_TRANSLATE_NOOP("Labels", "Store manager"),
    Tender.CASH: QT_TRANSLATE_NOOP("Labels", "Cash"),
    Tender.CARD: QT_TRANSLATE_NOOP("Labels", "Bank card"),
    Tender.WECHAT_PAY: QT_TRANSLATE_NOOP("Labels", "WeChat Pay"),
    Tender.ALIPAY: QT_TRANSLATE_NOOP("Labels", "Alipay"),
}


def label_source(code: StrEnum) -> str:
    """The English source text of a code's label."""
    return LABELS.get(code, code.value)


def label(code: StrEnum, language: str) -> str:
    """A code's label in ``language`` (used where Qt is not, e.g. printed documents)."""
    return catalog(language).text(LABEL_CONTEXT, label_source(code))
