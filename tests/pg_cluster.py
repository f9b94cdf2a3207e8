"""A private PostgreSQL cluster for the tests and the benches.

It runs the machine's PostgreSQL server binaries (Debian's ``postgresql`` package puts them
in ``/usr/lib/postgresql/VERSION/bin``; the highest version there is used, else
``initdb``/``pg_ctl`` from PATH) on a cluster of its own in a temporary folder, listening
on 127.0.0.1 on a free port, with trust authentication for the ``postgres`` role. Nothing
touches a cluster the machine may have of its own: no system service is started or used.

PostgreSQL refuses to run as root: as root, ``initdb`` and ``pg_ctl`` run as the
``postgres`` system user (which Debian's package creates), and the folder is given to it.

Imported by ``tests/conftest.py`` (pytest puts the tests folder on ``sys.path``; the module
name is unique in the test tree) and, by path, by ``bench/bench_sync.py``::

    with private_postgres() as url:        # postgresql+psycopg://postgres@127.0.0.1:PORT/...
        other = create_database(url, "t_1234")
        ...
        drop_database(url, "t_1234")

The server is stopped (``pg_ctl -m fast stop``, then signals if that fails) and its
folder removed when the block ends, however it ends. Should this process be killed
outright (a ``timeout``'s SIGTERM, SIGKILL), a small watchdog shell started with the
server stops it and removes the folder within a second or two.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Where Debian installs each server version's programs.
DEBIAN_BIN_GLOB = "/usr/lib/postgresql/*/bin"

#: The unprivileged user the server runs as when this process is root.
SERVER_USER = "postgres"

#: The superuser role of the private cluster (trust authentication, loopback only).
ROLE = "postgres"

#: Messages are parsed and logged: keep them in English whatever the machine's locale.
_C_LOCALE = {"LC_ALL": "C", "LANG": "C", "LC_MESSAGES": "C"}


class PgClusterError(RuntimeError):
    """The private cluster could not be made, started or stopped; the message has its log."""


def find_bin_dir() -> Path | None:
    """The folder with ``initdb`` and ``pg_ctl``: Debian's newest version, else PATH's."""
    found: list[tuple[tuple[int, ...], Path]] = []
    for folder in glob.glob(DEBIAN_BIN_GLOB):
        path = Path(folder)
        version = path.parent.name
        if not version.replace(".", "").isdigit():
            continue
        if all(os.access(path / tool, os.X_OK) for tool in ("initdb", "pg_ctl", "postgres")):
            found.append((tuple(int(x) for x in version.split(".")), path))
    if found:
        return max(found)[1]
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb and pg_ctl:
        # pg_ctl runs the ``postgres`` beside its real self: follow the links.
        return Path(os.path.realpath(pg_ctl)).parent
    return None


def why_unavailable() -> str | None:
    """Why a private cluster cannot run here, or None if it can."""
    if find_bin_dir() is None:
        return (
            "the PostgreSQL server is not installed (no initdb/pg_ctl in "
            f"{DEBIAN_BIN_GLOB} or on PATH): `./task test` installs the postgresql package"
        )
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(SERVER_USER)
        except KeyError:
            return (
                f"PostgreSQL will not run as root and there is no {SERVER_USER!r} user to run "
                "it as (the postgresql package creates it)"
            )
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed: `./task test` installs the test extra"
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_url(port: int, database: str) -> str:
    """The SQLAlchemy URL of a database of the private cluster."""
    return f"postgresql+psycopg://{ROLE}@127.0.0.1:{port}/{database}"


@dataclass
class _Server:
    """The cluster's folder and how to run its programs."""

    bin_dir: Path
    base: Path
    as_user: dict[str, Any]
    env: dict[str, str]

    @property
    def data(self) -> Path:
        return self.base / "data"

    @property
    def log(self) -> Path:
        return self.base / "server.log"

    def log_tail(self, lines: int = 30) -> str:
        parts = []
        for path in (self.base / "tools.log", self.log):
            try:
                parts += path.read_text("utf-8", errors="replace").splitlines()[-lines:]
            except OSError:
                pass
        return "\n".join(parts)

    def run(self, tool: str, *args: str, timeout: float = 120.0) -> int:
        """Run a server program as the server's user; its output goes to ``tools.log``."""
        with open(self.base / "tools.log", "ab") as out:
            return subprocess.run(
                [str(self.bin_dir / tool), *args],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=self.base,
                env=self.env,
                timeout=timeout,
                check=False,
                # The postmaster pg_ctl leaves behind is not in our process group: a
                # Ctrl+C reaches only us, and our ``finally`` stops it in order.
                start_new_session=True,
                **self.as_user,
            ).returncode

    def watchdog(self) -> subprocess.Popen[bytes]:
        """A shell that stops the server and removes its folder if this process dies
        without doing so (killed outright, say by a timeout): stop it first on a normal
        stop. It runs as the server's user, in a session of its own."""
        return subprocess.Popen(
            [
                "/bin/sh",
                "-c",
                _WATCHDOG,
                "pg-watchdog",
                str(os.getpid()),
                str(self.bin_dir / "pg_ctl"),
                str(self.data),
                str(self.base),
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=self.base,
            env=self.env,
            start_new_session=True,
            **self.as_user,
        )

    def postmaster_pid(self) -> int | None:
        try:
            first = (self.data / "postmaster.pid").read_text("ascii").splitlines()[0]
            return int(first)
        except (OSError, ValueError, IndexError):
            return None

    def stop(self) -> None:
        """Stop the server: a fast shutdown, else SIGQUIT, else SIGKILL, and wait for it."""
        if not (self.data / "postmaster.pid").exists():
            return
        pid = self.postmaster_pid()
        # If pg_ctl fails or times out, the signals below settle it.
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", "60", "stop")
        if pid is None or not _alive(pid):
            return
        for sig in (signal.SIGQUIT, signal.SIGKILL):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)
            deadline = time.monotonic() + 10
            while _alive(pid) and time.monotonic() < deadline:
                time.sleep(0.05)
            if not _alive(pid):
                return
        raise PgClusterError(f"the private PostgreSQL (pid {pid}) would not stop")


