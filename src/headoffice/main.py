"""The FastAPI application, built from settings (tests build their own)."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from sqlalchemy.orm import sessionmaker

from .. import __version__
from .api.routes import events, stores
from .core.config import Settings
from .core.db import make_engine, upgrade


def create_app(settings: Settings) -> FastAPI:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.database_url)
    upgrade(engine)
    app = FastAPI(title="Aftersales Desk head office", version=__version__)
    app.state.engine = engine
    app.state.sessions = sessionmaker(engine, expire_on_commit=False)
    api = APIRouter(prefix="/api/v1")
    api.include_router(events.router)
    api.include_router(stores.router)

    @api.get("/health", tags=["health"])
    def health() -> dict[str, str]:
        return {"status": "ok"}

    app.include_router(api)
    return app
