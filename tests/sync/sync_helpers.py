"""What the sync tests share besides fixtures: a counter refund on the test shop's till, and
a free loopback port. (A module of its own, not ``conftest``: another folder's conftest
would take that name when several folders run in one pytest call.)"""

from __future__ import annotations

import socket
from typing import Any

from sqlalchemy import select

from aftersales.demo.headoffice import reference_of_till
from aftersales.domain.codes import Channel, ProblemCategory, Resolution
from aftersales.services import cases


def refund_intake(line_id: int, qty: int = 1) -> cases.IntakeInput:
    """What the customer asks at the counter: a no-reason refund of ``qty`` of one line."""
    return cases.IntakeInput(
        "张三",
        "13812345678",
        Channel.STORE,
        ProblemCategory.SIZE_FIT,
        "",
        Resolution.REFUND,
        ((line_id, qty),),
    )


def refund_case(shop: Any, sale: Any = None, *, complete: bool = True) -> str:
    """A no-reason refund of one T-shirt of ``sale`` (a new sale of one if None), opened,
    inspected, submitted and completed: four outbox events (three if not completed)."""
    if sale is None:
        sale = shop.sell((shop.cat.tee_m, 1))
    line = sale.line(shop.cat.tee_m).receipt_line_id
    staff = shop.cashier.info
    no = cases.open_case(shop.db, shop.ctx, staff, sale.receipt_no, refund_intake(line))
    cases.record_inspection(shop.db, shop.ctx, staff, no, [cases.InspectionInput(line)])
    cases.submit_case(shop.db, shop.ctx, staff, no, [cases.DecisionInput(line, Resolution.REFUND)])
    if complete:
        cases.complete_case(shop.db, staff, no)
    return no


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def publish_store(app: Any, shop: Any) -> None:
    """Head office learns the shop's products, staff and sales (as from its systems)."""
    from aftersales.headoffice.models import HOStore
    from aftersales.headoffice.reference import import_reference

    data = reference_of_till(shop.db, "SH01")
    with app.state.sessions() as s:
        store = s.scalars(select(HOStore).where(HOStore.code == "SH01")).one()
        import_reference(s, store=store, data=data)
        s.commit()
