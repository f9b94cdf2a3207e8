"""Head office's engine (SQLite by default, PostgreSQL in production) and its migrations."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from importlib import resources
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Dialect,
    Engine,
    Table,
    any_,
    bindparam,
    create_engine,
    event,
    insert,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import QueryableAttribute, Session

from . import jsontext

PLAN_EACH_TIME = "aftersales_plan_each_time"
"""An execution option for lookups by a list of keys on tables that grow (PostgreSQL)."""


def one_of(
    column: QueryableAttribute[Any], keys: str | Iterable[Any], dialect: str
) -> ColumnElement[bool]:
    """``column`` is one of ``keys``: a list, or the name of the parameter that gives it at
    execution. On PostgreSQL ``= ANY(array)``, one parameter whatever the list's length, so
    the statement's text stays the same (an IN list is a placeholder a key, which
    SQLAlchemy renders and psycopg converts again each time); an IN list elsewhere."""
    if dialect == "postgresql":
        array = ARRAY(column.type)
        if isinstance(keys, str):
            return column == any_(bindparam(keys, type_=array))
        return column == any_(bindparam(None, list(keys), type_=array))
    if isinstance(keys, str):
        return column.in_(bindparam(keys, expanding=True))
    return column.in_(list(keys))


def dialect_of(session: Session) -> str:
    return session.get_bind().dialect.name


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
    transaction, straight through the driver: on SQLite one executemany, on PostgreSQL
    (psycopg) a COPY, which costs both sides less than an INSERT a row. Values go through
    the columns' types as an INSERT would take them, and a driver's error is raised as
    SQLAlchemy's (a unique key taken by another copy of the batch is an IntegrityError,
    which the route answers by applying again). SQLAlchemy's own executemany spent more
    time readying each row's parameters than SQLite took to insert it."""
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    driver = connection.connection.driver_connection
    assert driver is not None
    names = list(rows[0])
    values = _row_values(table, names, dialect)
    if (dialect.name, dialect.driver) == ("postgresql", "psycopg"):
        from psycopg import sql

        copy_into = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, names))
        )
        with (
            _as_sqlalchemy_error(dialect, copy_into.as_string(driver)),
            driver.cursor() as cursor,
            cursor.copy(copy_into) as copy,
        ):
            for row in rows:
                copy.write_row(values(row))
    elif (dialect.name, dialect.driver) == ("sqlite", "pysqlite"):
        quote = dialect.identifier_preparer.quote
        text = (
            f"INSERT INTO {quote(table.name)} ({', '.join(map(quote, names))}) "
            f"VALUES ({', '.join('?' * len(names))})"
        )
        with _as_sqlalchemy_error(dialect, text), contextlib.closing(driver.cursor()) as cursor:
            cursor.executemany(text, map(values, rows))
    else:
        connection.execute(insert(table), list(rows))


@contextlib.contextmanager
def _as_sqlalchemy_error(dialect: Dialect, statement: str) -> Iterator[None]:
    """A driver's error in the block raised as SQLAlchemy raises it for ``statement``."""
    try:
        yield
    except dialect.loaded_dbapi.Error as e:
        raise DBAPIError.instance(statement, None, e, dialect.loaded_dbapi.Error) from e


def _row_values(
    table: Table, names: Sequence[str], dialect: Dialect
) -> Callable[[Mapping[str, Any]], list[Any]]:
    """A row's values for ``names``, each as its column's type binds it on ``dialect``."""
    convert = [
        (i, process)
        for i, name in enumerate(names)
        if (process := table.c[name].type.dialect_impl(dialect).bind_processor(dialect))
    ]

    def values(row: Mapping[str, Any]) -> list[Any]:
        out = [row[name] for name in names]
        for i, process in convert:
            out[i] = process(out[i])
        return out

    return values


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
