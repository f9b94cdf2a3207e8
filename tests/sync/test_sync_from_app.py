"""The app sends its cases by itself once head office is set up in Settings, and says so."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import select

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("AFTERSALES_NO_ERR_WINDOWS", "1")

from desk_window import (  # noqa: E402
    demo_window,
    open_refund_case,
    returnable_sale,
    save_and_test,
)

from aftersales.config import Paths  # noqa: E402
from aftersales.headoffice.models import HOCase  # noqa: E402


def test_set_up_in_settings_then_cases_reach_head_office(
    qtbot: Any, tmp_path: Path, head_office: Any
) -> None:
    from aftersales.domain.clock import STORE_TZ
    from aftersales.i18n import catalog

    office, app = head_office
    with demo_window(qtbot, Paths(tmp_path / "data").ensure()) as w:
        w.show_settings()
        settings = w.view("settings")
        # A manager gives their PIN for each change (the demo till has managers).
        said = save_and_test(qtbot, w, settings, office.url, "wrong")
        assert "令牌" in said or "token" in said
        assert "SH01" in save_and_test(qtbot, w, settings, office.url, office.token)
        # The demo's earlier cases (from till 01) are history, not this till's outbox; this
        # till's own events, once written, go by themselves. The status bar says how it went.
        with app.state.sessions() as s:
            before = len(s.scalars(select(HOCase)).all())
        sale = returnable_sale(w)
        case_no = open_refund_case(w, sale)
        states: list[Any] = []
        w.sync.state_changed.connect(states.append)
        w.on_case_opened(case_no, sale)  # as the intake screen does once the case is saved
        qtbot.waitUntil(lambda: any(x.online and x.pending == 0 for x in states), timeout=20000)
        done = next(x for x in states if x.online and x.pending == 0)
        shown = catalog("zh_CN").text("MainWindow", "Head office: sent at {0} · {1} waiting")
        fresh = catalog("zh_CN").text("MainWindow", "data up to date")
        sent_at = done.last_success.astimezone(STORE_TZ).strftime("%H:%M")
        assert w.connection_label.text() == shown.format(sent_at, 0) + " · " + fresh
        with app.state.sessions() as s:
            cases_at_ho = {c.case_no: c.status for c in s.scalars(select(HOCase))}
        assert len(cases_at_ho) == before + 1 and cases_at_ho[case_no] == "draft"
