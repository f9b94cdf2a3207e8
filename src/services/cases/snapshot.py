"""The case as head office keeps it: the contract's snapshot, built from the records the
action read and changed (the same JSON as the columns they are saved in would give)."""

from __future__ import annotations

from typing import cast

from ...contract import (
    CaseSnapshot,
    SnapshotDecision,
    SnapshotInspection,
    SnapshotIntake,
    SnapshotLine,
)

# -- the snapshot head office keeps ----------------------------------------------------------
from .records import CaseLineRecord, CaseRecord


def snapshot(case: CaseRecord) -> CaseSnapshot:
    """The whole case as plain JSON: what head office stores for each event.

    Its keys, their order and values are the wire contract: built from the records, it
    is the same JSON as the columns they are saved in would give.
    """
    intake = case.intake
    return CaseSnapshot(
        {
            "case_no": case.case_no,
            "status": case.status.value,
            "till_no": case.till_no,
            "receipt_no": case.receipt.receipt_no,
            "policy_version": case.policy_version,
            "needs_approval": case.needs_approval,
            "created_at": case.created_at.isoformat(),
            # The columns as saved, the time as ISO 8601 (its place in the order kept).
            "intake": cast(
                SnapshotIntake, {**intake.columns(), "received_at": intake.received_at.isoformat()}
            ),
            "lines": [_line_snapshot(ln) for ln in case.lines],
        }
    )


def _line_snapshot(ln: CaseLineRecord) -> SnapshotLine:
    item = SnapshotLine(receipt_line_no=ln.line_no, sku=ln.sku, qty=ln.qty)
    if ln.inspection is not None:
        i = ln.inspection
        c = i.condition
        item["inspection"] = SnapshotInspection(
            {
                "tags_attached": c.tags_attached,
                "unworn": c.unworn,
                "unwashed": c.unwashed,
                "stains": c.stains,
                "odour": c.odour,
                "damage": c.damage.value,
                "batch": i.batch,
                "suggested_liability": i.suggested_liability.value,
                "liability": i.liability.value,
                "override_reason": i.override_reason,
            }
        )
    if ln.decision is not None:
        d = ln.decision
        item["decision"] = SnapshotDecision(
            {
                "resolution": d.resolution.value,
                "qty": d.qty,
                "refund_fen": d.refund_fen,
                "tender": d.tender.value if d.tender else None,
                "exchange_unit_price_fen": d.exchange_unit_price_fen,
                "price_difference_fen": d.price_difference_fen,
                "repair_due": d.repair_due.isoformat() if d.repair_due else None,
                "compensation_fen": d.compensation_fen,
                "reject_reason": d.reject_reason,
                "disposition": d.disposition.value if d.disposition else "",
                "within_policy": d.within_policy,
                "rule_ids": list(d.rule_ids),
            }
        )
    return item
