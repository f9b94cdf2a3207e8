"""The real head-office service on a loopback port, with store SH01 enrolled, on a SQLite
file and on PostgreSQL (``ho_database_url``)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from aftersales.domain.codes import Channel, ProblemCategory, Resolution
from aftersales.headoffice import crud
from aftersales.headoffice.core.config import Settings
from aftersales.headoffice.main import create_app
from aftersales.services import cases
from aftersales.sync.outbox import HeadOffice


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


@pytest.fixture
def head_office(tmp_path: Path, ho_database_url: str) -> Iterator[tuple[HeadOffice, Any]]:
    """The service and its app; each test using it runs on SQLite and on PostgreSQL."""
    import uvicorn

    app = create_app(Settings(tmp_path / "ho", ho_database_url))
    try:
        with app.state.sessions() as s:
            _store, token = crud.create_store(s, code="SH01", name="上海南京路店")
            s.commit()
        port = free_port()
        server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", ws="none")
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        try:
            deadline = time.monotonic() + 20
            while not server.started and time.monotonic() < deadline:
                time.sleep(0.02)
            assert server.started
            yield HeadOffice(f"http://127.0.0.1:{port}", token), app
        finally:
            server.should_exit = True
            thread.join(10)
    finally:
        # Every connection closed before the database goes (PostgreSQL: dropped after).
        app.state.engine.dispose()
