"""A real CUPS for the print tests: a private cupsd with cups-pdf queues.

The scheduler (see ``private_cupsd``) is started once per session on its own folders and
port, and stopped at the end. Its queues:

- ``slip80``: enabled and accepting, prints with cups-pdf;
- ``stopped``: disabled (``cupsdisable``);
- ``rejecting``: not accepting jobs (``cupsreject``);
- ``broken``: a serial port that does not exist, with the abort-job error policy (so a
  job is taken, then aborted); only if the serial backend is installed;
- ``halting``: the same port with the stop-printer policy (the queue stops with the job
  in it);
- ``jammed``: a filter that always fails (CUPS stops the job); with the two above.

cups-pdf writes into a folder of the machine that its own configuration names
(``/etc/cups/cups-pdf.conf``, not ours to edit); the fixture finds it with a probe job
and removes, at the end, only the files these tests printed.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from private_cupsd import (
    Cups,
    PrivateCupsd,
    locate_cups_pdf_output,
    start_cupsd,
    why_unavailable,
)
from reportlab.pdfgen import canvas

#: The serial backend fails at once on a port that does not exist: a printer that is
#: set up but broken.
NO_SUCH_PORT = "serial:/dev/aftersales-no-such-port"
_SERIAL_BACKENDS = ("/usr/lib/cups/backend/serial", "/usr/libexec/cups/backend/serial")
MM = 72 / 25.4


@pytest.fixture(scope="session")
def cups_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cups]:
    reason = why_unavailable()
    if reason is not None:
        pytest.skip(reason)
    probe_pdf = tmp_path_factory.mktemp("probe") / "probe.pdf"
    page = canvas.Canvas(str(probe_pdf), pagesize=(80 * MM, 40 * MM))
    page.drawString(10, 50, "probe")
    page.save()
    server = start_cupsd()
    output_dir: Path | None = None
    existed = True
    cups: Cups | None = None
    try:
        server.add_queue("slip80")
        server.add_queue("stopped", enabled=False)
        server.add_queue("rejecting", accepting=False)
        broken = any(Path(p).exists() for p in _SERIAL_BACKENDS)
        if broken:
            server.add_queue(
                "broken", device=NO_SUCH_PORT, options=("printer-error-policy=abort-job",)
            )
            server.add_queue(
                "halting", device=NO_SUCH_PORT, options=("printer-error-policy=stop-printer",)
            )
            _add_jammed_queue(server, tmp_path_factory.mktemp("ppd"))
        output_dir, existed = locate_cups_pdf_output(server, "slip80", probe_pdf)
        cups = Cups(server, output_dir, broken)
        yield cups
    finally:
        server.stop()
        if cups is not None:
            cups.remove_printed()
        if output_dir is not None and not existed:
            # cups-pdf made the folder for our jobs; leave it only if something else
            # wrote there meanwhile.
            try:
                output_dir.rmdir()
            except OSError:
                pass


def _add_jammed_queue(server: PrivateCupsd, folder: Path) -> None:
    """A queue whose filter always fails, so CUPS stops its jobs.

    Its PPD is slip80's (as cupsd stored it) with one more filter, ``false``.
    """
    false = shutil.which("false")
    assert false is not None
    lines = (server.base / "etc" / "ppd" / "slip80.ppd").read_text("latin-1").splitlines()
    lines.insert(1, f'*cupsFilter: "application/vnd.cups-postscript 0 {false}"')
    ppd = folder / "jammed.ppd"
    ppd.write_text("\n".join(lines) + "\n", "latin-1")
    # Not to cups-pdf: its backend runs even when the filter before it fails, and would
    # write an empty, untitled PDF into the user's folder.
    server.run("lpadmin", "-p", "jammed", "-v", "file:/dev/null", "-E", "-P", str(ppd))


@pytest.fixture
def cups(cups_session: Cups, monkeypatch: pytest.MonkeyPatch) -> Cups:
    """The private CUPS, with ``CUPS_SERVER`` pointing the client tools at it."""
    monkeypatch.setenv("CUPS_SERVER", cups_session.server.server)
    return cups_session


@pytest.fixture(scope="session")
def poppler() -> None:
    missing = [t for t in ("pdfinfo", "pdftoppm") if not shutil.which(t)]
    if missing:
        pytest.fail(f"poppler-utils is needed (missing {', '.join(missing)}): `./task test`")
