"""Where everything lives, resolved once.

Every directory comes from platformdirs; ``--data-dir`` or ``AFTERSALES_DATA_DIR`` moves
them all under one folder (tests, the demo, a portable install).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

APP_NAME = "AftersalesDesk"
ENV_DATA_DIR = "AFTERSALES_DATA_DIR"


@dataclass(frozen=True, slots=True)
class Paths:
    data_dir: Path

    @property
    def database(self) -> Path:
        return self.data_dir / "aftersales.sqlite3"

    @property
    def settings(self) -> Path:
        """This till's settings (language, printers, head office's address): no secrets."""
        return self.data_dir / "settings.ini"

    @property
    def token_file(self) -> Path:
        """The store's token where the computer has no keyring (mode 0600)."""
        return self.data_dir / "store_token"

    @property
    def policy(self) -> Path:
        """The store's own return policy, if it has one (else the built-in one is used)."""
        return self.data_dir / "policy.toml"

    @property
    def backups(self) -> Path:
        return self.data_dir / "backups"

    @property
    def slips(self) -> Path:
        return self.data_dir / "slips"

    @property
    def photos(self) -> Path:
        return self.data_dir / "photos"

    @property
    def logs(self) -> Path:
        return self.data_dir / "logs"

    def ensure(self) -> Paths:
        for d in (self.data_dir, self.backups, self.slips, self.photos, self.logs):
            d.mkdir(parents=True, exist_ok=True)
        return self


def resolve_paths(data_dir: str | os.PathLike[str] | None = None) -> Paths:
    """The flag wins, then the environment variable, then the per-user data directory."""
    if data_dir is None:
        data_dir = os.environ.get(ENV_DATA_DIR) or None
    if data_dir is None:
        import platformdirs

        data_dir = platformdirs.user_data_dir(APP_NAME, appauthor=False)
    return Paths(Path(data_dir).expanduser().resolve())


def resource(*parts: str) -> Traversable:
    """A file shipped in ``resources/`` (works installed, editable and frozen)."""
    node = resources.files("aftersales.resources")
    for p in parts:
        node = node / p
    return node


def resource_path(*parts: str) -> Path:
    """A resource as a real file path (for libraries that want one, e.g. fonts)."""
    return Path(str(resource(*parts)))


def keep_private(path: Path) -> None:
    """Make a file readable and writable by this user only (the store's token file, and
    settings.ini, which held the token before). Where the system has no such modes
    (Windows), the user's profile folder already keeps it from other accounts."""
    if os.name == "posix" and path.exists():
        path.chmod(0o600)
