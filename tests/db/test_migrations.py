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


def test_0004_gives_each_outbox_row_its_state_from_what_0003_wrote(tmp_path: Path) -> None:
    """Before 0004, a parked event was an unsent one whose last_error began "parked:".
    Upgrading makes that a state of the row (sent, parked or pending) and keeps only the
    reason in last_error; downgrading writes it back as it was."""
    from alembic import command

    from aftersales.db.migrate import alembic_config

    db = Database(tmp_path / "old.sqlite3")
    rows = {
        # event id: (sent_at, last_error as 0003 wrote it)
        "sent": ("2026-11-23 02:00:00", ""),
        "parked": (None, "parked: HTTP 422: {'code': 'event_id_reused'}"),
        "parked-behind": (None, "parked: HTTP 409: {'code': 'sequence_gap'}"),
        "waiting": (None, "unreachable: [Errno 111] Connection refused"),
        "new": (None, ""),
        "says-parked-later": (None, "bad_reply: parked: no"),
    }
    try:
        command.upgrade(alembic_config(db.engine), "0003")
        with db.write() as s:
            for seq, (event_id, (sent_at, error)) in enumerate(rows.items(), 1):
                s.execute(
                    text(
                        "INSERT INTO outbox_event (event_id, case_no, seq, kind, payload,"
                        " created_at, sent_at, attempts, last_error) VALUES (:e, 'C1', :seq,"
                        " 'case_opened', '{}', '2026-11-23 01:00:00', :sent, 1, :error)"
                    ),
                    {"e": event_id, "seq": seq, "sent": sent_at, "error": error},
                )
        command.upgrade(alembic_config(db.engine), "0004")
        with db.read() as s:
            after = {
                e: (state, error)
                for e, state, error in s.execute(
                    text("SELECT event_id, state, last_error FROM outbox_event")
                )
            }
        assert after == {
            "sent": ("sent", ""),
            "parked": ("parked", "HTTP 422: {'code': 'event_id_reused'}"),
            "parked-behind": ("parked", "HTTP 409: {'code': 'sequence_gap'}"),
            "waiting": ("pending", "unreachable: [Errno 111] Connection refused"),
            "new": ("pending", ""),
            "says-parked-later": ("pending", "bad_reply: parked: no"),
        }
        indexes = {
            ix["name"]: ix["column_names"] for ix in inspect(db.engine).get_indexes("outbox_event")
        }
        assert indexes["ix_outbox_event_pending"] == ["state", "id"]
        command.downgrade(alembic_config(db.engine), "0003")
        with db.read() as s:
            before = {
                e: error
                for e, error in s.execute(text("SELECT event_id, last_error FROM outbox_event"))
            }
        assert before == {e: error for e, (_sent, error) in rows.items()}
    finally:
        db.dispose()
