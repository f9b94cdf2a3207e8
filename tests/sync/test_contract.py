"""The till keeps to the wire contract (aftersales.contract) that head office checks."""

from __future__ import annotations

import ast
from pathlib import Path

from aftersales.contract import EventKind

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
