"""The schema: migrations reach head, agree with the models, and the engine's pragmas."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from aftersales.db.engine import Database
from aftersales.db.migrate import current_revision, head_revision, upgrade
from aftersales.db.models import Base


def test_fresh_file_reaches_head(tmp_path: Path) -> None:
    database = Database(tmp_path / "new.sqlite3")
    try:
        assert current_revision(database.engine) is None
        assert upgrade(database.engine, database.path, tmp_path / "backups") is True
        assert current_revision(database.engine) == head_revision()
        tables = set(inspect(database.engine).get_table_names())
        assert set(Base.metadata.tables) <= tables
        # Nothing to back up in a brand-new file.
        assert not (tmp_path / "backups").exists() or not any((tmp_path / "backups").iterdir())
    finally:
        database.dispose()


def test_models_and_migrations_agree(db: Database) -> None:
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True})
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == []


def test_pragmas(db: Database) -> None:
    with db.engine.connect() as conn:
        pragma = {
            name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "foreign_keys", "synchronous", "busy_timeout")
        }
    assert pragma == {
        "journal_mode": "wal",
        "foreign_keys": 1,
        "synchronous": 2,
        "busy_timeout": 5000,
    }


def test_foreign_keys_are_enforced(db: Database) -> None:
    with db.engine.connect() as conn:
        before = conn.exec_driver_sql("SELECT count(*) FROM till").scalar()
        try:
            conn.execute(text("INSERT INTO till (store_id, till_no, name) VALUES (999, 1, '')"))
        except Exception as e:  # noqa: BLE001
            assert "FOREIGN KEY" in str(e)
        else:
            raise AssertionError("a till of a store that does not exist was accepted")
        finally:
            conn.rollback()
        assert conn.exec_driver_sql("SELECT count(*) FROM till").scalar() == before


def test_upgrade_at_head_does_nothing(db: Database, tmp_path: Path) -> None:
    backups = tmp_path / "backups-again"
    size = db.path.stat().st_size
    assert upgrade(db.engine, db.path, backups) is False
    assert not backups.exists()
    assert current_revision(db.engine) == head_revision()
    assert db.path.stat().st_size == size


def test_an_older_database_is_backed_up_then_upgraded_keeping_its_rows(tmp_path: Path) -> None:
    from alembic import command

    from aftersales.db.migrate import alembic_config

    db = Database(tmp_path / "old.sqlite3")
    try:
        command.upgrade(alembic_config(db.engine), "0001")
        with db.write() as s:
            s.execute(text("INSERT INTO app_setting (key, value) VALUES ('store_code', 'SH01')"))
        assert current_revision(db.engine) == "0001"
        assert upgrade(db.engine, db.path, tmp_path / "backups") is True
        assert current_revision(db.engine) == head_revision()
        with db.read() as s:
            assert s.execute(text("SELECT value FROM app_setting")).scalar_one() == "SH01"
        [backup] = (tmp_path / "backups").iterdir()
        assert f"before-{head_revision()}" in backup.name
        old = Database(backup)
        try:
            assert current_revision(old.engine) == "0001"
        finally:
            old.dispose()
    finally:
        db.dispose()
