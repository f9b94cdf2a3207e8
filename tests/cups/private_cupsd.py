"""A private CUPS scheduler for the printing tests and the print bench.

It runs ``cupsd -f`` on a configuration, spool, cache and log folder of its own, listening
on 127.0.0.1 on a free port, so that nothing touches the machine's own CUPS: the queues
made here exist only while it runs, and the client tools reach it through
``CUPS_SERVER=127.0.0.1:PORT`` (or ``-h``), as the app's print path does.

The queues print with the cups-pdf backend, which writes each job as a PDF into a folder
set in ``/etc/cups/cups-pdf.conf`` (the backend reads that fixed path; it cannot be
pointed elsewhere without editing ``/etc``). :func:`cups_pdf_output_dirs` works out where
that is; the caller confirms it with a probe job.

Imported by ``tests/cups/conftest.py`` (pytest puts this folder on ``sys.path``; the
module name is unique in the test tree) and, by path, by ``bench/bench_print.py``::

    server = start_cupsd()
    try:
        server.add_queue("slip80")
        ...
    finally:
        server.stop()
"""

from __future__ import annotations

import getpass
import os
import pwd
import shutil
import signal
import socket
import stat
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

#: Where Debian (and most Linux) installs the administration tools and the backends; a
#: user's PATH often lacks the sbin folders, so they are looked for there too.
_SBIN_DIRS = ("/usr/sbin", "/usr/local/sbin", "/sbin")
_BACKEND_DIRS = ("/usr/lib/cups/backend", "/usr/libexec/cups/backend")
_CUPS_PDF_CONF = Path("/etc/cups/cups-pdf.conf")

#: The client and administration tools the fixture and the bench use.
TOOLS = ("cupsd", "lpadmin", "lpinfo", "lp", "lpstat", "cupsenable", "cupsdisable", "cupsreject")

#: Client output is parsed: keep it in English whatever the machine's locale.
_C_LOCALE = {"LC_ALL": "C", "LANG": "C"}


def find_tool(name: str) -> str | None:
    """The path of a CUPS program, from PATH or the usual sbin folders."""
    found = shutil.which(name)
    if found:
        return found
    for folder in _SBIN_DIRS:
        candidate = Path(folder) / name
        if os.access(candidate, os.X_OK):
            return str(candidate)
    return None


def find_cups_pdf_backend() -> Path | None:
    """The cups-pdf backend program, if printer-driver-cups-pdf is installed."""
    for folder in _BACKEND_DIRS:
        candidate = Path(folder) / "cups-pdf"
        if candidate.is_file():
            return candidate
    return None


def why_unavailable() -> str | None:
    """Why a private cupsd with a cups-pdf queue cannot run here, or None if it can."""
    missing = [name for name in TOOLS if find_tool(name) is None]
    if missing:
        return (
            f"CUPS is not installed (missing {', '.join(missing)}): "
            "`./task test` installs cups and cups-client"
        )
    if find_cups_pdf_backend() is None:
        return (
            "the cups-pdf backend is not installed: `./task test` installs printer-driver-cups-pdf"
        )
    if os.geteuid() != 0:
        # cupsd runs a backend that only root may execute (cups-pdf is mode 0700) as
        # root, and only when cupsd itself runs as root.
        return "the cups-pdf backend only runs under a cupsd started as root"
    return None


def _read_cups_pdf_conf() -> dict[str, str]:
    values: dict[str, str] = {}
    try:
        text = _CUPS_PDF_CONF.read_text("utf-8", errors="replace")
    except OSError:
        return values
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition(" ")
            values[key] = value.strip()
    return values


def cups_pdf_output_dirs(user: str | None = None) -> list[Path]:
    """Where cups-pdf may write a job of ``user``, most likely first.

    cups-pdf writes a known user's job to its ``Out`` folder (``${HOME}`` and ``${USER}``
    expanded for that user; default ``/var/spool/cups-pdf/${USER}``), and a job of an
    unknown user to ``AnonDirName`` (default ``/var/spool/cups-pdf/ANONYMOUS``).
    """
    user = user or getpass.getuser()
    conf = _read_cups_pdf_conf()
    out = conf.get("Out", "/var/spool/cups-pdf/${USER}")
    try:
        home = pwd.getpwnam(user).pw_dir
    except KeyError:
        home = ""
    dirs = []
    if home or "${HOME}" not in out:
        dirs.append(Path(out.replace("${HOME}", home).replace("${USER}", user)))
    dirs.append(Path(conf.get("AnonDirName", "/var/spool/cups-pdf/ANONYMOUS")))
    return dirs


