"""``aftersales-headoffice``: run the service, enrol stores, load their reference data,
publish return policies, list conflicts and flagged cases, release a till number."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .core.config import ENV_DATA_DIR, ENV_DATABASE_URL, load_settings


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="aftersales-headoffice", description=__doc__)
    p.add_argument("--data-dir", help=f"data folder (or ${ENV_DATA_DIR})")
    p.add_argument(
        "--database-url", help=f"SQLAlchemy URL, e.g. PostgreSQL (or ${ENV_DATABASE_URL})"
    )
    sub = p.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the service")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8700)
    serve.add_argument(
        "--workers", type=int, default=1, help="worker processes (production: PostgreSQL)"
    )
    serve.add_argument(
        "--forwarded-allow-ips",
        default="127.0.0.1",
        help="proxies whose X-Forwarded-* headers are trusted (default: loopback)",
    )
    serve.add_argument(
        "--demo",
        action="store_true",
        help="enrol the demo store SH01 with the demo till's data first (demo token)",
    )
    add = sub.add_parser("add-store", help="enrol a store and print its token once")
    add.add_argument("code")
    add.add_argument("name")
    tok = sub.add_parser(
        "new-token", help="replace a store's token (the old one stops working) and print it"
    )
    tok.add_argument("code")
    imp = sub.add_parser(
        "import-reference", help="load a store's products, staff and sales from a JSON file"
    )
    imp.add_argument("file", type=Path)
    pub = sub.add_parser("publish-policy", help="publish a return policy (TOML) to every till")
    pub.add_argument("file", type=Path)
    sub.add_parser("conflicts", help="list receipt lines returned more often than sold")
    rel = sub.add_parser(
        "release-till",
        help="free a store's till number held by a computer (gone, or replaced): the next "
        "computer to enrol as that till holds it",
    )
    rel.add_argument("store")
    rel.add_argument("till", type=int)
    sub.add_parser(
        "flags",
        help="list cases taken whose times cannot be right (before their sale, or ahead of "
        "head office's clock): a till's clock set wrong",
    )
    return p


def _say(text: str) -> None:
    print(text)  # noqa: T201


def _complain(text: str) -> int:
    print(text, file=sys.stderr)  # noqa: T201
    return 1


SERVER_PACKAGES = frozenset({"fastapi", "starlette", "uvicorn", "orjson", "psycopg"})
"""What head office needs beyond the till: the ``headoffice`` extra (see pyproject.toml)."""


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = load_settings(args.data_dir, args.database_url)
    try:
        from .main import create_app

        if args.command == "serve":
            import uvicorn  # noqa: F401  (missing: said now, not after migrating)

        app = create_app(settings, demo=args.command == "serve" and args.demo)
    except ModuleNotFoundError as e:
        # A till's install (`pip install aftersales-desk`) has the command but not the server.
        if (e.name or "").partition(".")[0] not in SERVER_PACKAGES:
            raise
        return _complain(
            f"Head office needs its own packages ({e.name} is not installed): "
            "pip install 'aftersales-desk[headoffice]'"
        )
    if args.command == "serve":
        return _serve(app, args)
    try:
        with app.state.sessions() as session:
            command = {
                "add-store": _add_store,
                "new-token": _new_token,
                "import-reference": _import_reference,
                "publish-policy": _publish_policy,
                "conflicts": _conflicts,
                "release-till": _release_till,
                "flags": _flags,
            }[args.command]
            return int(command(session, args))
    finally:
        app.state.engine.dispose()  # its connections closed (a PostgreSQL server's too)


def _serve(app: Any, args: argparse.Namespace) -> int:
    import uvicorn

    if args.demo:
        # The one import of the till's side: the demo store's data, made by the till's
        # own generator, so the demo app syncs with this head office out of the box.
        from ..demo.headoffice import DEMO_STORE_TOKEN, STORE_CODE, demo_reference
        from ..domain.clock import local_date, now_utc
        from .demo import demo_store_enrolled, seed_demo

        with app.state.sessions() as session:
            if not demo_store_enrolled(session, STORE_CODE):
                data = demo_reference(local_date(now_utc()))
                seed_demo(session, data, token=DEMO_STORE_TOKEN)
                session.commit()
                _say(f"Seeded the demo store {STORE_CODE}.")
        _say(f"Demo store {STORE_CODE}: token {DEMO_STORE_TOKEN} (demo only)")
    from .core import logs

    logs.configure()  # head office's own records, as JSON lines on standard error
    options: dict[str, Any] = {
        "host": args.host,
        "port": args.port,
        "proxy_headers": True,
        "forwarded_allow_ips": args.forwarded_allow_ips,
    }
    if args.workers <= 1:
        from .main import tune_for_serving

        tune_for_serving()
        uvicorn.run(app, **options)
        return 0
    # Several processes: each builds its own app from the environment; the schema was
    # brought up to date once, above, so no two workers migrate at the same time.
    import os

    from .core.config import ENV_DATA_DIR, ENV_DATABASE_URL, load_settings
    from .main import ENV_DEMO

    settings = load_settings(args.data_dir, args.database_url)
    os.environ[ENV_DATA_DIR] = str(settings.data_dir)
    os.environ[ENV_DATABASE_URL] = settings.database_url
    os.environ[ENV_DEMO] = "1" if args.demo else "0"
    app.state.engine.dispose()
    uvicorn.run(
        "aftersales.headoffice.main:app_from_environment",
        factory=True,
        workers=args.workers,
        **options,
    )
    return 0


def _add_store(session: Any, args: argparse.Namespace) -> int:
    from sqlalchemy.exc import IntegrityError

    from . import crud

    try:
        store, token = crud.create_store(session, code=args.code, name=args.name)
        session.commit()
    except IntegrityError:
        return _complain(f"Store {args.code} is already enrolled.")
    _say(f"Enrolled {store.code} {store.name}. Its token (shown only now): {token}")
    return 0


def _new_token(session: Any, args: argparse.Namespace) -> int:
    from . import crud

    token = crud.new_store_token(session, code=args.code)
    if token is None:
        return _complain(f"No store {args.code} is enrolled.")
    session.commit()
    _say(f"New token for {args.code} (shown only now; the old one no longer works): {token}")
    return 0


def _import_reference(session: Any, args: argparse.Namespace) -> int:
    from pydantic import ValidationError
    from sqlalchemy import select

    from ..contract import ReferenceImport
    from .models import HOStore
    from .reference import import_reference

    try:
        data = ReferenceImport.model_validate_json(args.file.read_bytes())
    except OSError as e:
        return _complain(f"Cannot read {args.file}: {e.strerror or e}")
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        return _complain(
            f"{args.file} is not reference data: {where}: {first['msg']} "
            f"({e.error_count()} problem(s)); nothing was loaded."
        )
    store = session.scalar(select(HOStore).where(HOStore.code == data.store.code))
    if store is None:
        return _complain(f"Store {data.store.code} is not enrolled: run add-store first.")
    try:
        changed = import_reference(session, store=store, data=data)
    except Exception as e:  # noqa: BLE001  (a bad file must never leave half of it)
        session.rollback()
        return _complain(f"Nothing was loaded from {args.file}: {e}")
    session.commit()
    _say(
        f"{store.code}: {changed['products']} products, {changed['staff']} staff and "
        f"{changed['receipts']} receipts added or changed."
    )
    return 0


def _publish_policy(session: Any, args: argparse.Namespace) -> int:
    from .reference import PolicyRejected, publish_policy

    try:
        text = args.file.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        return _complain(f"Cannot read {args.file}: {e}")
    try:
        row = publish_policy(session, toml=text)
    except PolicyRejected as e:
        return _complain(f"Not published: {args.file}: {e.key}: {e.problem}")
    session.commit()
    _say(f"Published policy {row.version}: tills use it from their next case after a pull.")
    return 0


def _conflicts(session: Any, args: argparse.Namespace) -> int:
    from .reference import conflicts

    rows = conflicts(session)
    if not rows:
        _say("No conflicts.")
    for c in rows:
        _say(
            f"{c.receipt_no} line {c.line_no}: sold {c.sold_qty}, returned {c.returned_qty} "
            f"by {', '.join(c.case_nos)} (found {c.detected_at:%Y-%m-%d %H:%M} UTC)"
        )
    return 0


def _release_till(session: Any, args: argparse.Namespace) -> int:
    import getpass
    import logging

    from sqlalchemy import select

    from .models import HOStore
    from .tills import release_till

    store = session.scalar(select(HOStore).where(HOStore.code == args.store))
    if store is None:
        return _complain(f"No store {args.store} is enrolled.")
    row = release_till(session, store=store, till_no=args.till)
    if row is None:
        return _complain(f"{store.code} till {args.till} is not held by any computer.")
    session.commit()
    held = (
        f"{store.code} till {row.till_no}, held by install {row.install_id} since "
        f"{row.claimed_at:%Y-%m-%d %H:%M} UTC (last seen {row.last_seen_at:%Y-%m-%d %H:%M} UTC)"
    )
    # The audit: who freed which number from which computer, in head office's log too.
    logging.getLogger("aftersales.headoffice.tills").warning(
        "released %s, by %s (release-till)", held, getpass.getuser()
    )
    _say(
        f"Released {held}. The next computer to enrol as till {row.till_no} holds it; the "
        f"one that held it can no longer send as till {row.till_no}."
    )
    return 0


def _flags(session: Any, args: argparse.Namespace) -> int:
    from .crud import flags_listed

    rows = flags_listed(session)
    if not rows:
        _say("No flags.")
    for code, f in rows:
        _say(
            f"{code} {f.case_no} {f.what}: {f.detail} (event {f.event_id}, "
            f"found {f.flagged_at:%Y-%m-%d %H:%M} UTC)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
