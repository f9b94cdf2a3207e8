"""The return slip: the case as the printed document needs it, and writing the PDF.

Printed documents are in Chinese whatever the screen language: they are read by the
customer and filed by the store.
"""

from __future__ import annotations

from pathlib import Path

from ..config import Paths
from ..db.engine import Database
from ..domain.codes import DamageType, Liability, ProblemCategory, Resolution, Tender
from ..domain.money import format_fen
from ..domain.states import CaseStatus
from ..i18n import QT_TRANSLATE_NOOP, catalog, label
from ..printing.slip import SlipData, SlipLine, render_slip_80mm
from .auth import StaffInfo
from .cases import CaseDetail, case_detail, record_slip
from .context import TillContext

SLIP_LANGUAGE = "zh_CN"
_S = "Slip"
_TEXTS = {
    "tags_on": QT_TRANSLATE_NOOP("Slip", "tags on"),
    "tags_off": QT_TRANSLATE_NOOP("Slip", "tags missing"),
    "worn": QT_TRANSLATE_NOOP("Slip", "worn"),
    "washed": QT_TRANSLATE_NOOP("Slip", "washed"),
    "unworn": QT_TRANSLATE_NOOP("Slip", "unworn"),
    "stains": QT_TRANSLATE_NOOP("Slip", "stains"),
    "odour": QT_TRANSLATE_NOOP("Slip", "odour"),
    "batch": QT_TRANSLATE_NOOP("Slip", "batch {0}"),
    "exchange": QT_TRANSLATE_NOOP("Slip", "exchange for {0}, customer pays {1}"),
    "exchange_back": QT_TRANSLATE_NOOP("Slip", "exchange for {0}, customer gets back {1}"),
    "exchange_even": QT_TRANSLATE_NOOP("Slip", "exchange for {0}, no difference"),
    "repair": QT_TRANSLATE_NOOP("Slip", "ready on {0}"),
    "reject": QT_TRANSLATE_NOOP("Slip", "reason: {0}"),
}


def _t(key: str, *args: object) -> str:
    return catalog(SLIP_LANGUAGE).text(_S, _TEXTS[key]).format(*args)


def slip_data(till: TillContext, detail: CaseDetail) -> SlipData:
    lang = SLIP_LANGUAGE
    lines = []
    for ln in detail.lines:
        i = ln.inspection or {}
        d = ln.decision or {}
        parts = []
        if i:
            parts.append(_t("tags_on" if i["tags_attached"] else "tags_off"))
            if not i["unworn"]:
                parts.append(_t("worn"))
            if not i["unwashed"]:
                parts.append(_t("washed"))
            if i["unworn"] and i["unwashed"]:
                parts.append(_t("unworn"))
            if i["stains"]:
                parts.append(_t("stains"))
            if i["odour"]:
                parts.append(_t("odour"))
            if i["damage"] != DamageType.NONE.value:
                parts.append(label(DamageType(i["damage"]), lang))
            if i["batch"]:
                parts.append(_t("batch", i["batch"]))
        resolution = Resolution(d["resolution"]) if d else None
        amount, detail_text = 0, ""
        if resolution is Resolution.REFUND:
            amount = d["refund_fen"]
        elif resolution is Resolution.COMPENSATION:
            amount = d["compensation_fen"]
        elif resolution is Resolution.EXCHANGE:
            diff = d["price_difference_fen"]
            amount = diff
            key = "exchange" if diff > 0 else "exchange_back" if diff < 0 else "exchange_even"
            detail_text = _t(key, ln.exchange_sku or "", format_fen(abs(diff)))
        elif resolution is Resolution.REPAIR and d.get("repair_due"):
            detail_text = _t("repair", d["repair_due"].isoformat())
        elif resolution is Resolution.REJECT:
            detail_text = _t("reject", d["reject_reason"])
        lines.append(
            SlipLine(
                product_name=ln.name,
                sku=ln.sku,
                size=ln.size,
                colour=ln.colour,
                qty=ln.qty,
                problem=label(ProblemCategory(detail.category), lang),
                inspection=" · ".join(parts),
                liability=label(Liability(i["liability"]), lang) if i else "",
                decision=label(resolution, lang) if resolution else "",
                amount_fen=amount,
                detail=detail_text,
            )
        )
    reasons = []
    for ln in detail.lines:
        r = (ln.decision or {}).get("reason_zh", "")
        if r and r not in reasons:
            reasons.append(r)
    reasons.extend(r[1] for r in detail.approval_reasons if r[1] not in reasons)
    return SlipData(
        store_name=till.store_name,
        store_code=till.store_code,
        store_phone=till.store_phone,
        case_no=detail.case_no,
        created_at=detail.created_at,
        cashier_name=detail.cashier_name,
        customer_name=detail.customer_name,
        customer_phone_masked=detail.phone_masked,
        receipt_no=detail.receipt_no,
        lines=tuple(lines),
        refund_total_fen=detail.refund_total_fen,
        tender_label=label(Tender(detail.tender), lang),
        approver_name=detail.approver_name,
        rule_reason=" ".join(reasons),
        status_label=label(CaseStatus(detail.status), lang),
    )


def write_slip(
    db: Database, till: TillContext, paths: Paths, staff: StaffInfo | None, case_no: str
) -> Path:
    """Render the 80 mm return slip of a case into the slips folder and note it on the case.

    Runs on a worker thread. The case is already saved: a failure here loses nothing and
    can be retried.
    """
    detail = case_detail(db, case_no)
    target = paths.slips / f"{case_no}.pdf"
    paths.slips.mkdir(parents=True, exist_ok=True)
    render_slip_80mm(slip_data(till, detail), target)
    record_slip(db, staff, case_no, str(target))
    return target
