"""The head-office service built from its settings, on each database it runs on: every test
that uses ``app`` or ``client`` runs on a SQLite file and on PostgreSQL (``[sqlite]`` and
``[postgresql]``; see ``ho_database_url`` in ``tests/conftest.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from aftersales.headoffice.core.config import Settings
from aftersales.headoffice.main import create_app


@pytest.fixture
def app(tmp_path: Path, ho_database_url: str) -> Iterator[Any]:
    """The application, its database migrated to head; its engine is closed afterwards."""
    application = create_app(Settings(tmp_path, ho_database_url))
    yield application
    application.state.engine.dispose()


@pytest.fixture
def client(app: Any) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c
