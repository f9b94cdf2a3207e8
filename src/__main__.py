"""The ``aftersales`` command: the app, and its few command-line tasks."""

from __future__ import annotations

import argparse
import logging
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

from .config import ENV_DATA_DIR, Paths, keep_private, resolve_paths

ENV_STORE_TOKEN = "AFTERSALES_STORE_TOKEN"


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="aftersales",
        description="Aftersales Desk (售后台): the after-sales counter for clothing stores.",
    )
    p.add_argument(
        "--data-dir",
        metavar="DIR",
        help=f"keep all data under DIR (default: the per-user data folder, or ${ENV_DATA_DIR})",
    )
    p.add_argument(
        "--demo",
        action="store_true",
        help="open on the embedded demo store, signed in as the demo cashier",
    )
    p.add_argument(
        "--smoke-test",
        action="store_true",
        help="start, open the database, show the scan screen, print what it "
        "shows and exit (for installers and CI)",
    )
    p.add_argument("-v", "--verbose", action="store_true", help="log more")
    sub = p.add_subparsers(dest="command")
    r = sub.add_parser("demo-receipts", help="write printable demo receipts for training")
    r.add_argument("file", type=Path, help="the PDF file to write")
    e = sub.add_parser(
        "enrol",
        help="join head office: check the store's token, pull the store's data, set up sync",
    )
    e.add_argument("url", help="head office's address, e.g. https://hq.example.com")
    e.add_argument("code", help="this store's code at head office, e.g. SH01")
    e.add_argument("--till", type=int, default=1, help="this till's number in the store")
    e.add_argument(
        "--token",
        help=f"the store's token from head office (or ${ENV_STORE_TOKEN}; asked for if neither)",
    )
    return p


LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup_logging(log_dir: Path, verbose: bool) -> None:
    """Warnings to the terminal; our own INFO and up also to a rotating file in the data
    folder, for IT support (the logs carry case numbers, never phone numbers or PINs)."""
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, format=LOG_FORMAT)
    ours = logging.getLogger("aftersales")
    ours.setLevel(logging.DEBUG if verbose else logging.INFO)
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(
            log_dir / "aftersales.log", maxBytes=2_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError as e:
        ours.warning("cannot write the log file in %s: %s", log_dir, e.strerror)
        return
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    ours.addHandler(handler)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    paths = resolve_paths(args.data_dir)
    setup_logging(paths.logs, args.verbose)
    if args.command == "demo-receipts":
        from .services.training import write_demo_receipts

        out = write_demo_receipts(paths, args.file)
        print(f"Wrote {out.count} demo receipts to {out.path}")  # noqa: T201 - CLI output
        return 0
    if args.command == "enrol":
        return _enrol(paths, args)
    from .ui.app import run

    return run(paths, demo=args.demo, smoke_test=args.smoke_test)


def _enrol(paths: Paths, args: argparse.Namespace) -> int:
    """``aftersales enrol URL CODE``: join head office from the command line."""
    import getpass
    import os

    from .db.engine import Database
    from .db.migrate import upgrade
    from .sync.enrol import EnrolFailed, enrol
    from .sync.outbox import HeadOffice

    token = args.token or os.environ.get(ENV_STORE_TOKEN) or getpass.getpass("Store token: ")
    office = HeadOffice(args.url.strip(), token.strip())
    paths.ensure()
    db = Database(paths.database)
    try:
        upgrade(db.engine, paths.database, paths.backups)
        joined = enrol(db, office, args.code.strip(), args.till)
    except EnrolFailed as e:
        what = f"{e.problem.value}: " if e.problem else ""
        print(f"Not enrolled ({what}{e.detail}). Nothing was changed.", file=sys.stderr)  # noqa: T201
        return 1
    finally:
        db.dispose()
    from PySide6.QtCore import QSettings

    settings = QSettings(str(paths.data_dir / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("sync/url", office.url)
    settings.setValue("sync/token", office.token)
    settings.sync()
    keep_private(paths.data_dir / "settings.ini")
    got = joined.pulled.changed
    print(  # noqa: T201 - CLI output
        f"This is now till {joined.till_no} of {joined.store_code} {joined.store_name}: "
        f"{got.get('products', 0)} products, {got.get('staff', 0)} staff and "
        f"{got.get('receipts', 0)} sales from head office. Start the app with: aftersales"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
