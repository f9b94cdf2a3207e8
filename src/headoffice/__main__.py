"""``aftersales-headoffice``: run the service, enrol stores."""

from __future__ import annotations

import argparse
import sys

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
    add = sub.add_parser("add-store", help="enrol a store and print its token once")
    add.add_argument("code")
    add.add_argument("name")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = load_settings(args.data_dir, args.database_url)
    from .main import create_app

    app = create_app(settings)
    if args.command == "serve":
        import uvicorn

        uvicorn.run(app, host=args.host, port=args.port)
        return 0
    from sqlalchemy.exc import IntegrityError

    from . import crud

    with app.state.sessions() as session:
        try:
            store, token = crud.create_store(session, code=args.code, name=args.name)
            session.commit()
        except IntegrityError:
            print(f"Store {args.code} is already enrolled.", file=sys.stderr)  # noqa: T201
            return 1
    print(f"Enrolled {store.code} {store.name}. Its token (shown only now): {token}")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
