"""The till keeps to the wire contract (aftersales.contract) that head office checks."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sync_helpers import refund_case

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

SERVICES = Path(__file__).resolve().parents[2] / "src" / "services"


def emitted_kinds() -> set[str]:
    """Every kind the till's services queue for head office: the texts in ``_emit`` calls."""
    kinds: set[str] = set()
    for path in SERVICES.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "_emit"
            ):
                kinds.update(
                    str(c.value)
                    for arg in node.args[2:]
                    for c in ast.walk(arg)
                    if isinstance(c, ast.Constant) and isinstance(c.value, str)
                )
                kinds.update(
                    f"EventKind.{a.attr}"
                    for arg in node.args[2:]
                    for a in ast.walk(arg)
                    if isinstance(a, ast.Attribute) and a.attr not in EventKind.__members__
                )
    return kinds


def test_every_kind_the_till_emits_is_one_head_office_takes() -> None:
    kinds = emitted_kinds()
    assert kinds, "no _emit call found: the till writes its outbox elsewhere now"
    assert kinds <= set(EventKind), kinds - set(EventKind)


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
