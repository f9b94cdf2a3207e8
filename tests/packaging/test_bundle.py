"""The PyInstaller onedir bundle builds from build.spec, carries none of head office's server,
and starts on the scan screen."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PyInstaller.archive.readers import CArchiveReader

ROOT = Path(__file__).resolve().parents[2]

# Head office's server and what only it uses (pyproject.toml's `headoffice` extra).
SERVER_ONLY = ("fastapi", "starlette", "uvicorn", "anyio", "h11", "orjson", "psycopg")


def server_parts(internal: Path, modules: list[str]) -> list[str]:
    """Modules of the bundle's archive, and files or folders beside it, of head office."""
    found = [
        m
        for m in modules
        if m.split(".")[0].startswith(SERVER_ONLY)
        or m == "aftersales.headoffice"
        or m.startswith("aftersales.headoffice.")
    ]
    found += [
        p.name
        for p in internal.iterdir()
        if p.name.lower().replace("-", "_").startswith(SERVER_ONLY)
    ]
    if (internal / "aftersales" / "headoffice").exists():
        found.append("aftersales/headoffice/")
    return found


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

    # The till's bundle has no head-office server in it: not in its archive of Python
    # modules, nor as a package's files (compiled modules, libraries, metadata) beside it.
    modules = sorted(CArchiveReader(str(exe)).open_embedded_archive("PYZ.pyz").toc)
    assert "aftersales.sync.pull" in modules  # the archive was read
    assert server_parts(exe.parent / "_internal", modules) == []

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
