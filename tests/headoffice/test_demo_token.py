"""The demo store's well-known token opens only a head office started with ``--demo``:
the real service, started as IT starts it (``aftersales-headoffice serve``), on a loopback
port. A head office that once ran as the demo, then runs for real, keeps the demo store's
row, and must still refuse the token everyone can read in the README."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from aftersales.contract import DEMO_STORE_TOKEN


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(data_dir: Path, *flags: str) -> Iterator[tuple[str, list[str]]]:
    """``aftersales-headoffice serve`` on a free loopback port until the block ends: its
    base URL, and a list that holds its output once it has stopped."""
    port = free_port()
    argv = ["--data-dir", str(data_dir), "serve", "--port", str(port), *flags]
    proc = subprocess.Popen(
        [sys.executable, "-m", "aftersales.headoffice", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output: list[str] = []
    base = f"http://127.0.0.1:{port}/api/v1"
    try:
        deadline, up = time.monotonic() + 90, False
        while not up and time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(base + "/health", timeout=2):
                    up = True
            except OSError:
                time.sleep(0.2)
        assert up, "head office did not start"
        yield base, output
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=30)
        output.append(out)


def who_am_i(base: str, token: str) -> tuple[int, dict[str, object]]:
    request = urllib.request.Request(
        base + "/stores/me", headers={"Authorization": f"Bearer {token}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def test_the_demo_token_opens_only_a_demo_head_office(tmp_path: Path) -> None:
    data = tmp_path / "ho"
    with serving(data, "--demo") as (base, _out):
        status, body = who_am_i(base, DEMO_STORE_TOKEN)
        assert (status, body["code"]) == (200, "SH01")
    # The same head office, now started for real: the demo store's row is still there.
    with serving(data) as (base, output):
        status, body = who_am_i(base, DEMO_STORE_TOKEN)
    assert status == 401
    assert body == {"detail": "missing or unknown store token"}  # nothing more to a caller
    log = output[0]
    assert "refused the demo store's token: this head office was not started with --demo" in log
    assert DEMO_STORE_TOKEN not in log  # the log names no token
