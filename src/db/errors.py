"""SQLite failures, sorted: the environment's fault (told to the user) or ours (a bug)."""

from __future__ import annotations

import sqlite3
from enum import StrEnum

from sqlalchemy.exc import DBAPIError


class StorageProblem(StrEnum):
    BUSY = "busy"
    READ_ONLY = "read_only"
    DISK_FULL = "disk_full"
    CORRUPT = "corrupt"
    IO = "io"
    CANNOT_OPEN = "cannot_open"


class StorageError(Exception):
    """The database file could not be written or read because of the machine, not a bug.

    Attributes:
        problem: which environmental failure it was.
    """

    def __init__(self, problem: StorageProblem, detail: str = "") -> None:
        super().__init__(f"{problem.value}: {detail}")
        self.problem = problem


_CODES = {
    sqlite3.SQLITE_BUSY: StorageProblem.BUSY,
    sqlite3.SQLITE_LOCKED: StorageProblem.BUSY,
    sqlite3.SQLITE_READONLY: StorageProblem.READ_ONLY,
    sqlite3.SQLITE_FULL: StorageProblem.DISK_FULL,
    sqlite3.SQLITE_CORRUPT: StorageProblem.CORRUPT,
    sqlite3.SQLITE_NOTADB: StorageProblem.CORRUPT,
    sqlite3.SQLITE_IOERR: StorageProblem.IO,
    sqlite3.SQLITE_CANTOPEN: StorageProblem.CANNOT_OPEN,
    sqlite3.SQLITE_PERM: StorageProblem.READ_ONLY,
}


def classify(exc: BaseException) -> StorageError | None:
    """A :class:`StorageError` if ``exc`` is an environmental SQLite failure, else None."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    if isinstance(orig, sqlite3.Error):
        code = getattr(orig, "sqlite_errorcode", None)
        if code is not None:
            # SQLite said what it was: an unmapped code (SQLITE_ERROR: bad SQL, a missing
            # table) is our bug, whatever words its message happens to contain.
            problem = _CODES.get(code & 0xFF)
            return None if problem is None else StorageError(problem, str(orig))
        text = str(orig).lower()
        for needle, problem in (
            ("locked", StorageProblem.BUSY),
            ("readonly", StorageProblem.READ_ONLY),
            ("read-only", StorageProblem.READ_ONLY),
            ("disk is full", StorageProblem.DISK_FULL),
            ("malformed", StorageProblem.CORRUPT),
            ("not a database", StorageProblem.CORRUPT),
            ("disk i/o", StorageProblem.IO),
            ("unable to open", StorageProblem.CANNOT_OPEN),
        ):
            if needle in text:
                return StorageError(problem, str(orig))
    if isinstance(exc, OSError):
        import errno

        if exc.errno == errno.ENOSPC:
            return StorageError(StorageProblem.DISK_FULL, str(exc))
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return StorageError(StorageProblem.READ_ONLY, str(exc))
    return None
