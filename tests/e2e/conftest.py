"""The real main window on a real demo database, offscreen."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("AFTERSALES_NO_ERR_WINDOWS", "1")

from aftersales.config import Paths  # noqa: E402
from aftersales.db.engine import Database  # noqa: E402
from aftersales.db.migrate import upgrade  # noqa: E402
from aftersales.domain.clock import local_date, now_utc  # noqa: E402
from aftersales.services.demo import ensure_demo  # noqa: E402


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One seeded demo database, copied for each test (seeding takes a few seconds)."""
    d = tmp_path_factory.mktemp("demo-template")
    paths = Paths(d).ensure()
    db = Database(paths.database)
    upgrade(db.engine, paths.database, paths.backups)
    ensure_demo(db, local_date(now_utc()))
    with db.engine.connect() as c:
        c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    return paths.database


@pytest.fixture
def demo_paths(tmp_path: Path, demo_template: Path) -> Paths:
    paths = Paths(tmp_path / "data").ensure()
    shutil.copyfile(demo_template, paths.database)
    # No head office: a demo till would otherwise send to the demo head office's port.
    (paths.data_dir / "settings.ini").write_text("[sync]\nurl=\n", "utf-8")
    return paths


@pytest.fixture
def window(qtbot, demo_paths: Paths) -> Iterator[object]:  # type: ignore[no-untyped-def]
    from aftersales.ui import worker
    from aftersales.ui.app import build_window

    w = build_window(demo_paths, demo=True)
    qtbot.addWidget(w)
    w.show()
    w.focus_scan()
    qtbot.waitUntil(lambda: w.desk.is_ready and w.desk.staff is not None, timeout=20000)
    yield w
    qtbot.waitUntil(lambda: not worker.busy(), timeout=10000)
    if w.desk.db is not None:
        w.desk.db.dispose()


@pytest.fixture
def db(window) -> Database:  # type: ignore[no-untyped-def]
    return window.desk.db
