"""Printing a PDF on the system's print queues: CUPS, through its command-line client.

On Linux and macOS the queues belong to CUPS. The PDF we made is what gets printed: it is
submitted as it is with ``lp`` (no re-rendering through Qt), with the paper size read from
its first page, so an 80 mm slip comes out on 80 mm paper and not on the queue's default
A4. ``lp`` and ``lpstat`` honour ``CUPS_SERVER``, which is how the tests point them at a
private scheduler. One thing the tools do not print is how a finished job ended (lpstat
lists a completed job and an aborted one alike), so that one answer is read from CUPS
over IPP (Get-Job-Attributes), at the address ``lpstat -H`` gives.

Failures are sorted into a :class:`PrintProblem` code, as :mod:`aftersales.db.errors`
does for SQLite: the UI words each code, and :attr:`PrintOutcome.detail` keeps what the
system itself said, for the log and the details box. Nothing here raises for a printer's
fault; only a bug in the caller (copies below 1) raises.

Every call is blocking (``submit_pdf`` waits up to ``wait_s`` for the job to finish) and
runs the CUPS tools as subprocesses, each with a timeout: call it from a worker thread.
Two calls may run at the same time on different threads; the only shared state is
:data:`PDFIUM_LOCK`.

Typical use::

    outcome = submit_pdf(settings.slip_queue, path, copies=1, title=case_no)
    if not outcome.ok:
        log.warning("print failed: %s %s", outcome.problem, outcome.detail)
"""

from __future__ import annotations

import http.client
import logging
import math
import os
import re
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from ._ipp import ipp_job_state

log = logging.getLogger(__name__)

#: PDFium (under pypdfium2) must never be entered from two threads at once, even on
#: different documents (pypdfium2's "Incompatibility with Threading"). Every user of
#: pypdfium2 in the app takes this lock around its calls.
PDFIUM_LOCK = threading.Lock()

#: Seconds allowed to each quick CUPS query (lpstat) and to submitting a job (lp, which
#: uploads the file).
QUERY_TIMEOUT_S = 10.0
SUBMIT_TIMEOUT_S = 30.0

#: The tools' messages are parsed: run them in the C locale, whatever the till's language.
_C_LOCALE = {"LC_ALL": "C", "LANG": "C", "LANGUAGE": "C"}


class QueueState(StrEnum):
    """A queue as ``lpstat`` shows it. MISSING also when CUPS cannot be asked."""

    READY = "ready"
    PRINTING = "printing"
    STOPPED = "stopped"
    REJECTING = "rejecting"
    MISSING = "missing"


class PrintProblem(StrEnum):
    """Why a document did not print (or is not known to have printed).

    NO_PRINTER: no queue is set for the document. MISSING: the queue does not exist.
    STOPPED: the queue is disabled; nothing was sent, so a retry once it is enabled
    prints it once. REJECTING: the queue refuses jobs; nothing was sent. NO_CUPS: no
    ``lp``/``lpstat`` here, or no scheduler answering. FAILED: CUPS aborted, cancelled or
    stopped the job (its id is given), or ``lp`` refused it, or the PDF could not be
    read (no id). TIMEOUT: the job was accepted (its id is given) but had not finished
    after ``wait_s``, or the queue stopped with the job in it: it is still queued and
    prints when the printer can, so sending it again would print it twice. (Only if
    ``lp`` or ``lpstat`` itself hung is there no id: then nobody knows.)
    """

    NO_PRINTER = "no_printer"
    MISSING = "missing"
    STOPPED = "stopped"
    REJECTING = "rejecting"
    NO_CUPS = "no_cups"
    FAILED = "failed"
    TIMEOUT = "timeout"


@dataclass(frozen=True, slots=True)
class PrintOutcome:
    """What became of a print request.

    Attributes:
        queue: the queue asked for ("" if none).
        job_id: CUPS's id for the job (``"slip80-12"``), if a job was created.
        problem: None if the job completed.
        detail: the system's own words (English), for the log and the details box.
    """

    queue: str
    job_id: str | None
    problem: PrintProblem | None
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.problem is None


