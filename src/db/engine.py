"""The engine with its pragmas, sessions per user action, and upgrade-on-start.

Every connection gets ``foreign_keys=ON``, WAL, ``synchronous=FULL`` and a busy timeout.
We take transaction control from the sqlite3 driver (as SQLAlchemy's SQLite dialect docs
advise), so a write session starts with ``BEGIN IMMEDIATE``: it holds the write lock from
its first statement and never fails half-way with "database is locked".
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger("aftersales.db")

BUSY_TIMEOUT_MS = 5000


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", future=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.isolation_level = None  # we send BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: object) -> None:
        immediate = conn.get_execution_options().get("sqlite_immediate", False)  # type: ignore[attr-defined]
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")  # type: ignore[attr-defined]

    return engine


class Database:
    """The till's database file: read sessions and write sessions.

    A write session is one user action: one transaction, committed at the end of the
    ``with`` block or rolled back whole if it raises.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.engine = make_engine(path)
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write = sessionmaker(
            self.engine.execution_options(sqlite_immediate=True), expire_on_commit=False
        )

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._read() as s, s.begin():
            yield s

    @contextmanager
    def write(self) -> Iterator[Session]:
        with self._write() as s, s.begin():
            yield s

    def dispose(self) -> None:
        self.engine.dispose()


def backup_file(path: Path, backup_dir: Path, label: str) -> Path:
    """Copy the database with SQLite's online backup, so a WAL file is included."""
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = backup_dir / f"{path.stem}-{label}-{stamp}.sqlite3"
    src = sqlite3.connect(path)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    log.info("backed up %s to %s", path.name, target.name)
    return target


__all__ = ["Database", "backup_file", "make_engine"]
