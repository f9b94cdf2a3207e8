"""Where the till keeps the store's token: the system's keyring where there is one, else a
file beside settings.ini that only this user can read, never settings.ini itself; an older
settings.ini with the token in it is moved over on the first start, losing nothing; a
folder that cannot be written says so."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend

from aftersales.config import Paths
from aftersales.token_store import SERVICE, TokenNotSaved

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TOKEN = "s3cr3t-store-token-of-SH01"


class MemoryKeyring(KeyringBackend):
    """A keyring as a desktop's would be: here, in memory (the test's own)."""

    priority = 5  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        from keyring.errors import PasswordDeleteError

        if self.entries.pop((service, username), None) is None:
            raise PasswordDeleteError("none")


def old_settings_ini(paths: Paths, url: str, token: str) -> None:
    """settings.ini as a till before this rule wrote it: the token in it, world-readable."""
    paths.settings.write_text(
        f"[sync]\nurl={url}\ntoken={token}\n\n[ui]\nlanguage=zh_CN\n", "utf-8"
    )
    paths.settings.chmod(0o644)


def desk_on(paths: Paths) -> Any:
    from aftersales.ui.desk import Desk
    from aftersales.ui.message import MessageBridge

    return Desk(paths, MessageBridge())


def test_without_a_keyring_the_token_is_in_a_file_only_this_user_reads(
    qtbot: Any, tmp_path: Path
) -> None:
    paths = Paths(tmp_path / "data").ensure()
    desk = desk_on(paths)
    desk.set_head_office("https://hq.example.com", TOKEN)
    assert TOKEN not in paths.settings.read_text("utf-8")
    assert paths.token_file.read_text("utf-8").strip() == TOKEN
    assert paths.token_file.stat().st_mode & 0o777 == 0o600
    again = desk_on(paths)  # the next start
    assert (again.head_office().url, again.head_office().token) == (
        "https://hq.example.com",
        TOKEN,
    )


def test_an_old_settings_ini_is_moved_over_on_the_first_start(qtbot: Any, tmp_path: Path) -> None:
    paths = Paths(tmp_path / "data").ensure()
    old_settings_ini(paths, "https://hq.example.com", TOKEN)
    desk = desk_on(paths)
    assert TOKEN not in paths.settings.read_text("utf-8")
    assert "https://hq.example.com" in paths.settings.read_text("utf-8")  # the rest stays
    assert desk.language == "zh_CN"
    assert paths.token_file.read_text("utf-8").strip() == TOKEN
    assert paths.token_file.stat().st_mode & 0o777 == 0o600
    office = desk_on(paths).head_office()
    assert (office.url, office.token) == ("https://hq.example.com", TOKEN)


def test_with_a_keyring_the_token_is_there_and_in_no_file(qtbot: Any, tmp_path: Path) -> None:
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    paths = Paths(tmp_path / "data").ensure()
    old_settings_ini(paths, "https://hq.example.com", TOKEN)
    desk = desk_on(paths)
    assert ring.entries == {(SERVICE, str(paths.data_dir)): TOKEN}
    assert not paths.token_file.exists()
    assert TOKEN not in paths.settings.read_text("utf-8")
    assert desk.head_office().token == TOKEN
    desk.set_head_office("https://hq.example.com", "the-new-token")
    assert ring.entries == {(SERVICE, str(paths.data_dir)): "the-new-token"}
    assert not paths.token_file.exists()


@contextmanager
def unwritable(folder: Path) -> Iterator[None]:
    """``folder`` cannot be written in until the block ends: by its mode, or for root
    (who writes anywhere) by the immutable attribute."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    if shutil.which("chattr") is None:
        pytest.skip("running as root without chattr: no folder root cannot write")
    made = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, check=False)
    if made.returncode != 0:
        pytest.skip(f"chattr +i is refused here: {made.stderr.decode().strip()}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_a_folder_that_cannot_be_written_says_so_and_changes_nothing(
    qtbot: Any, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QApplication

    from aftersales.i18n import catalog
    from aftersales.ui.translator import install_translator

    paths = Paths(tmp_path / "data").ensure()
    desk = desk_on(paths)
    install_translator(QApplication.instance(), desk.language)  # as the app does
    desk.set_head_office("https://hq.example.com", TOKEN)
    with unwritable(paths.data_dir):
        with pytest.raises(TokenNotSaved) as caught:
            desk.set_head_office("https://other.example.com", "a-new-token")
        assert str(caught.value).startswith(
            f"the store's token cannot be saved in {paths.data_dir}: "
        )
        text = catalog("zh_CN").get(
            "Errors",
            "The store's token cannot be saved: the folder {0} cannot be written ({1}). "
            "Nothing was changed: ask IT to make that folder writable for this user.",
        )
        assert text is not None
        assert desk.token_not_saved_text(caught.value) == text.format(
            paths.data_dir, caught.value.reason
        )
        office = desk_on(paths).head_office()  # what a restart reads: the old one
        assert (office.url, office.token) == ("https://hq.example.com", TOKEN)
