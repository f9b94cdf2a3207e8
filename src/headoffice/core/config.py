"""The service's settings, from flags or the environment, resolved once."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ENV_DATA_DIR = "AFTERSALES_HEADOFFICE_DATA_DIR"
ENV_DATABASE_URL = "AFTERSALES_HEADOFFICE_DATABASE_URL"


@dataclass(frozen=True, slots=True)
class Settings:
    """Where head office keeps its data.

    Attributes:
        database_url: SQLAlchemy URL; SQLite in the data folder unless one is given
            (PostgreSQL in production).
    """

    data_dir: Path
    database_url: str


def load_settings(data_dir: str | None = None, database_url: str | None = None) -> Settings:
    if data_dir is None:
        data_dir = os.environ.get(ENV_DATA_DIR)
    if data_dir is None:
        import platformdirs

        data_dir = platformdirs.user_data_dir("AftersalesHeadOffice", appauthor=False)
    folder = Path(data_dir).expanduser().resolve()
    url = (
        database_url
        or os.environ.get(ENV_DATABASE_URL)
        or f"sqlite:///{folder / 'headoffice.sqlite3'}"
    )
    return Settings(folder, url)
