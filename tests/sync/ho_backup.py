"""Head office's nightly backup and its restore, as the README tells IT to make them: on
SQLite the online backup (``sqlite3 … ".backup …"``), on PostgreSQL ``pg_dump
--format=custom`` and ``pg_restore --clean``."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import pg_cluster
from sqlalchemy.engine import make_url


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _tool(name: str) -> str:
    bin_dir = pg_cluster.find_bin_dir()
    assert bin_dir is not None, "the PostgreSQL client programs are not installed"
    return str(bin_dir / name)


def back_up(app: Any, to: Path) -> None:
    """Back up the database of head office ``app`` to ``to`` while it runs."""
    url = app.state.engine.url
    if url.get_backend_name() == "sqlite":
        with sqlite3.connect(url.database) as live, sqlite3.connect(to) as copy:
            live.backup(copy)
        return
    rendered = url.render_as_string(hide_password=False)
    subprocess.run(
        [_tool("pg_dump"), "--format=custom", f"--file={to}", _libpq(rendered)],
        check=True,
        capture_output=True,
    )


def restore(app: Any, backup: Path) -> None:
    """Put head office ``app``'s database back as it was in ``backup`` (its connections are
    closed first, as a restore of a running service would break them)."""
    url = app.state.engine.url
    app.state.engine.dispose()
    if url.get_backend_name() == "sqlite":
        with sqlite3.connect(backup) as copy, sqlite3.connect(url.database) as live:
            copy.backup(live)
        return
    rendered = url.render_as_string(hide_password=False)
    subprocess.run(
        [_tool("pg_restore"), "--clean", f"--dbname={_libpq(rendered)}", str(backup)],
        check=True,
        capture_output=True,
    )
