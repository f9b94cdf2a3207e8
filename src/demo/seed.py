"""Seeding: the whole demo store into an empty database, in one go.

:func:`seed_demo` writes the store (:mod:`.store`), 120 days of sales (:mod:`.sales`) with
the training receipts among them (:mod:`.training`), and the earlier returns made at till 1
(:mod:`.returns`). The same ``(today, seed)`` always gives the same data.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from ..config import resource
from ..db.models import (
    AfterSalesCase,
    AuditEvent,
    CaseIntake,
    CaseLine,
    Decision,
    Inspection,
    ReceiptLine,
    SalesReceipt,
    Store,
)
from ..domain.policy import Policy
from .returns import ReturnsMaker
from .sales import recent_sales
from .store import create_store
from .training import TrainingSituation, training_plants

log = logging.getLogger("aftersales.demo")


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What :func:`seed_demo` wrote."""

    products: int
    styles: int
    staff: int
    receipts: int
    receipt_lines: int
    cases: int
    case_lines: int
    returned_units: int
    audit_events: int


def default_policy() -> Policy:
    """The policy shipped with the app (``resources/policy/default_policy.toml``)."""
    return Policy.from_toml(resource("policy", "default_policy.toml").read_text("utf-8"))


def seed_demo(
    session: Session,
    today: date,
    *,
    seed: int = 20261123,
    receipts: int = 2000,
    policy: Policy | None = None,
) -> DemoSummary:
    """Fill an empty, migrated database with the demo store.

    Args:
        session: a write session; the caller commits.
        today: the store's date today; sales cover ``today`` and the 119 days before.
        seed: the same ``(today, seed)`` always gives the same sales and returns.
        receipts: how many sales receipts to make (at least one per training situation).
        policy: the return policy the earlier returns were decided by (its version, rules
            and reasons are written on their cases), and whose windows place the training
            receipts (:func:`.training.training_plants`); the shipped one when None.

    Raises:
        ValueError: the database already holds a store, or ``receipts`` is too small.
    """
    if session.scalar(select(func.count()).select_from(Store)):
        raise ValueError("the database already holds a store; the demo needs an empty one")
    policy = policy or default_policy()
    plants = training_plants(policy)
    if receipts < len(plants):
        raise ValueError(f"the demo needs at least {len(plants)} receipts")
    rng = random.Random(seed)
    store = create_store(session)
    sales = recent_sales(
        rng,
        store,
        today,
        receipts=receipts,
        plants=plants,
        next_receipt_id=_next_id(session, SalesReceipt.id),
        next_line_id=_next_id(session, ReceiptLine.id),
    )

    returns = ReturnsMaker(
        rng,
        store,
        today,
        policy,
        next_case_id=_next_id(session, AfterSalesCase.id),
        next_case_line_id=_next_id(session, CaseLine.id),
    )
    partial = next(s for s in sales if s.plant == TrainingSituation.PARTLY_RETURNED)
    returns.partial_case(partial)
    # About 3 % of the other sales old enough for a return made on an earlier day.
    candidates = [s for s in sales if s.plant is None and (today - s.sale_date).days >= 2]
    wanted = round(receipts * 0.03) - 1
    made = 0
    for sale in rng.sample(candidates, len(candidates)):
        if made >= wanted:
            break
        made += returns.random_case(sale)
    rows = returns.finish()

    session.execute(insert(_table(SalesReceipt)), [s.row for s in sales])
    session.execute(insert(_table(ReceiptLine)), [ln for s in sales for ln in s.lines])
    for model, data in (
        (AfterSalesCase, rows.cases),
        (CaseIntake, rows.intakes),
        (CaseLine, rows.lines),
        (Inspection, rows.inspections),
        (Decision, rows.decisions),
        (AuditEvent, rows.events),
    ):
        if data:
            session.execute(insert(_table(model)), data)
    summary = DemoSummary(
        products=len(store.items),
        styles=len({i.style_code for i in store.items}),
        staff=len(store.staff_ids),
        receipts=len(sales),
        receipt_lines=sum(len(s.lines) for s in sales),
        cases=len(rows.cases),
        case_lines=len(rows.lines),
        returned_units=sum(cl["qty"] for cl in rows.lines),
        audit_events=len(rows.events),
    )
    log.info("seeded the demo store: %s", summary)
    return summary


def _next_id(session: Session, column: Any) -> int:
    return int(session.scalar(select(func.max(column))) or 0) + 1


def _table(model: type[Any]) -> Table:
    table: Table = model.__table__
    return table
