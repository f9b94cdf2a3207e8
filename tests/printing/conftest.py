"""Fixtures for the printing tests; the helpers themselves are in ``printing_helpers``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from printing_helpers import Pdf

from aftersales.printing.fonts import ensure_fonts


@pytest.fixture(scope="session")
def poppler_tools() -> None:
    missing = [t for t in ("pdftotext", "pdffonts", "pdfinfo", "pdftoppm") if not shutil.which(t)]
    if missing:
        pytest.fail(
            f"poppler-utils is needed for these tests (missing {', '.join(missing)}); "
            "`./task test` installs it"
        )


@pytest.fixture
def pdf(tmp_path: Path, poppler_tools: None) -> Pdf:
    return Pdf(tmp_path)


@pytest.fixture(scope="session")
def font() -> str:
    """The embedded font, loaded once for the session."""
    return ensure_fonts()
