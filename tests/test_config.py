"""Where the data lives: the flag, then AFTERSALES_DATA_DIR, then the per-user folder."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest

from aftersales.config import APP_NAME, ENV_DATA_DIR, resolve_paths


def test_the_flag_wins_then_the_environment_then_the_user_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_DATA_DIR, str(tmp_path / "from-env"))
    assert resolve_paths(tmp_path / "from-flag").database == (
        tmp_path / "from-flag" / "aftersales.sqlite3"
    )
    assert resolve_paths().data_dir == tmp_path / "from-env"
    monkeypatch.delenv(ENV_DATA_DIR)
    assert (
        resolve_paths().data_dir
        == Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)).resolve()
    )


def test_every_folder_is_made_under_the_data_folder(tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path / "till").ensure()
    for folder in (paths.backups, paths.slips, paths.photos, paths.logs):
        assert folder.is_dir() and folder.parent == paths.data_dir