# -- running the tools -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Run:
    returncode: int
    out: str
    err: str

    @property
    def words(self) -> str:
        """What the tool said, stderr first, on one line per message."""
        return "\n".join(t for t in (self.err.strip(), self.out.strip()) if t)


def _tool(name: str) -> str | None:
    """A CUPS client program on PATH (lp and lpstat live in /usr/bin on Linux and macOS)."""
    return shutil.which(name)


def _run(path: str, *args: str, timeout: float) -> _Run:
    """Run a CUPS tool; raises subprocess.TimeoutExpired (the child is killed) or OSError."""
    result = subprocess.run(
        [path, *args],
        capture_output=True,
        text=True,
        errors="replace",
        env={**os.environ, **_C_LOCALE},
        stdin=subprocess.DEVNULL,
        timeout=timeout,
        check=False,
    )
    return _Run(result.returncode, result.stdout, result.stderr)


def _scheduler_running(lpstat: str) -> bool:
    """Whether a CUPS scheduler answers (``lpstat -r``)."""
    try:
        result = _run(lpstat, "-r", timeout=QUERY_TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return "scheduler is running" in result.out


# -- queues ------------------------------------------------------------------------------


def list_queues() -> list[str]:
    """Names of the print queues CUPS knows (``lpstat -e``); [] if none or no CUPS."""
    lpstat = _tool("lpstat")
    if lpstat is None:
        return []
    try:
        result = _run(lpstat, "-e", timeout=QUERY_TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.info("lpstat -e failed: %s", exc)
        return []
    if result.returncode != 0:
        log.info("lpstat -e failed: %s", result.words)
        return []
    return [line.strip() for line in result.out.splitlines() if line.strip()]


@dataclass(frozen=True, slots=True)
class _QueueReport:
    """A queue's state, what lpstat said, and for MISSING whether CUPS itself is at fault."""

    state: QueueState
    words: str
    cups_problem: PrintProblem | None = None


def _queue_report(lpstat: str, queue: str) -> _QueueReport:
    """The queue's state from ``lpstat -p QUEUE -a QUEUE``, with what lpstat said."""
    try:
        result = _run(lpstat, "-p", queue, "-a", queue, timeout=QUERY_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        words = f"lpstat did not answer in {QUERY_TIMEOUT_S:.0f} s"
        return _QueueReport(QueueState.MISSING, words, PrintProblem.TIMEOUT)
    except OSError as exc:
        return _QueueReport(QueueState.MISSING, str(exc), PrintProblem.NO_CUPS)
    words = result.words
    # lpstat prints "printer NAME ..." for -p and "NAME accepting/not accepting ..." for -a.
    printer_line = re.search(rf"^printer {re.escape(queue)} (.*)$", result.out, re.MULTILINE)
    accept_line = re.search(rf"^{re.escape(queue)} (not )?accepting", result.out, re.MULTILINE)
    if printer_line is None or accept_line is None:
        # lpstat says "Invalid destination name in list" both for an unknown queue and
        # when no scheduler answers at all: ask which.
        if _scheduler_running(lpstat):
            return _QueueReport(QueueState.MISSING, words)
        words = f"{words}\nscheduler is not running".strip()
        return _QueueReport(QueueState.MISSING, words, PrintProblem.NO_CUPS)
    status = printer_line.group(1)
    if status.startswith("disabled"):
        return _QueueReport(QueueState.STOPPED, words)
    if accept_line.group(1):
        return _QueueReport(QueueState.REJECTING, words)
    if status.startswith("now printing"):
        return _QueueReport(QueueState.PRINTING, words)
    return _QueueReport(QueueState.READY, words)


def queue_state(queue: str) -> QueueState:
    """The state of ``queue`` (``lpstat -p``/``-a``); MISSING if CUPS cannot be asked.

    A queue that is both stopped and rejecting is STOPPED.
    """
    lpstat = _tool("lpstat")
    if lpstat is None or not queue:
        return QueueState.MISSING
    return _queue_report(lpstat, queue).state


# -- paper -------------------------------------------------------------------------------

_PT_PER_MM = 72 / 25.4

#: Standard sizes CUPS knows by name (PWG self-describing names would do as well; these
#: are the names in every PPD), in points, portrait.
_NAMED_SIZES = (
    ("A4", 595.28, 841.89),
    ("A5", 419.53, 595.28),
    ("Letter", 612.0, 792.0),
    ("Legal", 612.0, 1008.0),
)


def media_for(pdf: Path) -> str:
    """The CUPS ``media`` option for the paper of ``pdf``'s first page.

    A standard size gives its name (``"A4"``); anything else a custom size in whole
    millimetres, ``"Custom.80x151mm"``, its length rounded up so nothing is cut off.

    Raises:
        OSError or pypdfium2.PdfiumError: the file cannot be read as a PDF.
    """
    # pypdfium2 ships no type hints; "unused-ignore" keeps this quiet if stubs appear.
    import pypdfium2  # type: ignore[import-untyped, unused-ignore]

    with PDFIUM_LOCK:
        document = pypdfium2.PdfDocument(pdf)
        try:
            page = document[0]
            try:
                width, height = page.get_size()
            finally:
                page.close()
        finally:
            document.close()
    portrait = (min(width, height), max(width, height))
    for name, w, h in _NAMED_SIZES:
        if abs(portrait[0] - w) <= 1.5 and abs(portrait[1] - h) <= 1.5:
            return name
    width_mm = round(width / _PT_PER_MM)
    # Up to the next whole millimetre, but a page made exactly N mm tall stays N: PDF
    # writers round the MediaBox (reportlab writes 150 mm as 425.2 pt, 150.001 mm).
    height_mm = math.ceil(height / _PT_PER_MM - 0.05)
    return f"Custom.{width_mm}x{height_mm}mm"


# -- submitting --------------------------------------------------------------------------

_REQUEST_ID = re.compile(r"request id is (\S+)")


def submit_pdf(
    queue: str | None,
    pdf: Path,
    *,
    copies: int = 1,
    title: str = "",
    wait_s: float = 10.0,
) -> PrintOutcome:
    """Print ``pdf`` on ``queue`` and wait (up to ``wait_s``) for the job to finish.

    The queue is checked first, so that a stopped queue is reported rather than left
    holding the job. Blocking: call it from a worker thread.

    Args:
        queue: the CUPS queue; None or "" means no printer is set.
        pdf: the document, submitted as it is, on the paper of its first page.
        copies: how many copies (CUPS's ``-n``).
        title: the job's title in the queue (default: the file's name).
        wait_s: how long to wait for the job to leave the queue; 0 returns as soon as
            CUPS has accepted it (then a job still queued gives TIMEOUT).

    Raises:
        ValueError: ``copies`` is below 1 (a bug in the caller).
    """
    if copies < 1:
        raise ValueError(f"copies must be at least 1, not {copies}")
    if not queue:
        return PrintOutcome("", None, PrintProblem.NO_PRINTER)
    lp, lpstat = _tool("lp"), _tool("lpstat")
    if lp is None or lpstat is None:
        return PrintOutcome(queue, None, PrintProblem.NO_CUPS, "lp/lpstat not found")

    report = _queue_report(lpstat, queue)
    if report.state is QueueState.MISSING:
        problem = report.cups_problem or PrintProblem.MISSING
        return PrintOutcome(queue, None, problem, report.words)
    if report.state is QueueState.STOPPED:
        return PrintOutcome(queue, None, PrintProblem.STOPPED, report.words)
    if report.state is QueueState.REJECTING:
        return PrintOutcome(queue, None, PrintProblem.REJECTING, report.words)

    try:
        media = media_for(pdf)
    except Exception as exc:  # PdfiumError, OSError: the file is gone or damaged.
        return PrintOutcome(queue, None, PrintProblem.FAILED, f"{pdf.name}: {exc}")

    args = ["-d", queue, "-n", str(copies), "-o", f"media={media}"]
    if title:
        args += ["-t", title]
    args += ["--", str(pdf.resolve())]
    try:
        result = _run(lp, *args, timeout=SUBMIT_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        # lp was killed: CUPS may or may not have the job. Say so rather than guess.
        return PrintOutcome(
            queue, None, PrintProblem.TIMEOUT, f"lp did not answer in {SUBMIT_TIMEOUT_S:.0f} s"
        )
    except OSError as exc:
        return PrintOutcome(queue, None, PrintProblem.NO_CUPS, str(exc))
    match = _REQUEST_ID.search(result.out)
    if result.returncode != 0 or match is None:
        return PrintOutcome(queue, None, _lp_problem(result.words), result.words)
    job_id = match.group(1)
    log.info("print job %s: %s on %s, %s", job_id, pdf.name, queue, media)
    return _JobWatch(lpstat, queue, job_id).wait(wait_s)


def _lp_problem(words: str) -> PrintProblem:
    """Sort lp's refusal: the queue changed between the check and the submission."""
    text = words.lower()
    if "not accepting" in text:
        return PrintProblem.REJECTING
    if "does not exist" in text or "unknown destination" in text:
        return PrintProblem.MISSING
    return PrintProblem.FAILED


@dataclass(frozen=True, slots=True)
class _JobEntry:
    """Our job as ``lpstat -l`` shows it: its "Status" (the printer's message for it)
    and its "Alerts" (job-state-reasons)."""

    status: str
    alerts: str


def _job_entry(lpstat: str, queue: str, job_id: str) -> _JobEntry | None:
    """Our job's entry in ``lpstat -l -W not-completed -o QUEUE``; None once it has left.

    Raises:
        subprocess.TimeoutExpired, OSError: lpstat did not run or answer.
    """
    result = _run(lpstat, "-l", "-W", "not-completed", "-o", queue, timeout=QUERY_TIMEOUT_S)
    status = alerts = ""
    inside = False
    for line in result.out.splitlines():
        if not line.startswith(("\t", " ")):
            if inside:
                break
            inside = line.split(maxsplit=1)[:1] == [job_id]
            continue
        if inside:
            text = line.strip()
            if text.startswith("Status:"):
                status = text.removeprefix("Status:").strip()
            elif text.startswith("Alerts:"):
                alerts = text.removeprefix("Alerts:").strip()
    if not inside:
        if result.returncode != 0:
            # Not an answer about the job: take it as still there and ask again.
            return _JobEntry(result.words, "")
        return None
    return _JobEntry(status, alerts)


# IPP job-state values (RFC 8011 5.3.7).
_PENDING, _HELD, _PROCESSING, _STOPPED, _CANCELED, _ABORTED, _COMPLETED = range(3, 10)
_JOB_STATES = {
    _PENDING: "pending",
    _HELD: "held",
    _PROCESSING: "processing",
    _STOPPED: "stopped",
    _CANCELED: "canceled",
    _ABORTED: "aborted",
    _COMPLETED: "completed",
}

#: job-state-reasons of a stopped job, for when its state cannot be read over IPP (a
#: filter that fails leaves "job-completed-with-errors" on a job CUPS then stops).
_STOPPED_REASONS = ("job-stopped", "job-completed-with-errors")


class _JobWatch:
    """Waits for one job to leave its queue, and tells how it ended.

    The job is followed with ``lpstat``; its state, which lpstat does not print (its
    "Alerts" read the same for a job that completed and one that was aborted), is asked
    of CUPS over IPP, at the address lpstat itself uses (``lpstat -H``).
    """

    def __init__(self, lpstat: str, queue: str, job_id: str) -> None:
        self.lpstat = lpstat
        self.queue = queue
        self.job_id = job_id
        self._address: str | None = None

    def outcome(self, problem: PrintProblem | None, detail: str) -> PrintOutcome:
        return PrintOutcome(self.queue, self.job_id, problem, detail)

    def state(self) -> tuple[int, str] | None:
        """(job-state, the printer's message about the job); None if it cannot be read."""
        try:
            if self._address is None:
                self._address = _server_address(self.lpstat)
            return ipp_job_state(self._address, self.job_id, QUERY_TIMEOUT_S)
        except (OSError, ValueError, http.client.HTTPException, subprocess.SubprocessError) as e:
            log.info("print job %s: state unknown: %s", self.job_id, e)
            return None

    def wait(self, wait_s: float) -> PrintOutcome:
        deadline = time.monotonic() + wait_s
        pause = 0.05
        last = _JobEntry("", "")
        while True:
            try:
                entry = _job_entry(self.lpstat, self.queue, self.job_id)
            except (OSError, subprocess.TimeoutExpired) as exc:
                entry = _JobEntry(str(exc), "")
            if entry is None:
                verdict = self._left_queue(last)
                if verdict is not None:
                    return verdict
            else:
                last = entry
                if "job-printing" not in entry.alerts:
                    verdict = self._not_printing(entry)
                    if verdict is not None:
                        return verdict
            if time.monotonic() >= deadline:
                return self.outcome(PrintProblem.TIMEOUT, _job_words(last))
            time.sleep(min(pause, max(0.0, deadline - time.monotonic())))
            pause = min(pause * 1.5, 0.25)

    def _left_queue(self, last: _JobEntry) -> PrintOutcome | None:
        """The verdict on a job lpstat no longer lists; None if CUPS says it is not done."""
        state = self.state()
        if state is None:
            # It left the queue, which is what a completed job does.
            return self.outcome(None, "left the queue; its final state could not be read")
        code, message = state
        if code == _COMPLETED:
            return self.outcome(None, message)
        if code in (_PENDING, _HELD, _PROCESSING):
            return None  # restarted or requeued meanwhile: keep waiting
        words = f"job {_JOB_STATES.get(code, str(code))}"
        if message or last.status:
            words += f": {message or last.status}"
        return self.outcome(PrintProblem.FAILED, words)

    def _not_printing(self, entry: _JobEntry) -> PrintOutcome | None:
        """A verdict on a job that waits in the queue, if it will not print by itself."""
        state = self.state()
        stopped = (
            state[0] == _STOPPED
            if state is not None
            else any(r in entry.alerts for r in _STOPPED_REASONS)
        )
        if stopped:
            # CUPS stopped the job (a filter failed): it stays in the queue, held.
            return self.outcome(PrintProblem.FAILED, f"job stopped: {_job_words(entry)}")
        report = _queue_report(self.lpstat, self.queue)
        if report.state is QueueState.STOPPED:
            # The queue stopped (a printer error under the stop-printer policy, or
            # someone paused it) with our job in it: the job waits there and prints
            # once the queue is started again, so it is queued, not lost.
            return self.outcome(PrintProblem.TIMEOUT, report.words)
        return None


def _job_words(entry: _JobEntry) -> str:
    return "; ".join(t for t in (entry.status, entry.alerts) if t and t != "none")


# -- where the scheduler is, for a job's state over IPP (_ipp) ---------------------------


def _server_address(lpstat: str) -> str:
    """The scheduler the CUPS tools talk to (``lpstat -H``: honours CUPS_SERVER)."""
    result = _run(lpstat, "-H", timeout=QUERY_TIMEOUT_S)
    address = result.out.strip()
    if result.returncode != 0 or not address:
        raise OSError(result.words or "lpstat -H gave no server")
    return address
