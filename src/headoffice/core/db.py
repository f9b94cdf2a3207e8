"""Head office's engine (SQLite by default, PostgreSQL in production) and its migrations."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, Table, create_engine, event, insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from . import jsontext

PLAN_EACH_TIME = "aftersales_plan_each_time"
"""An execution option for lookups by a list of keys on tables that grow (PostgreSQL)."""


def make_engine(url: str) -> Engine:
    if not url.startswith("sqlite"):
        engine = create_engine(url, pool_pre_ping=True, json_serializer=jsontext.serialize)

        @event.listens_for(engine, "do_execute")
        def _plan_each_time(cursor: Any, statement: str, parameters: Any, context: Any) -> bool:
            # psycopg prepares a statement run five times, and PostgreSQL may then keep
            # one generic plan for it, made when the tables were small: on a new database
            # the lookups of a batch's events became a scan of all the store's events,
            # slower as the table grew. Statements marked PLAN_EACH_TIME are planned
            # afresh (well under a millisecond); the others, and foreign-key checks,
            # keep their cached plans.
            if not context.execution_options.get(PLAN_EACH_TIME):
                return False
            cursor.execute(statement, parameters, prepare=False)
            return True

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


def insert_rows(session: Session, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert many rows (each with the same columns) into ``table`` in the session's
    transaction: one executemany, without the ORM's bookkeeping; on PostgreSQL (psycopg)
    a COPY, which costs both sides less than an INSERT a row. Values go through the
    columns' types as an INSERT would take them."""
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    if (dialect.name, dialect.driver) != ("postgresql", "psycopg"):
        connection.execute(insert(table), list(rows))
        return
    from psycopg import sql

    names = list(rows[0])
    processors = [table.c[n].type.dialect_impl(dialect).bind_processor(dialect) for n in names]
    copy_into = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, names))
    )
    driver = connection.connection.driver_connection
    assert driver is not None
    try:
        with driver.cursor() as cursor, cursor.copy(copy_into) as copy:
            for row in rows:
                values = [row[n] for n in names]
                copy.write_row(
                    [v if p is None else p(v) for p, v in zip(processors, values, strict=True)]
                )
    except dialect.loaded_dbapi.Error as e:
        # As SQLAlchemy would have raised it: a unique key taken by another copy of the
        # batch is an IntegrityError, which the route answers by applying again.
        raise DBAPIError.instance(
            str(copy_into.as_string(driver)), None, e, dialect.loaded_dbapi.Error
        ) from e


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
