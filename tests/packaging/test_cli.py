"""The `aftersales` command as IT meets it: one window per data folder, a log file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QLockFile


def run_app(data: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "aftersales", "--data-dir", str(data), "--demo", "--smoke-test"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def test_a_second_window_on_the_same_data_folder_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    held = QLockFile(str(data / "aftersales.lock"))
    assert held.tryLock(0)
    try:
        second = run_app(data)
    finally:
        held.unlock()
    assert second.returncode == 3
    assert "already running" in second.stderr or "已在运行" in second.stderr
    assert str(data) in second.stderr
    # Once the first one has gone, the app starts and says so in its log file.
    first = run_app(data)
    assert first.returncode == 0, first.stderr
    log = (data / "logs" / "aftersales.log").read_text("utf-8")
    assert "seeded the demo store" in log
