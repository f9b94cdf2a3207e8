"""When head office comes back, the till sends at once, not at the end of its backoff.

Head office starts away (nothing listens on its port), so a sync fails and the scheduler
backs off for five minutes; then the real service starts on that port, and the case must
reach it within seconds: the scheduler's health check (or the system's "network is back"
notice) cuts the backoff short.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("AFTERSALES_NO_ERR_WINDOWS", "1")

from desk_window import demo_window, open_refund_case  # noqa: E402
from sync_helpers import free_port  # noqa: E402

from aftersales.config import Paths  # noqa: E402
from aftersales.headoffice import crud  # noqa: E402
from aftersales.headoffice.core.config import Settings  # noqa: E402
from aftersales.headoffice.main import create_app  # noqa: E402
from aftersales.headoffice.models import HOCase  # noqa: E402
from aftersales.sync import outbox  # noqa: E402


@pytest.fixture
def office_later(tmp_path: Path) -> Iterator[tuple[str, str, Any]]:
    """Head office's address, store SH01's token and the app: not serving yet."""
    app = create_app(Settings(tmp_path / "ho", f"sqlite:///{tmp_path / 'ho.sqlite3'}"))
    with app.state.sessions() as s:
        _store, token = crud.create_store(s, code="SH01", name="上海南京路店")
        s.commit()
    yield f"http://127.0.0.1:{free_port()}", token, app
    app.state.engine.dispose()


@contextmanager
def serving(app: Any, url: str) -> Iterator[None]:
    """The real service on ``url``'s port, in a thread, until the block ends."""
    import uvicorn

    port = int(url.rsplit(":", 1)[1])
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", ws="none")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started
    try:
        yield
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture
def window(qtbot: Any, tmp_path: Path, office_later: Any) -> Iterator[Any]:
    with demo_window(qtbot, Paths(tmp_path / "data").ensure()) as w:
        url, token, _app = office_later
        w.desk.set_head_office(url, token)
        yield w


def at_head_office(app: Any, case_no: str) -> bool:
    with app.state.sessions() as s:
        return s.scalar(select(HOCase.id).where(HOCase.case_no == case_no)) is not None


def fail_into_long_backoff(qtbot: Any, w: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    """A case, a sync that cannot reach head office, and a five-minute wait planned."""
    # Full jitter could draw a short wait; the worst case is what this is about.
    monkeypatch.setattr(outbox, "backoff_delay", lambda attempt, rng=None: outbox.BACKOFF_CAP_S)
    case_no = open_refund_case(w)
    with qtbot.waitSignal(
        w.sync.state_changed,
        timeout=20000,
        check_params_cb=lambda state: state.configured and state.problem == "unreachable",
    ):
        w.sync.sync_now()
    assert w.sync.backing_off and w.sync.state.pending >= 1
    assert w.sync.timer.remainingTime() > 290_000
    return case_no


def test_sends_within_seconds_once_head_office_answers_again(
    qtbot: Any, window: Any, office_later: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, _token, app = office_later
    w = window
    case_no = fail_into_long_backoff(qtbot, w, monkeypatch)
    assert w.sync.probe_timer.isActive()
    with serving(app, url):
        started = time.monotonic()
        qtbot.waitUntil(lambda: at_head_office(app, case_no), timeout=15000)
        took = time.monotonic() - started
        qtbot.waitUntil(lambda: w.sync.state.online and w.sync.state.pending == 0, timeout=10000)
    assert took < 12, took  # a health check every 5 s, then one drain; not 5 minutes
    assert not w.sync.backing_off and not w.sync.probe_timer.isActive()
    assert w.sync.timer.remainingTime() > 30_000  # back to the minute's rhythm
    assert w.online_label.text().endswith("在线")


def test_the_systems_network_is_back_notice_sends_at_once(
    qtbot: Any, window: Any, office_later: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtNetwork import QNetworkInformation

    info = QNetworkInformation.instance()
    if info is None:
        pytest.skip("no network information backend on this platform")
    url, _token, app = office_later
    w = window
    case_no = fail_into_long_backoff(qtbot, w, monkeypatch)
    w.sync.probe_timer.stop()  # only the system's notice this time
    with serving(app, url):
        # As the backend says when the network comes back.
        info.reachabilityChanged.emit(QNetworkInformation.Reachability.Online)
        qtbot.waitUntil(lambda: at_head_office(app, case_no), timeout=5000)
