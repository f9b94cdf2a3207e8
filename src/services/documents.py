"""The case's documents: the return slip (store copy) and the customer receipt.

This module turns a case into what each document shows, renders it on the chosen paper
and, when asked, sends it to a print queue and notes the outcome on the case. Printed
documents are in Chinese whatever the screen language: they are read by the customer and
filed by the store. Everything here runs on worker threads.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from ..config import Paths
from ..db.engine import Database
from ..domain.clock import now_utc
from ..domain.codes import (
    DamageType,
    ProblemCategory,
    Resolution,
    Tender,
)
from ..domain.money import format_fen
from ..domain.states import CaseStatus
from ..i18n import QT_TRANSLATE_NOOP, catalog, label
from ..printing.customer_receipt import (
    CustomerReceiptData,
    CustomerReceiptLine,
    render_customer_receipt,
)
from ..printing.paper import Paper
from ..printing.queues import PrintOutcome, PrintProblem, submit_pdf
from ..printing.slip import SlipData, SlipLine, render_slip, render_slip_80mm
from .auth import StaffInfo
from .cases import CaseDetail, CaseLineDetail, case_detail
from .context import TillContext
from .print_log import prints_so_far, record_print, record_slip

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
    "test_page": QT_TRANSLATE_NOOP("Slip", "Printer test page"),
    "refund_promise": QT_TRANSLATE_NOOP(
        "Slip", "The refund reaches your original payment account within {0} working days."
    ),
    "response_promise": QT_TRANSLATE_NOOP(
        "Slip", "We answer every after-sales question within {0} hours."
    ),
    "feedback": QT_TRANSLATE_NOOP(
        "Slip", "Questions or feedback: call {0}, quoting your case number."
    ),
}

RESPONSE_HOURS = 48  # the chain's service standard (PROCESS.md)


def _t(key: str, *args: object) -> str:
    return catalog(SLIP_LANGUAGE).text(_S, _TEXTS[key]).format(*args)


def _outcome(ln: CaseLineDetail) -> tuple[Resolution | None, int, str]:
    """A line's decision as both documents print it: what, how much, and the detail."""
    d = ln.decision
    resolution = d.resolution if d else None
    amount, detail_text = 0, ""
    if d is None:
        pass
    elif resolution is Resolution.REFUND:
        amount = d.refund_fen
    elif resolution is Resolution.COMPENSATION:
        amount = d.compensation_fen
    elif resolution is Resolution.EXCHANGE:
        diff = d.price_difference_fen
        amount = diff
        key = "exchange" if diff > 0 else "exchange_back" if diff < 0 else "exchange_even"
        detail_text = _t(key, ln.exchange_sku or "", format_fen(abs(diff)))
    elif resolution is Resolution.REPAIR and d.repair_due:
        detail_text = _t("repair", d.repair_due.isoformat())
    elif resolution is Resolution.REJECT:
        detail_text = _t("reject", d.reject_reason)
    return resolution, amount, detail_text


def slip_data(till: TillContext, detail: CaseDetail, reprint: int = 0) -> SlipData:
    """The return slip (store copy) of a case; ``reprint`` > 0 marks a reprint."""
    lang = SLIP_LANGUAGE
    lines = []
    for ln in detail.lines:
        i = ln.inspection
        d = ln.decision
        parts = []
        if i:
            parts.append(_t("tags_on" if i.tags_attached else "tags_off"))
            if not i.unworn:
                parts.append(_t("worn"))
            if not i.unwashed:
                parts.append(_t("washed"))
            if i.unworn and i.unwashed:
                parts.append(_t("unworn"))
            if i.stains:
                parts.append(_t("stains"))
            if i.odour:
                parts.append(_t("odour"))
            if i.damage is not DamageType.NONE:
                parts.append(label(i.damage, lang))
            if i.batch:
                parts.append(_t("batch", i.batch))
        resolution, amount, detail_text = _outcome(ln)
        lines.append(
            SlipLine(
                product_name=ln.name,
                sku=ln.sku,
                size=ln.size,
                colour=ln.colour,
                qty=ln.qty,
                problem=label(ProblemCategory(detail.category), lang),
                inspection=" · ".join(parts),
                liability=label(i.liability, lang) if i else "",
                decision=label(resolution, lang) if resolution else "",
                amount_fen=amount,
                detail=detail_text,
                disposition=label(d.disposition, lang) if d and d.disposition else "",
            )
        )
    reasons = []
    for ln in detail.lines:
        r = ln.decision.reason_zh if ln.decision else ""
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
        reprint=reprint,
    )


def customer_receipt_data(
    till: TillContext, detail: CaseDetail, reprint: int = 0
) -> CustomerReceiptData:
    """The customer's copy: what was done, money and dates, promises; no personal data."""
    lang = SLIP_LANGUAGE
    lines = []
    difference = 0
    repair_due: str | None = None
    for ln in detail.lines:
        resolution, amount, detail_text = _outcome(ln)
        d = ln.decision
        if resolution is Resolution.EXCHANGE:
            difference += amount
        if d is not None and resolution is Resolution.REPAIR and d.repair_due:
            due = d.repair_due.isoformat()
            repair_due = max(repair_due, due) if repair_due else due
        lines.append(
            CustomerReceiptLine(
                product_name=ln.name,
                sku=ln.sku,
                size=ln.size,
                colour=ln.colour,
                qty=ln.qty,
                resolution=label(resolution, lang) if resolution else "",
                amount_fen=amount,
                detail=detail_text,
            )
        )
    refund = detail.refund_total_fen
    return CustomerReceiptData(
        store_name=till.store_name,
        store_phone=till.store_phone,
        case_no=detail.case_no,
        created_at=detail.created_at,
        status_label=label(CaseStatus(detail.status), lang),
        lines=tuple(lines),
        refunds=((label(Tender(detail.tender), lang), refund),) if refund else (),
        refund_promise=_t("refund_promise", till.policy.refund_working_days) if refund else "",
        exchange_difference_fen=difference,
        repair_due=repair_due,
        response_promise=_t("response_promise", RESPONSE_HOURS),
        feedback=_t("feedback", till.store_phone),
        reprint=reprint,
    )


