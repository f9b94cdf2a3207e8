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
    e.add_argument(
        "--manager",
        metavar="STAFF_NO",
        help="a manager of this till, who allows changing head office's address or token "
        "(asked for their PIN); needed once the till has a manager",
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
    """``aftersales enrol URL CODE``: join head office from the command line. Changing the
    address or token of a till that has a manager needs that manager's PIN; each change is
    audited in the till's database."""
    import getpass
    import os

    from PySide6.QtCore import QSettings

    from .db.engine import Database
    from .db.migrate import upgrade
    from .services.auth import AuthError, StaffInfo, authenticate_manager, has_manager
    from .services.till_audit import record_head_office_change
    from .sync.enrol import EnrolFailed, enrol
    from .sync.outbox import HeadOffice
    from .token_store import TokenNotSaved, TokenStore

    token = args.token or os.environ.get(ENV_STORE_TOKEN) or getpass.getpass("Store token: ")
    office = HeadOffice(args.url.strip(), token.strip())
    paths.ensure()
    settings = QSettings(str(paths.settings), QSettings.Format.IniFormat)
    tokens = TokenStore(paths)
    old_url = str(settings.value("sync/url", "") or "").strip()
    old_token = tokens.get() or str(settings.value("sync/token", "") or "").strip()
    db = Database(paths.database)
    try:
        upgrade(db.engine, paths.database, paths.backups)
        manager: StaffInfo | None = None
        changed = (office.url, office.token) != (old_url, old_token)
        if changed and has_manager(db):
            if not args.manager:
                return _say_error(
                    "Not enrolled: changing head office's address or the store's token on "
                    "this till needs a manager. Add --manager STAFF_NO (the PIN is asked "
                    "for). Nothing was changed."
                )
            try:
                manager = authenticate_manager(
                    db, args.manager, _read_secret("Manager's PIN: "), cashier_id=None
                )
            except AuthError as e:
                why = {
                    "not_manager": f"{args.manager} is not a manager",
                    "locked": f"too many wrong PINs: wait {e.seconds} s",
                    "inactive": f"{args.manager} is disabled",
                }.get(e.problem.value, "wrong staff number or PIN")
                return _say_error(f"Not enrolled: {why}. Nothing was changed.")
        joined = enrol(db, office, args.code.strip(), args.till)
        try:
            tokens.set(office.token)
        except TokenNotSaved as e:
            return _say_error(
                f"Enrolled, but {e}. Ask IT to make that folder writable for this user, "
                "then run enrol again."
            )
        settings.setValue("sync/url", office.url)
        settings.remove("sync/token")  # an older till kept it there
        settings.sync()
        keep_private(paths.settings)
        if changed:
            record_head_office_change(
                db,
                manager,
                signed_in=None,
                old_url=old_url,
                new_url=office.url,
                token_changed=office.token != old_token,
                via="enrol",
            )
    except EnrolFailed as e:
        what = f"{e.problem.value}: " if e.problem else ""
        return _say_error(f"Not enrolled ({what}{e.detail}). Nothing was changed.")
    finally:
        db.dispose()
    got = joined.pulled.changed
    print(  # noqa: T201 - CLI output
        f"This is now till {joined.till_no} of {joined.store_code} {joined.store_name}: "
        f"{got.get('products', 0)} products, {got.get('staff', 0)} staff and "
        f"{got.get('receipts', 0)} sales from head office. Start the app with: aftersales"
    )
    return 0


def _say_error(text: str) -> int:
    print(text, file=sys.stderr)  # noqa: T201 - CLI output
    return 1


def _read_secret(prompt: str) -> str:
    """A PIN from the terminal without echo, or the first line of standard input when it
    is not a terminal (a script)."""
    if sys.stdin is not None and sys.stdin.isatty():
        import getpass

        return getpass.getpass(prompt)
    return (sys.stdin.readline() if sys.stdin is not None else "").strip()


if __name__ == "__main__":
    sys.exit(main())