#: The watchdog's script: $1 our pid, $2 pg_ctl, $3 the data folder, $4 the cluster's folder.
_WATCHDOG = """
while [ -d "/proc/$1" ]; do sleep 1; done
"$2" -D "$3" -m immediate -w -t 30 stop
rm -rf "$4"
"""


def _stop_watchdog(watchdog: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(watchdog.pid, signal.SIGKILL)  # the shell and its ``sleep``
    watchdog.wait(timeout=10)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (the postmaster's parent was pg_ctl, long gone) counts as stopped.
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


def _as_server_user(base: Path) -> dict[str, Any]:
    """Popen arguments that run a program as the server's user, and give it ``base``."""
    if os.geteuid() != 0:
        return {}
    user = pwd.getpwnam(SERVER_USER)
    os.chown(base, user.pw_uid, user.pw_gid)
    return {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}


@contextlib.contextmanager
def private_postgres(
    database: str = "aftersales", *, attempts: int = 3, timeout: float = 60.0
) -> Iterator[str]:
    """Start a private cluster, create ``database`` in it, yield its SQLAlchemy URL, and stop
    the cluster and remove its folder at the end, always.

    Raises:
        PgClusterError: PostgreSQL is not installed, or ``initdb`` or the server failed
            (with the end of its log).
    """
    reason = why_unavailable()
    if reason is not None:
        raise PgClusterError(reason)
    bin_dir = find_bin_dir()
    assert bin_dir is not None
    # Not under pytest's tmp_path: the server's user must reach the folder, and pytest's
    # folders are private to their owner.
    base = Path(tempfile.mkdtemp(prefix="aftersales-pg-"))
    try:
        as_user = _as_server_user(base)
        env = {**os.environ, **_C_LOCALE}
        if as_user:
            env["HOME"] = pwd.getpwnam(SERVER_USER).pw_dir
        env.pop("PGDATA", None)
        server = _Server(bin_dir, base, as_user, env)
        watchdog = server.watchdog()
    except BaseException:
        shutil.rmtree(base, ignore_errors=True)
        raise
    try:
        code = server.run(
            "initdb",
            "-D",
            str(server.data),
            "-U",
            ROLE,
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-instructions",
        )
        if code != 0:
            raise PgClusterError(f"initdb failed ({code}):\n{server.log_tail()}")
        last_error = ""
        for _ in range(attempts):
            port = free_port()
            options = (
                f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=on "
                "-c max_connections=100"
            )
            try:
                started = server.run(
                    "pg_ctl",
                    "-D",
                    str(server.data),
                    "-l",
                    str(server.log),
                    "-o",
                    options,
                    "-w",
                    "-t",
                    str(int(timeout)),
                    "start",
                    timeout=timeout + 10,
                )
            except subprocess.TimeoutExpired:
                started = -1
            if started == 0:
                break
            last_error = f"pg_ctl start failed ({started}):\n{server.log_tail()}"
            # The port may have been taken between free_port() and the server binding it.
            server.stop()
        else:
            raise PgClusterError(last_error)
        try:
            url = server_url(port, "postgres")
            yield create_database(url, database)
        finally:
            _stop_watchdog(watchdog)
            server.stop()
    finally:
        if watchdog.poll() is None:
            _stop_watchdog(watchdog)
        shutil.rmtree(base, ignore_errors=True)


def _admin(url: str) -> Any:
    """An autocommit connection to the cluster's maintenance database."""
    import psycopg
    from sqlalchemy.engine import make_url

    u = make_url(url)
    return psycopg.connect(
        host=u.host, port=u.port, user=u.username, dbname="postgres", autocommit=True
    )


def create_database(url: str, name: str) -> str:
    """Create database ``name`` on the server of ``url``; return its URL."""
    from psycopg import sql
    from sqlalchemy.engine import make_url

    with _admin(url) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def drop_database(url: str, name: str) -> None:
    """Drop database ``name`` on the server of ``url``, closing whatever still uses it."""
    from psycopg import sql

    with _admin(url) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
