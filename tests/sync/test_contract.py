"""The till keeps to the wire contract (aftersales.contract) that head office checks."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sync_helpers import refund_case, refund_intake

from aftersales.contract import (
    SNAPSHOT,
    CaseSnapshot,
    EventKind,
    SnapshotDecision,
    SnapshotInspection,
    SnapshotIntake,
    SnapshotLine,
)
from aftersales.db.models import OutboxEvent
from aftersales.domain.codes import Resolution
from aftersales.services import cases


def test_every_kind_the_till_emits_is_one_head_office_takes(shop: Any) -> None:
    """A case through every transition (opened, inspected, submitted, sent for approval,
    rejected, revised, decided, approved, completed; another cancelled): each outbox event's
    kind is an EventKind, and together they are all of them. (mypy holds the services to
    EventKind too: ``CaseChange.emit`` takes nothing else.)"""
    staff, manager = shop.cashier.info, shop.manager.info
    sale = shop.sell((shop.cat.coat, 1))
    line = sale.line(shop.cat.coat).receipt_line_id
    no = cases.open_case(shop.db, shop.ctx, staff, sale.receipt_no, refund_intake(line))
    cases.record_inspection(shop.db, shop.ctx, staff, no, [cases.InspectionInput(line)])
    refund = [cases.DecisionInput(line, Resolution.REFUND)]
    assert cases.submit_case(shop.db, shop.ctx, staff, no, refund).status.value == (
        "awaiting_approval"
    )
    cases.approve_case(shop.db, manager, no, approve=False, note="改为换货")
    cases.revise_case(shop.db, staff, no)
    cases.submit_case(shop.db, shop.ctx, staff, no, refund)
    cases.approve_case(shop.db, manager, no, approve=True)
    cases.complete_case(shop.db, staff, no)
    other = shop.sell((shop.cat.tee_m, 1))
    tee = other.line(shop.cat.tee_m).receipt_line_id
    gone = cases.open_case(shop.db, shop.ctx, staff, other.receipt_no, refund_intake(tee))
    cases.cancel_case(shop.db, staff, gone, "顾客不退了")
    with shop.db.read() as s:
        kinds = set(s.scalars(select(OutboxEvent.kind).where(OutboxEvent.case_no.in_([no, gone]))))
    assert kinds == {k.value for k in EventKind}


def undeclared_keys(value: Any, shape: Any, where: str = "") -> list[str]:
    """The keys of ``value`` that its TypedDict ``shape`` does not declare, down through
    the nested snapshot parts (a line's inspection and decision, the intake)."""
    found = [f"{where}{k}" for k in value if k not in shape.__annotations__]
    for key, part in (("intake", SnapshotIntake), ("inspection", SnapshotInspection)):
        if isinstance(value.get(key), dict):
            found += undeclared_keys(value[key], part, f"{where}{key}.")
    if isinstance(value.get("decision"), dict):
        found += undeclared_keys(value["decision"], SnapshotDecision, f"{where}decision.")
    for i, line in enumerate(value.get("lines") or []):
        found += undeclared_keys(line, SnapshotLine, f"{where}lines[{i}].")
    return found


def test_the_tills_snapshot_is_the_contracts_whole(shop: Any) -> None:
    """Every event's snapshot fits CaseSnapshot, and every field the till writes is one
    it declares: none rides along only because a newer till may add fields."""
    no = refund_case(shop)
    with shop.db.read() as s:
        payloads = s.scalars(
            select(OutboxEvent.payload).where(OutboxEvent.case_no == no).order_by(OutboxEvent.seq)
        ).all()
    assert len(payloads) == 4
    for payload in payloads:
        SNAPSHOT.validate_python(payload)
        assert undeclared_keys(payload, CaseSnapshot) == []
    last = payloads[-1]
    assert last["intake"] and last["lines"][0]["inspection"] and last["lines"][0]["decision"]
