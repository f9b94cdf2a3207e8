"""Where this till keeps the store's token: never in settings.ini.

In the system's keyring where the computer has one (Windows' Credential Manager, macOS'
Keychain, a desktop's Secret Service), else in a file beside settings.ini that only this
user can read (mode 0600). A settings.ini written before this rule, with the token in it,
is moved over on the first start: the token is written here and read back before it is
taken out of the ini, so nothing is lost on the way.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from .config import Paths, keep_private

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

log = logging.getLogger("aftersales.config")

SERVICE = "AftersalesDesk store token"
"""The keyring entry's service; its user name is the data folder (one token per till)."""


class TokenNotSaved(OSError):
    """The token could not be kept: ``folder`` cannot be written (``reason`` says why)."""

    def __init__(self, folder: Path, reason: str) -> None:
        super().__init__(f"the store's token cannot be saved in {folder}: {reason}")
        self.folder, self.reason = folder, reason


def system_keyring() -> KeyringBackend | None:
    """The system's keyring, or None where there is none (a headless computer: keyring's
    fallback backends, which keep nothing, have a priority below 1)."""
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:  # a bundle without it: the file
        return None
    try:
        backend = keyring.get_keyring()
        return backend if backend.priority >= 1 else None
    except (KeyringError, RuntimeError, OSError) as e:
        log.info("no usable keyring (%s): the token is kept in a private file", e)
        return None


class TokenStore:
    """The store's token of the till whose data are in ``paths``.

    Attributes:
        where: "keyring", or the file's path: where the token is kept.
    """

    def __init__(self, paths: Paths, backend: KeyringBackend | None = None) -> None:
        self.paths = paths
        self.backend = backend if backend is not None else system_keyring()
        self._cached: str | None = None

    @property
    def where(self) -> str:
        return "keyring" if self.backend is not None else str(self.paths.token_file)

    @property
    def _user(self) -> str:
        return str(self.paths.data_dir)

    def get(self) -> str:
        """The token ("" if none is kept)."""
        if self._cached is None:
            self._cached = self._read()
        return self._cached

    def _read(self) -> str:
        if self.backend is not None:
            from keyring.errors import KeyringError

            try:
                return (self.backend.get_password(SERVICE, self._user) or "").strip()
            except KeyringError as e:
                log.warning("the keyring did not give the store's token: %s", e)
                return ""
        try:
            return self.paths.token_file.read_text("utf-8").strip()
        except FileNotFoundError:
            return ""
        except OSError as e:
            log.warning("cannot read %s: %s", self.paths.token_file, e.strerror or e)
            return ""

    def set(self, token: str) -> None:
        """Keep ``token`` ("" forgets it); :class:`TokenNotSaved` if it cannot be kept,
        and then what was kept before stays."""
        token = token.strip()
        if self.backend is not None:
            from keyring.errors import KeyringError, PasswordDeleteError

            try:
                if token:
                    self.backend.set_password(SERVICE, self._user, token)
                else:
                    try:
                        self.backend.delete_password(SERVICE, self._user)
                    except PasswordDeleteError:
                        pass  # there was none
            except KeyringError as e:
                raise TokenNotSaved(self.paths.data_dir, f"the keyring refused it ({e})") from e
        else:
            self._write_file(token)
        self._cached = token

    def _write_file(self, token: str) -> None:
        """Write the file whole or not at all, readable by this user only from the start."""
        target = self.paths.token_file
        try:
            if not token:
                target.unlink(missing_ok=True)
                return
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".store_token-", dir=target.parent)  # 0600
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as f:
                    f.write(token + "\n")
                    f.flush()
                    os.fsync(f.fileno())
                keep_private(Path(tmp))
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as e:
            raise TokenNotSaved(target.parent, e.strerror or str(e)) from e
