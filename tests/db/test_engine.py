"""Write sessions take SQLite's write lock at their first statement (BEGIN IMMEDIATE)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from aftersales.db.engine import Database
from aftersales.db.migrate import upgrade


def test_a_write_session_holds_the_write_lock_from_the_start(tmp_path: Path) -> None:
    db = Database(tmp_path / "t.sqlite3")
    upgrade(db.engine, db.path, tmp_path / "backups")
    other = sqlite3.connect(db.path, timeout=0.05, isolation_level=None)
    try:
        with db.read() as s:
            s.execute(text("SELECT 1"))
            # A read does not stop another writer.
            other.execute("INSERT INTO app_setting (key, value) VALUES ('a', '1')")
        with db.write() as s:
            s.execute(text("SELECT 1"))  # no write yet, but the lock is already taken
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("INSERT INTO app_setting (key, value) VALUES ('b', '2')")
        other.execute("INSERT INTO app_setting (key, value) VALUES ('b', '2')")
    finally:
        other.close()
        db.dispose()
