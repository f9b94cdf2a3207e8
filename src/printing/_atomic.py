"""Write a finished document in one step, so nobody ever prints half a file."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder.

    The print queue or a viewer may open ``path`` at any moment (and a power cut may come
    at any moment): the file is either the old one or the complete new one. The
    temporary file is in the same folder because ``os.replace`` is atomic only within one
    file system.

    Args:
        path: where the document goes; its folder must exist.
        data: the whole document.

    Returns:
        ``path``.

    Raises:
        OSError: the folder is missing, read-only or full, or (on Windows) ``path`` is
            held open by another program. Nothing is left behind in that case.
    """
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    # os.open with 0o666 lets the umask decide the permissions, as for any file the
    # user creates (tempfile.mkstemp would force 0600). O_EXCL: never reuse a file.
    # O_BINARY (Windows only) stops the C runtime turning \n into \r\n inside the PDF.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(tmp, flags, 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            # Without fsync a crash right after the rename can leave an empty file under
            # the final name on some file systems.
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return path
