"""What became of a case's documents: the slip file written, each printing or attempt, and
how many times a document reached a printer (for the reprint mark). Used by
:mod:`aftersales.services.documents`."""

from __future__ import annotations

from sqlalchemy import func, select

from ..db.engine import Database
from ..db.models import PrintJob
from ..domain.clock import now_utc
from .auth import StaffInfo
from .cases.store import load_case, note


def record_slip(db: Database, staff: StaffInfo | None, case_no: str, path: str) -> None:
    with db.write() as s:
        case = load_case(s, case_no)
        case.slip_path = path
        note(s, case, staff, "slip_written", detail={"file": path.rsplit("/", 1)[-1]})


def record_print(
    db: Database,
    staff: StaffInfo | None,
    case_no: str,
    *,
    document: str,
    paper: str,
    printer: str,
    copies: int,
    reprint: int,
    file: str,
    outcome: str,
    job_id: str = "",
    problem: str = "",
    detail: str = "",
) -> None:
    """Note a printing (or a failed attempt) in the case's print jobs and its timeline."""
    with db.write() as s:
        case = load_case(s, case_no)
        s.add(
            PrintJob(
                case_id=case.id,
                document=document,
                paper=paper,
                printer=printer,
                copies=copies,
                reprint=reprint,
                file=file,
                outcome=outcome,
                job_id=job_id,
                problem=problem,
                detail=detail,
                at=now_utc(),
                staff_id=staff.id if staff else None,
            )
        )
        action = "print_failed" if outcome == "failed" else ("reprint" if reprint else "print")
        note(
            s,
            case,
            staff,
            action,
            reason=detail if outcome == "failed" else "",
            detail={
                "document": document,
                "paper": paper,
                "printer": printer,
                "outcome": outcome,
                "problem": problem,
                "reprint": reprint,
            },
        )


def prints_so_far(db: Database, case_no: str, document: str) -> int:
    """How many times a document of the case reached a printer (the original included)."""
    with db.read() as s:
        case = load_case(s, case_no)
        return int(
            s.scalar(
                select(func.count())
                .select_from(PrintJob)
                .where(PrintJob.case_id == case.id)
                .where(PrintJob.document == document)
                .where(PrintJob.outcome.in_(("printed", "queued")))
            )
            or 0
        )
