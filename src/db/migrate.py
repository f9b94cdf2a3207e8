"""Alembic, driven from code: upgrade to head at start, after a backup."""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from .engine import backup_file

log = logging.getLogger("aftersales.db")


def alembic_config(engine: Engine | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("aftersales.db") / "migrations"))
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, db_path: Path, backup_dir: Path) -> bool:
    """Bring the schema to head; back the file up first if it holds an older schema.

    Returns:
        True if anything was migrated.
    """
    current = current_revision(engine)
    head = head_revision()
    if current == head:
        return False
    if current is not None:
        backup_file(db_path, backup_dir, f"before-{head}")
    log.info("migrating database from %s to %s", current, head)
    command.upgrade(alembic_config(engine), "head")
    return True
