"""`pip install aftersales-desk` is a till; head office's server is the `headoffice` extra.

The venv has every extra installed, so a missing package is played by an import hook in a
fresh interpreter that refuses to find it, as if it were not installed.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

# Only head office uses these (pyproject.toml's `headoffice` extra and what it brings).
SERVER_ONLY = ("fastapi", "starlette", "uvicorn", "orjson", "psycopg", "anyio")

BLOCKER = """
import importlib.abc, sys
BLOCKED = {blocked!r}
class NotInstalled(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None
sys.meta_path.insert(0, NotInstalled())
"""


def run_without(blocked: tuple[str, ...], code: str) -> subprocess.CompletedProcess[str]:
    script = BLOCKER.format(blocked=frozenset(blocked)) + textwrap.dedent(code)
    return subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("blocked", "args", "missing"),
    [
        (("fastapi", "uvicorn"), ["conflicts"], "fastapi"),
        (("uvicorn",), ["serve", "--port", "1"], "uvicorn"),
        # A head office on PostgreSQL without the driver.
        (
            ("psycopg",),
            ["--database-url", "postgresql+psycopg://u@127.0.0.1:1/x", "conflicts"],
            "psycopg",
        ),
    ],
)
def test_headoffice_without_its_extra_says_what_to_install(
    tmp_path: Path, blocked: tuple[str, ...], args: list[str], missing: str
) -> None:
    argv = ["--data-dir", str(tmp_path / "ho"), *args]
    run = run_without(
        blocked,
        f"""
        from aftersales.headoffice.__main__ import main
        sys.exit(main({argv!r}))
        """,
    )
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    assert run.stderr.strip() == (
        f"Head office needs its own packages ({missing} is not installed): "
        "pip install 'aftersales-desk[headoffice]'"
    )
    assert not any((tmp_path / "ho").rglob("*"))  # nothing was started or migrated


def test_every_module_of_the_till_imports_without_head_offices_packages() -> None:
    run = run_without(
        SERVER_ONLY,
        """
        import importlib, pkgutil
        import aftersales
        for m in pkgutil.walk_packages(aftersales.__path__, "aftersales."):
            # Head office's own modules, and migration scripts run only by Alembic.
            if m.name.startswith(("aftersales.headoffice.", "aftersales.db.migrations.")):
                continue
            importlib.import_module(m.name)
        print("imported")
        """,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.strip() == "imported"
