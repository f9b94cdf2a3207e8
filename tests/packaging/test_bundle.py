"""The PyInstaller onedir bundle builds from build.spec and starts on the scan screen."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_onedir_bundle_starts_on_the_scan_screen(tmp_path: Path) -> None:
    pyinstaller = Path(sys.executable).with_name("pyinstaller")
    build = subprocess.run(
        [
            str(pyinstaller),
            "--noconfirm",
            "--distpath",
            str(tmp_path / "dist"),
            "--workpath",
            str(tmp_path / "work"),
            str(ROOT / "build.spec"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert build.returncode == 0, build.stderr[-3000:]
    exe = tmp_path / "dist" / "aftersales" / ("aftersales.exe" if os.name == "nt" else "aftersales")
    assert exe.is_file()

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    run = subprocess.run(
        [str(exe), "--data-dir", str(tmp_path / "data"), "--demo", "--smoke-test"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    # The window is up, in Chinese, with the scan field focused, on the demo store.
    assert "title='售后台'" in run.stdout
    assert "focus=scanField" in run.stdout
    assert "database=open store=SH01 staff=1001" in run.stdout
    assert (tmp_path / "data" / "aftersales.sqlite3").is_file()