def cups_pdf_log_dir() -> Path:
    """Where cups-pdf writes its own logs (``Log``; default ``/var/log/cups``)."""
    return Path(_read_cups_pdf_conf().get("Log", "/var/log/cups"))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


_CUPSD_CONF = """\
# A private scheduler for tests: local connections only, no authentication.
LogLevel info
MaxLogSize 0
Listen 127.0.0.1:{port}
ServerName 127.0.0.1
Browsing No
WebInterface No
DefaultAuthType None
DefaultEncryption Never
PreserveJobHistory Yes
PreserveJobFiles No
<Location />
  Order allow,deny
  Allow from 127.0.0.1
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
"""

_CUPS_FILES_CONF = """\
ServerRoot {base}/etc
RequestRoot {base}/spool
TempDir {base}/spool/tmp
CacheDir {base}/cache
StateDir {base}/run
ErrorLog {base}/log/error_log
AccessLog {base}/log/access_log
PageLog {base}/log/page_log
SystemGroup root
# file: queues (the tests' jammed one prints to /dev/null).
FileDevice Yes
"""


class CupsdError(RuntimeError):
    """The private cupsd did not start or a tool failed; the message has its log."""


@dataclass
class PrivateCupsd:
    """A running private cupsd.

    Attributes:
        base: its folder (configuration, spool, cache, logs); removed by :meth:`stop`.
        port: the TCP port it listens on, on 127.0.0.1.
        process: the ``cupsd -f`` process.
    """

    base: Path
    port: int
    process: subprocess.Popen[bytes]
    _model: str | None = field(default=None, repr=False)
    _new_logs: list[Path] = field(default_factory=list, repr=False)

    @property
    def server(self) -> str:
        """The value for ``CUPS_SERVER`` or a tool's ``-h``."""
        return f"127.0.0.1:{self.port}"

    @property
    def error_log(self) -> Path:
        return self.base / "log" / "error_log"

    def log_tail(self, lines: int = 40) -> str:
        parts = []
        for path in (self.error_log, self.base / "log" / "cupsd.out"):
            try:
                parts += path.read_text("utf-8", errors="replace").splitlines()[-lines:]
            except OSError:
                pass
        return "\n".join(parts)

    def run(self, tool: str, *args: str, timeout: float = 30.0) -> str:
        """Run a CUPS tool against this server and return its output; raise if it fails."""
        path = find_tool(tool)
        if path is None:
            raise CupsdError(f"{tool} is not installed")
        env = {**os.environ, **_C_LOCALE, "CUPS_SERVER": self.server}
        result = subprocess.run(
            [path, "-h", self.server, *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=timeout,
            check=False,
        )
        if result.returncode != 0:
            raise CupsdError(
                f"{tool} {' '.join(args)} failed ({result.returncode}): "
                f"{result.stderr.strip() or result.stdout.strip()}\n{self.log_tail()}"
            )
        return result.stdout

    def pdf_model(self) -> str:
        """The cups-pdf printer model (PPD name) as ``lpinfo -m`` lists it."""
        if self._model is None:
            models = self.run("lpinfo", "-m", timeout=60).splitlines()
            found = [m.split(" ", 1)[0] for m in models if "CUPS-PDF" in m.upper()]
            if not found:
                raise CupsdError("lpinfo -m lists no CUPS-PDF model")
            # Prefer the PPD "with options", the one a person setting up the queue
            # would pick; both accept custom page sizes.
            found.sort(key=lambda m: (not m.lower().endswith("_opt.ppd"), m))
            self._model = found[0]
        return self._model

    def add_queue(
        self,
        name: str,
        *,
        device: str = "cups-pdf:/",
        enabled: bool = True,
        accepting: bool = True,
        options: tuple[str, ...] = (),
    ) -> None:
        """Create a queue (a cups-pdf printer by default), then stop or close it if asked."""
        args = ["-p", name, "-v", device, "-E", "-m", self.pdf_model()]
        if device.startswith("cups-pdf:"):
            # cups-pdf logs into the machine's /var/log/cups, one file per queue, by
            # default (its PPD's LogType 7) a page of debug lines per job: errors only,
            # and the file goes at the end if this queue made it.
            options = ("LogType=1", *options)
            log_file = cups_pdf_log_dir() / f"cups-pdf-{name}_log"
            if not log_file.exists():
                self._new_logs.append(log_file)
        for option in options:
            args += ["-o", option]
        self.run("lpadmin", *args)
        if not enabled:
            self.disable(name)
        if not accepting:
            self.reject(name)

    def enable(self, name: str) -> None:
        self.run("cupsenable", name)

    def disable(self, name: str, reason: str = "Stopped by the test") -> None:
        self.run("cupsdisable", "-r", reason, name)

    def accept(self, name: str) -> None:
        self.run("cupsaccept", name)

    def reject(self, name: str, reason: str = "Rejecting jobs for the test") -> None:
        self.run("cupsreject", "-r", reason, name)

    def stop(self) -> None:
        """Stop cupsd (terminate, then kill its process group) and remove its folders.

        Removes its own folder, and the cups-pdf log files its queues created.
        """
        try:
            if self.process.poll() is None:
                self.process.terminate()
                try:
                    self.process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    # It started its own session: the group is cupsd and its filters.
                    os.killpg(self.process.pid, signal.SIGKILL)
                    self.process.wait(timeout=10)
        finally:
            shutil.rmtree(self.base, ignore_errors=True)
            for log_file in self._new_logs:
                log_file.unlink(missing_ok=True)


def _write_config(base: Path, port: int) -> tuple[Path, Path]:
    for sub in ("etc", "etc/ppd", "spool", "spool/tmp", "cache", "run", "log"):
        (base / sub).mkdir(parents=True, exist_ok=True)
    cupsd_conf = base / "etc" / "cupsd.conf"
    files_conf = base / "etc" / "cups-files.conf"
    cupsd_conf.write_text(_CUPSD_CONF.format(port=port), "utf-8")
    files_conf.write_text(_CUPS_FILES_CONF.format(base=base), "utf-8")
    return cupsd_conf, files_conf


def _answers(server: str) -> bool:
    lpstat = find_tool("lpstat")
    assert lpstat is not None
    try:
        result = subprocess.run(
            [lpstat, "-h", server, "-r"],
            capture_output=True,
            text=True,
            env={**os.environ, **_C_LOCALE},
            timeout=5,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return False
    return result.returncode == 0 and "is running" in result.stdout


def start_cupsd(*, timeout: float = 30.0, attempts: int = 3) -> PrivateCupsd:
    """Start a private cupsd and wait until it answers.

    Raises:
        CupsdError: it exited or did not answer within ``timeout`` (with its log).
    """
    reason = why_unavailable()
    if reason is not None:
        raise CupsdError(reason)
    cupsd = find_tool("cupsd")
    assert cupsd is not None
    last_error = ""
    for _ in range(attempts):
        # Not under pytest's tmp_path: filters run as the "lp" user and must reach the
        # spool, and pytest's folders are private to their owner.
        base = Path(tempfile.mkdtemp(prefix="aftersales-cupsd-"))
        base.chmod(base.stat().st_mode | stat.S_IXOTH | stat.S_IXGRP | stat.S_IROTH)
        port = free_port()
        cupsd_conf, files_conf = _write_config(base, port)
        with open(base / "log" / "cupsd.out", "wb") as out:
            process = subprocess.Popen(
                [cupsd, "-f", "-c", str(cupsd_conf), "-s", str(files_conf)],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                env={**os.environ, **_C_LOCALE},
                start_new_session=True,
            )
        server = PrivateCupsd(base, port, process)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and process.poll() is None:
            if _answers(server.server):
                return server
            time.sleep(0.1)
        last_error = (
            f"cupsd exited ({process.returncode})"
            if process.poll() is not None
            else f"cupsd did not answer within {timeout:.0f} s"
        ) + f"\n{server.log_tail()}"
        server.stop()
        # The port may have been taken between free_port() and cupsd binding it: retry.
    raise CupsdError(last_error)


def wait_for_new_files(
    folder: Path,
    before: dict[str, tuple[int, int]],
    *,
    contains: str = "",
    count: int = 1,
    timeout: float = 30.0,
) -> list[Path]:
    """PDFs in ``folder`` new or changed since ``before``, named with ``contains``, complete.

    cups-pdf names a file after the job's title, so a unique word in the title finds the
    job's file even if another run prints into the same folder. It writes the PDF through
    Ghostscript, then sets its owner and mode; a file counts as complete when it is the
    same on two looks 0.2 s apart. Returns what it found by ``timeout``, maybe fewer.
    """
    deadline = time.monotonic() + timeout
    found: list[Path] = []
    while time.monotonic() < deadline:
        now = snapshot(folder)
        found = [folder / n for n, sig in now.items() if before.get(n) != sig and contains in n]
        if len(found) >= count:
            time.sleep(0.2)
            if snapshot(folder) == now:
                return sorted(found)
        time.sleep(0.1)
    return sorted(found)


def locate_cups_pdf_output(
    server: PrivateCupsd, queue: str, pdf: Path, *, timeout: float = 30.0
) -> tuple[Path, bool]:
    """Where cups-pdf really writes this user's jobs, found by printing ``pdf`` once.

    The candidates come from ``/etc/cups/cups-pdf.conf`` (:func:`cups_pdf_output_dirs`);
    the probe's file is removed. Returns the folder and whether it existed before the
    probe (cups-pdf creates it on the first job).

    Raises:
        CupsdError: the probe did not appear in any candidate folder.
    """
    token = f"probe{uuid.uuid4().hex[:12]}"
    candidates = cups_pdf_output_dirs()
    existed = {folder: folder.is_dir() for folder in candidates}
    before = {folder: snapshot(folder) for folder in candidates}
    server.run("lp", "-d", queue, "-t", f"aftersales {token}", str(pdf))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for folder in candidates:
            if any(token in name for name in snapshot(folder)):
                # There it is; let cups-pdf finish writing it before removing it.
                remaining = max(1.0, deadline - time.monotonic())
                for path in wait_for_new_files(
                    folder, before[folder], contains=token, timeout=remaining
                ):
                    path.unlink(missing_ok=True)
                return folder, existed[folder]
        time.sleep(0.1)
    raise CupsdError(
        "cups-pdf wrote the probe job to none of "
        f"{', '.join(map(str, candidates))}\n{server.log_tail()}"
    )


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Each PDF in ``folder`` by name: (modification time in ns, size)."""
    out: dict[str, tuple[int, int]] = {}
    try:
        entries = list(folder.iterdir())
    except OSError:
        return out
    for path in entries:
        if path.suffix.lower() == ".pdf":
            try:
                st = path.stat()
            except OSError:
                continue
            out[path.name] = (st.st_mtime_ns, st.st_size)
    return out


@dataclass
class Cups:
    """The private CUPS and where its cups-pdf queues' output lands.

    Attributes:
        server: the running scheduler (``server.server`` is the ``CUPS_SERVER`` value).
        output_dir: where cups-pdf writes this user's jobs.
        has_broken_queues: whether the queues on a port that does not exist were made.
    """

    server: PrivateCupsd
    output_dir: Path
    has_broken_queues: bool
    made: list[Path] = field(default_factory=list)

    @staticmethod
    def token() -> str:
        """A word to put in a job's title: cups-pdf names the file after it."""
        return f"t{uuid.uuid4().hex[:12]}"

    def snapshot(self) -> dict[str, tuple[int, int]]:
        return snapshot(self.output_dir)

    def printed(
        self, before: dict[str, tuple[int, int]], token: str, *, count: int = 1
    ) -> list[Path]:
        """The files cups-pdf wrote for jobs titled with ``token`` (removed at the end)."""
        files = wait_for_new_files(self.output_dir, before, contains=token, count=count)
        self.made += files
        return files

    def remove_printed(self) -> None:
        """Delete the files :meth:`printed` found, and nothing else."""
        for path in self.made:
            path.unlink(missing_ok=True)
        self.made.clear()

    def page_log(self) -> str:
        """The scheduler's page log: one line per job, with the copies it counted."""
        path = self.server.base / "log" / "page_log"
        return path.read_text("utf-8") if path.exists() else ""
