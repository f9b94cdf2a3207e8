"""Head office's engine (SQLite by default, PostgreSQL in production) and its migrations."""

from __future__ import annotations

import sqlite3
from importlib import resources
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event

from . import jsontext


def make_engine(url: str) -> Engine:
    if not url.startswith("sqlite"):
        engine = create_engine(url, pool_pre_ping=True, json_serializer=jsontext.serialize)

        @event.listens_for(engine, "connect")
        def _plan_each_time(dbapi_conn: Any, _record: Any) -> None:
            # psycopg prepares a statement run five times, and PostgreSQL may then keep
            # one generic plan, made when the tables were small: on a new database that
            # was a scan of every event for each batch, slower as the table grew. A plan
            # for each execution costs well under a millisecond.
            with dbapi_conn.cursor() as cur:
                cur.execute("SET plan_cache_mode = force_custom_plan")
            dbapi_conn.commit()

        return engine
    engine = create_engine(
        url, connect_args={"check_same_thread": False}, json_serializer=jsontext.serialize
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA busy_timeout=10000")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    return engine


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option(
        "script_location", str(resources.files("aftersales.headoffice") / "migrations")
    )
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine) -> None:
    """Bring the schema to head (the same migrations serve SQLite and PostgreSQL)."""
    command.upgrade(alembic_config(engine), "head")
