"""The FastAPI application, built from settings (tests build their own)."""

from __future__ import annotations

import gc
import os
from datetime import UTC, datetime

from fastapi import APIRouter, FastAPI
from sqlalchemy.orm import sessionmaker
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..contract import HEAD_OFFICE_TIME, Health, format_head_office_time
from .api.deps import MAX_BODY_BYTES
from .api.routes import events, holdings, reference, stores, tills
from .core.config import Settings
from .core.db import make_engine, upgrade

ENV_DEMO = "AFTERSALES_HEADOFFICE_DEMO"
"""Set by ``serve --demo`` for the worker processes it starts: they take the demo token."""


class HeadOfficeTime:
    """Puts head office's clock on every reply (:data:`~aftersales.contract.HEAD_OFFICE_TIME`),
    taken as the reply starts: a till measures its own clock on every exchange, not only
    on the health check. (Plain ASGI rather than ``BaseHTTPMiddleware``: nothing of the
    body passes through it.)"""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.header = HEAD_OFFICE_TIME.lower().encode("latin-1")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_time(message: Message) -> None:
            if message["type"] == "http.response.start":
                stamp = format_head_office_time(datetime.now(UTC)).encode("latin-1")
                message["headers"] = [*message.get("headers", ()), (self.header, stamp)]
            await send(message)

        await self.app(scope, receive, send_with_time)


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
    app.add_middleware(HeadOfficeTime)
    app.state.engine = engine
    app.state.demo = demo
    app.state.sessions = sessionmaker(engine, expire_on_commit=False)
    api = APIRouter(prefix="/api/v1")
    api.include_router(events.router)
    api.include_router(stores.router)
    api.include_router(reference.router)
    api.include_router(holdings.router)
    api.include_router(tills.router)

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


def app_from_environment() -> FastAPI:
    """The factory each uvicorn worker calls (``serve --workers N``): settings from the
    environment, which ``serve`` set; the schema was brought up to date before."""
    from .core import logs
    from .core.config import load_settings

    tune_for_serving()
    logs.configure()
    return create_app(load_settings(), migrate=False, demo=os.environ.get(ENV_DEMO) == "1")