class Submit(Protocol):
    """Sends a PDF to a print queue: :func:`aftersales.printing.queues.submit_pdf` (CUPS),
    or the UI's Qt path where there is no CUPS (Windows)."""

    def __call__(
        self, queue: str | None, pdf: Path, *, copies: int = ..., title: str = ...
    ) -> PrintOutcome: ...


class Document(StrEnum):
    SLIP = "slip"  # the store's copy, kept with the returned goods
    RECEIPT = "receipt"  # the customer's copy


@dataclass(frozen=True, slots=True)
class DocumentPrinter:
    """Where a document prints: a queue (None: not set up), the paper, how many copies."""

    queue: str | None
    paper: Paper = Paper.THERMAL_80
    copies: int = 1


@dataclass(frozen=True, slots=True)
class PrintResult:
    document: Document
    file: Path
    reprint: int
    outcome: PrintOutcome


def render_document(
    till: TillContext,
    detail: CaseDetail,
    document: Document,
    paper: Paper,
    folder: Path,
    reprint: int = 0,
) -> Path:
    """Write one document of a case as a PDF in ``folder`` and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    suffix = f"-r{reprint}" if reprint else ""
    target = folder / f"{detail.case_no}-{document.value}-{paper.value}{suffix}.pdf"
    if document is Document.SLIP:
        return render_slip(slip_data(till, detail, reprint), target, paper)
    return render_customer_receipt(customer_receipt_data(till, detail, reprint), target, paper)


def print_document(
    db: Database,
    till: TillContext,
    paths: Paths,
    staff: StaffInfo | None,
    case_no: str,
    document: Document,
    printer: DocumentPrinter,
    submit: Submit = submit_pdf,
) -> PrintResult:
    """Render a document and send the PDF itself to its print queue; note the outcome.

    The first print is the original; every later one is marked as a numbered reprint.
    Whatever the printer does, the case is already saved and the PDF stays in the slips
    folder, so a failed job can be retried or the file saved elsewhere.
    """
    if not printer.queue:
        # Nothing is attempted, so nothing is noted: the screen says to choose a printer.
        return PrintResult(document, Path(), 0, PrintOutcome("", None, PrintProblem.NO_PRINTER, ""))
    reprint = prints_so_far(db, case_no, document.value)
    detail = case_detail(db, case_no)
    path = render_document(till, detail, document, printer.paper, paths.slips, reprint)
    outcome = submit(
        printer.queue, path, copies=printer.copies, title=f"{case_no} {document.value}"
    )
    if outcome.ok:
        result = "printed"
    elif outcome.problem is PrintProblem.TIMEOUT:
        result = "queued"  # accepted by the queue, not finished yet: it may still print
    else:
        result = "failed"
    record_print(
        db,
        staff,
        case_no,
        document=document.value,
        paper=printer.paper.value,
        printer=printer.queue or "",
        copies=printer.copies,
        reprint=reprint,
        file=path.name,
        outcome=result,
        job_id=outcome.job_id or "",
        problem=outcome.problem.value if outcome.problem else "",
        detail=outcome.detail,
    )
    return PrintResult(document, path, reprint, outcome)


def print_test_page(
    till: TillContext | None,
    paths: Paths,
    printer: DocumentPrinter,
    document: str = "slip",
    submit: Submit = submit_pdf,
) -> PrintOutcome:
    """A one-item page in the layout of ``document`` on the chosen paper, so staff can see
    that the printer, the paper and the Chinese are right; nothing is written to a case."""
    if not printer.queue:
        return PrintOutcome("", None, PrintProblem.NO_PRINTER, "")
    store, code, phone = (
        (till.store_name, till.store_code, till.store_phone) if till else ("", "TEST", "")
    )
    title = _t("test_page")
    line = SlipLine(
        product_name=title,
        sku="TEST-0001",
        size="M",
        colour="—",
        qty=1,
        problem=title,
        inspection=title,
        liability="—",
        decision=title,
        amount_fen=0,
    )
    now = now_utc()
    target = paths.slips / f"test-page-{printer.paper.value}.pdf"
    paths.slips.mkdir(parents=True, exist_ok=True)
    render_slip(
        SlipData(
            store_name=store,
            store_code=code,
            store_phone=phone,
            case_no="TEST-PAGE",
            created_at=now,
            cashier_name="—",
            customer_name="—",
            customer_phone_masked="—",
            receipt_no="—",
            lines=(line,),
            refund_total_fen=0,
            tender_label="—",
            approver_name=None,
            rule_reason=title,
            status_label=title,
        ),
        target,
        printer.paper,
    )
    return submit(printer.queue, target, copies=1, title=f"{title} ({document})")


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
