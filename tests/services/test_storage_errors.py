"""SQLite failures sorted into the environment's fault (told to the user) or a bug.

Each error is provoked for real, through the app's own engine where that is possible, and
then handed to :func:`aftersales.db.errors.classify`.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import exc as sa_exc
from sqlalchemy import text

from aftersales.db import engine as engine_module
from aftersales.db.engine import Database
from aftersales.db.errors import StorageError, StorageProblem, classify
from aftersales.db.models import AppSetting, Store


def raised(action: Callable[[], object]) -> BaseException:
    try:
        action()
    except Exception as e:  # noqa: BLE001 - we want whatever the driver raised
        return e
    raise AssertionError("nothing was raised")


def kind(e: BaseException) -> StorageProblem | None:
    result = classify(e)
    assert result is None or isinstance(result, StorageError)
    return None if result is None else result.problem


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Callable[[Path], Database]]:
    """Open extra Database objects on odd files, and dispose them all afterwards."""
    opened: list[Database] = []

    def open_db(path: Path) -> Database:
        d = Database(path)
        opened.append(d)
        return d

    yield open_db
    for d in opened:
        d.dispose()


def test_busy(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another till (or process) holds the write lock past the busy timeout."""
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 0)
    other = sqlite3.connect(db.path, isolation_level=None)
    impatient = Database(db.path)
    try:
        other.execute("BEGIN IMMEDIATE")

        def write() -> None:
            with impatient.write() as s:
                s.add(AppSetting(key="language", value="zh"))

        e = raised(write)
    finally:
        other.rollback()
        other.close()
        impatient.dispose()
    assert isinstance(e, sa_exc.OperationalError)
    assert kind(e) is StorageProblem.BUSY


def test_read_only_connection(db: Database) -> None:
    def write() -> None:
        with db.write() as s:
            s.execute(text("PRAGMA query_only = ON"))
            s.add(AppSetting(key="language", value="zh"))

    e = raised(write)
    assert isinstance(e, sa_exc.DBAPIError)
    assert kind(e) is StorageProblem.READ_ONLY


def test_read_only_uri(db: Database) -> None:
    ro = sqlite3.connect(f"file:{db.path}?mode=ro", uri=True)
    try:
        e = raised(lambda: ro.execute("INSERT INTO app_setting VALUES ('a', 'b')"))
    finally:
        ro.close()
    assert kind(e) is StorageProblem.READ_ONLY


def test_read_only_file(db: Database, tmp_path: Path, fresh: Callable[[Path], Database]) -> None:
    """The database file and its folder made read-only (e.g. a copied, locked-down install)."""
    db.dispose()
    folder = tmp_path / "ro"
    folder.mkdir()
    target = folder / "t.sqlite3"
    src = sqlite3.connect(db.path)
    dst = sqlite3.connect(target)
    src.backup(dst)
    src.close()
    dst.execute("PRAGMA journal_mode=DELETE")
    dst.close()
    target.chmod(0o444)
    folder.chmod(0o555)
    try:
        if os.access(target, os.W_OK) or os.access(folder, os.W_OK):
            pytest.skip("running as a user who can write read-only files (root)")
        e = raised(lambda: _write_setting(fresh(target)))
        assert kind(e) is StorageProblem.READ_ONLY
    finally:
        folder.chmod(stat.S_IRWXU)
        target.chmod(stat.S_IRUSR | stat.S_IWUSR)


def _write_setting(d: Database) -> None:
    with d.write() as s:
        s.add(AppSetting(key="language", value="zh"))


def test_disk_full(db: Database) -> None:
    def write() -> None:
        with db.write() as s:
            pages = s.execute(text("PRAGMA page_count")).scalar_one()
            s.execute(text(f"PRAGMA max_page_count = {pages}"))
            s.add(AppSetting(key="big", value="x" * 200_000))

    e = raised(write)
    assert isinstance(e, sa_exc.DBAPIError)
    assert kind(e) is StorageProblem.DISK_FULL


def test_not_a_database(tmp_path: Path, fresh: Callable[[Path], Database]) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not SQLite " * 500)

    def read() -> None:
        with fresh(junk).read() as s:
            s.execute(text("SELECT * FROM app_setting")).all()

    assert kind(raised(read)) is StorageProblem.CORRUPT


def test_malformed(tmp_path: Path) -> None:
    path = tmp_path / "broken.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x TEXT)")
    conn.executemany("INSERT INTO t VALUES (?)", [(str(i) * 50,) for i in range(2000)])
    conn.commit()
    conn.close()
    with path.open("r+b") as f:  # overwrite a page in the middle of the table
        f.seek(4096 * 3)
        f.write(b"\xff" * 4096)
    conn = sqlite3.connect(path)
    try:
        e = raised(lambda: conn.execute("SELECT count(*), sum(length(x)) FROM t").fetchall())
    finally:
        conn.close()
    assert kind(e) is StorageProblem.CORRUPT


def test_cannot_open(tmp_path: Path, fresh: Callable[[Path], Database]) -> None:
    def read() -> None:
        with fresh(tmp_path / "missing" / "t.sqlite3").read() as s:
            s.execute(text("SELECT 1")).all()

    assert kind(raised(read)) is StorageProblem.CANNOT_OPEN


def test_our_own_mistakes_are_bugs(db: Database) -> None:
    def duplicate_store() -> None:
        with db.write() as s:
            s.add_all([Store(code="SH01", name="a"), Store(code="SH01", name="b")])

    e = raised(duplicate_store)
    assert isinstance(e, sa_exc.IntegrityError)
    assert classify(e) is None

    def no_such_table() -> None:
        with db.read() as s:
            s.execute(text("SELECT * FROM nowhere")).all()

    assert classify(raised(no_such_table)) is None
    assert classify(ValueError("x")) is None
    assert classify(KeyError("x")) is None


def test_message_words_do_not_override_the_error_code() -> None:
    conn = sqlite3.connect(":memory:")
    try:
        e = raised(lambda: conn.execute("SELECT * FROM locked_items"))
    finally:
        conn.close()
    assert classify(e) is None


@pytest.mark.parametrize(
    ("err", "expected"),
    [
        pytest.param(errno.ENOSPC, StorageProblem.DISK_FULL, id="enospc"),
        pytest.param(errno.EROFS, StorageProblem.READ_ONLY, id="erofs"),
        pytest.param(errno.EACCES, StorageProblem.READ_ONLY, id="eacces"),
        pytest.param(errno.EPERM, StorageProblem.READ_ONLY, id="eperm"),
        pytest.param(errno.ENOENT, None, id="enoent"),
    ],
)
def test_os_errors(err: int, expected: StorageProblem | None) -> None:
    result = classify(OSError(err, os.strerror(err)))
    assert (None if result is None else result.problem) is expected


def test_message_is_kept_for_the_log(db: Database) -> None:
    conn = sqlite3.connect(f"file:{db.path}?mode=ro", uri=True)
    try:
        e = raised(lambda: conn.execute("INSERT INTO app_setting VALUES ('a', 'b')"))
    finally:
        conn.close()
    result = classify(e)
    assert result is not None and "readonly" in str(result)
