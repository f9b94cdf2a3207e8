"""The FastAPI application, built from settings (tests build their own)."""

from __future__ import annotations

import gc
import logging
import os
import sys
from datetime import UTC, datetime

from fastapi import APIRouter, FastAPI
from sqlalchemy.orm import sessionmaker

from .. import __version__
from ..contract import Health
from .api.deps import MAX_BODY_BYTES
from .api.routes import events, reference, stores
from .core.config import Settings
from .core.db import make_engine, upgrade

ENV_DEMO = "AFTERSALES_HEADOFFICE_DEMO"
"""Set by ``serve --demo`` for the worker processes it starts: they take the demo token."""

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def create_app(settings: Settings, *, migrate: bool = True, demo: bool = False) -> FastAPI:
    """The application on the settings' database, brought to the newest schema first
    unless ``migrate`` is False (workers started after ``serve`` migrated once). Only a
    ``demo`` head office takes the demo store's well-known token."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.database_url)
    if migrate:
        upgrade(engine)
    app = FastAPI(
        title="Aftersales Desk head office", version=__version__, max_body_size=MAX_BODY_BYTES
    )
    app.state.engine = engine
    app.state.demo = demo
    app.state.sessions = sessionmaker(engine, expire_on_commit=False)
    api = APIRouter(prefix="/api/v1")
    api.include_router(events.router)
    api.include_router(stores.router)
    api.include_router(reference.router)

    @api.get("/health", tags=["health"], response_model=Health)
    def health() -> Health:
        """Whether head office answers, and its clock; no token needed."""
        return Health(status="ok", time=datetime.now(UTC))

    app.include_router(api)
    return app


def tune_for_serving() -> None:
    """Collect cyclic garbage less often in a serving process: a batch of events makes
    some ten thousand objects, nearly none of them in cycles, and the collector's passes
    at the default threshold (700) took a tenth of head office's CPU."""
    gc.set_threshold(50_000, 20, 20)


class _ToStderr(logging.Handler):
    """Writes to whatever ``sys.stderr`` is when a line is logged (not when the handler
    was made: a test's captured stream is gone by then)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(self.format(record) + "\n")
        except Exception:  # noqa: BLE001 - logging must never break a request
            self.handleError(record)


def log_to_stderr() -> None:
    """Head office's own log lines (refusals and their reasons) to the terminal, beside
    uvicorn's; they name stores and cases, never a token."""
    ours = logging.getLogger("aftersales.headoffice")
    if not any(isinstance(h, _ToStderr) for h in ours.handlers):
        handler = _ToStderr()
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
        ours.addHandler(handler)
        ours.setLevel(logging.INFO)


def app_from_environment() -> FastAPI:
    """The factory each uvicorn worker calls (``serve --workers N``): settings from the
    environment, which ``serve`` set; the schema was brought up to date before."""
    from .core.config import load_settings

    tune_for_serving()
    log_to_stderr()
    return create_app(load_settings(), migrate=False, demo=os.environ.get(ENV_DEMO) == "1")
