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

    def tr(self, context: str, source: str) -> str:
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


N = QT_TRANSLATE_NOOP
C = LABEL_CONTEXT
LABELS: dict[StrEnum, str] = {
    Channel.STORE: N(C, "Store counter"),
    Channel.PHONE: N(C, "Phone hotline"),
    Channel.ONLINE: N(C, "Online shop"),
    Channel.WECHAT: N(C, "WeChat"),
    ProblemCategory.QUALITY_DEFECT: N(C, "Quality defect"),
    ProblemCategory.SIZE_FIT: N(C, "Size / fit"),
    ProblemCategory.COLOUR_DIFFERENCE: N(C, "Colour difference"),
    ProblemCategory.DAMAGED_IN_DELIVERY: N(C, "Damaged in delivery"),
    ProblemCategory.CHANGED_MIND: N(C, "Changed mind"),
    ProblemCategory.SERVICE_COMPLAINT: N(C, "Service complaint"),
    ProblemCategory.OTHER: N(C, "Other"),
    Resolution.REFUND: N(C, "Refund"),
    Resolution.EXCHANGE: N(C, "Exchange"),
    Resolution.REPAIR: N(C, "Repair"),
    Resolution.COMPENSATION: N(C, "Compensation"),
    Resolution.REJECT: N(C, "Reject"),
    DamageType.NONE: N(C, "No damage"),
    DamageType.SEAM_SPLIT: N(C, "Seam split"),
    DamageType.HOLE: N(C, "Hole"),
    DamageType.PILLING: N(C, "Pilling"),
    DamageType.FADING: N(C, "Fading"),
    DamageType.ZIP_BUTTON: N(C, "Zip or button"),
    DamageType.PRINT_PEELING: N(C, "Print peeling"),
    DamageType.OTHER: N(C, "Other damage"),
    Liability.MANUFACTURER: N(C, "Manufacturer"),
    Liability.STORE: N(C, "Store (seller)"),
    Liability.LOGISTICS: N(C, "Logistics"),
    Liability.CUSTOMER: N(C, "Customer"),
    LiabilityReason.DELIVERY_DAMAGE: N(C, "Damaged on the way to the customer"),
    LiabilityReason.MANUFACTURING_DEFECT: N(C, "A fault in making the garment"),
    LiabilityReason.CUSTOMER_USE: N(C, "Signs of wear, washing or misuse"),
    LiabilityReason.NO_REASON_RETURN: N(C, "No-reason return: the seller bears it"),
    LiabilityReason.SELLER_DESCRIPTION: N(C, "The product differs from how it was shown"),
    LiabilityReason.SERVICE: N(C, "A complaint about our service"),
    LiabilityReason.DEFECT_UNCONFIRMED: N(C, "Inspection found no defect"),
    LiabilityReason.UNCLEAR: N(C, "Unclear: staff decide"),
    CaseStatus.DRAFT: N(C, "Draft"),
    CaseStatus.SUBMITTED: N(C, "Submitted"),
    CaseStatus.AWAITING_APPROVAL: N(C, "Awaiting approval"),
    CaseStatus.APPROVED: N(C, "Approved"),
    CaseStatus.REJECTED: N(C, "Rejected by manager"),
    CaseStatus.COMPLETED: N(C, "Completed"),
    CaseStatus.CANCELLED: N(C, "Cancelled"),
    Role.CASHIER: N(C, "Cashier"),
    Role.MANAGER: N(C, "Store manager"),
    Tender.CASH: N(C, "Cash"),
    Tender.CARD: N(C, "Bank card"),
    Tender.WECHAT_PAY: N(C, "WeChat Pay"),
    Tender.ALIPAY: N(C, "Alipay"),
}
del N, C


def label_source(code: StrEnum) -> str:
    """The English source text of a code's label."""
    return LABELS.get(code, code.value)


def label(code: StrEnum, language: str) -> str:
    """A code's label in ``language`` (used where Qt is not, e.g. printed documents)."""
    return catalog(language).tr(LABEL_CONTEXT, label_source(code))
