"""The real head-office service on a loopback port, with store SH01 enrolled, on a SQLite
file and on PostgreSQL (``ho_database_url``)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from faultproxy import FaultProxy
from sync_helpers import free_port

from aftersales.headoffice import crud
from aftersales.headoffice.core.config import Settings
from aftersales.headoffice.main import create_app
from aftersales.sync.outbox import HeadOffice


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


@pytest.fixture
def proxy(head_office: Any) -> Iterator[FaultProxy]:
    office, _app = head_office
    with FaultProxy(urlsplit(office.url).port or 0) as p:
        yield p


@pytest.fixture
def via(head_office: Any, proxy: FaultProxy) -> HeadOffice:
    """Head office as the till reaches it: through the proxy."""
    office, _app = head_office
    return HeadOffice(proxy.url, office.token)
