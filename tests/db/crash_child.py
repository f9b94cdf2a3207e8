"""The till that test_crash.py kills: works cases through the real services until SIGKILL.

Run as ``python crash_child.py DB_PATH SEED``. It imports everything, says ``READY`` and
waits for ``GO`` on stdin (so the parent can start it while the previous child still runs
and pay the import time in the background), then opens the database and loops over cases:
open, inspect, submit with refund decisions, approve some of those that need a manager,
and complete when the state machine allows.

Protocol on stdout, one line per ``os.write`` so a line arrives whole or not at all:

- ``READY`` / ``RUNNING``: imported; database opened and till context loaded.
- ``BEGIN <action> <case_no or ->``: a service call is about to start.
- ``COMMITTED <case_no> <status> <n_lines> <action>``: that call returned, so its
  transaction is committed. Never written before the service function has returned.
- ``DONE <case_no>``: nothing more will be done to this case.
- ``ERROR <exception>``: a service call failed; the traceback follows on stderr.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.orm import configure_mappers

from aftersales.db.engine import Database
from aftersales.db.models import Staff
from aftersales.domain.clock import now_utc
from aftersales.domain.codes import (
    Channel,
    DamageType,
    Liability,
    ProblemCategory,
    Resolution,
    Role,
)
from aftersales.domain.decide import Condition
from aftersales.domain.states import CaseStatus
from aftersales.services.auth import StaffInfo
from aftersales.services.cases import (
    DecisionInput,
    InspectionInput,
    IntakeInput,
    approve_case,
    case_detail,
    complete_case,
    open_case,
    record_inspection,
    submit_case,
)
from aftersales.services.context import TillContext, load_default_policy, load_till_context
from aftersales.services.sales import SaleLineView, find_sale

# Receipts with anything left to return, by the same rule as sales.held_quantities.
_RETURNABLE_RECEIPTS = text(
    """
    SELECT r.receipt_no
    FROM sales_receipt r
    JOIN receipt_line rl ON rl.receipt_id = r.id
    LEFT JOIN (
        SELECT cl.receipt_line_id AS lid, SUM(cl.qty) AS held
        FROM case_line cl
        JOIN aftersales_case c ON c.id = cl.case_id
        LEFT JOIN decision d ON d.case_line_id = cl.id
        WHERE c.status != 'cancelled'
          AND (d.resolution IS NULL OR d.resolution IN ('refund', 'exchange'))
        GROUP BY cl.receipt_line_id
    ) h ON h.lid = rl.id
    GROUP BY r.id
    HAVING SUM(rl.qty - COALESCE(h.held, 0)) > 0
    ORDER BY r.id
    """
)


def say(line: str) -> None:
    # One write(2) of far less than PIPE_BUF bytes: the parent never sees half a line.
    os.write(1, (line + "\n").encode("ascii"))


def _staff(db: Database, role: Role) -> StaffInfo:
    with db.read() as s:
        row = s.scalars(select(Staff).where(Staff.role == role.value).order_by(Staff.id)).first()
        assert row is not None, f"no {role.value} in the test store"
        return StaffInfo(row.id, row.staff_no, row.name, Role(row.role))


def _receipts(db: Database) -> list[str]:
    with db.read() as s:
        return list(s.scalars(_RETURNABLE_RECEIPTS))


def _inspection(rng: random.Random, category: ProblemCategory, line_id: int) -> InspectionInput:
    if category is ProblemCategory.QUALITY_DEFECT:
        insp = InspectionInput(line_id, Condition(damage=DamageType.SEAM_SPLIT), batch="B2611")
    else:
        insp = InspectionInput(line_id)
    if rng.random() < 0.08:
        # Staff disagree with the suggested party: needs a reason, then a manager.
        return InspectionInput(
            line_id,
            insp.condition,
            batch=insp.batch,
            liability=Liability.LOGISTICS,
            override_reason="顾客称快递途中损坏",
        )
    return insp


def run_case(
    db: Database,
    ctx: TillContext,
    cashier: StaffInfo,
    manager: StaffInfo,
    rng: random.Random,
    receipt_no: str,
) -> bool:
    """One case from intake to its last step; False if the receipt has nothing left."""
    sale = find_sale(db, receipt_no, now_utc())
    if sale is None or not sale.anything_returnable:
        return False
    open_lines: list[SaleLineView] = [ln for ln in sale.lines if ln.returnable_qty > 0]
    chosen = rng.sample(open_lines, k=min(len(open_lines), rng.choice((1, 1, 2, 3))))
    picks = tuple((ln.receipt_line_id, rng.randint(1, min(2, ln.returnable_qty))) for ln in chosen)
    category = rng.choice(
        (
            ProblemCategory.SIZE_FIT,
            ProblemCategory.SIZE_FIT,
            ProblemCategory.CHANGED_MIND,
            ProblemCategory.QUALITY_DEFECT,
        )
    )
    intake = IntakeInput(
        customer_name="王女士",
        customer_phone="138 0013 8000",
        channel=Channel.STORE,
        category=category,
        description="开线" if category is ProblemCategory.QUALITY_DEFECT else "尺码不合适",
        wanted=Resolution.REFUND,
        lines=picks,
    )
    n = len(picks)

    say("BEGIN open -")
    case_no = open_case(db, ctx, cashier, receipt_no, intake)
    say(f"COMMITTED {case_no} {CaseStatus.DRAFT.value} {n} open")

    say(f"BEGIN inspect {case_no}")
    record_inspection(
        db, ctx, cashier, case_no, [_inspection(rng, category, lid) for lid, _ in picks]
    )
    say(f"COMMITTED {case_no} {CaseStatus.DRAFT.value} {n} inspect")

    say(f"BEGIN submit {case_no}")
    result = submit_case(
        db, ctx, cashier, case_no, [DecisionInput(lid, Resolution.REFUND) for lid, _ in picks]
    )
    status = result.status
    say(f"COMMITTED {case_no} {status.value} {n} submit")

    if status is CaseStatus.AWAITING_APPROVAL:
        if rng.random() < 0.5:
            say(f"DONE {case_no}")  # left for a manager who never comes
            return True
        say(f"BEGIN approve {case_no}")
        status = approve_case(db, manager, case_no, approve=True, note="同意")
        say(f"COMMITTED {case_no} {status.value} {n} approve")

    say(f"BEGIN complete {case_no}")
    status = complete_case(db, cashier, case_no)
    say(f"COMMITTED {case_no} {status.value} {n} complete")
    say(f"DONE {case_no}")
    # The screen shows the finished case again, as the desk does after completing.
    case_detail(db, case_no)
    return True


def main(argv: list[str]) -> int:
    db_path = Path(argv[1])
    rng = random.Random(int(argv[2]))
    # Work that needs no database is done before READY, while an earlier child still runs.
    configure_mappers()
    policy = load_default_policy()
    say("READY")
    if sys.stdin.readline().strip() != "GO":
        return 2
    db = Database(db_path)
    ctx = load_till_context(db, policy)
    cashier = _staff(db, Role.CASHIER)
    manager = _staff(db, Role.MANAGER)
    receipts = _receipts(db)
    say("RUNNING")
    while receipts:
        i = rng.randrange(len(receipts))
        if not run_case(db, ctx, cashier, manager, rng, receipts[i]):
            receipts[i] = receipts[-1]
            receipts.pop()
    say("EXHAUSTED")
    # Out of work: wait for the kill rather than exit, so an early exit always means an error.
    sys.stdin.readline()
    return 3


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except BaseException as e:
        if not isinstance(e, SystemExit):
            # Said at once: unwinding and printing the traceback takes long enough for the
            # parent's kill to land first and hide the error.
            say(f"ERROR {type(e).__name__}: {e}".encode("ascii", "replace").decode())
        raise
