"""A network that does not fail cleanly must not hold the till: a reply that never ends
is cut at one deadline for the whole exchange, a reply too large is not read whole, and a
redirect is not followed (the store's token never goes to another address). Through the
fault proxy to the real head-office service (SQLite and PostgreSQL)."""

from __future__ import annotations

import socket
import threading
import time
import tracemalloc
from typing import Any

import pytest
from faultproxy import FaultProxy
from sync_helpers import free_port, refund_case

from aftersales.sync import outbox
from aftersales.sync.outbox import HeadOffice, SyncProblem, drain, pending_count
from aftersales.sync.pull import pull

DEADLINE_S = 1.0  # the whole exchange, in these tests (the till's is 15 s)


@pytest.fixture
def short_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(outbox, "TIMEOUT_S", DEADLINE_S)


class Listener:
    """Another address on loopback that records whatever reaches it."""

    def __init__(self) -> None:
        self.port = free_port()
        self.received: list[bytes] = []
        self._sock = socket.create_server(("127.0.0.1", self.port))
        self._sock.settimeout(0.2)
        self._stop = False
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop:
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(2)
                try:
                    self.received.append(conn.recv(65536))
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}")
                except OSError:
                    pass

    def close(self) -> None:
        self._stop = True
        self._thread.join(5)
        self._sock.close()


def test_a_reply_that_drips_is_cut_at_the_deadline(
    shop: Any, proxy: FaultProxy, via: HeadOffice, short_deadline: None
) -> None:
    """Head office's answer comes one byte every 0.2 s (some 90 s in all): the drain gives
    up at the deadline, keeps the events, and sends them once the link is clean."""
    refund_case(shop)
    proxy.plan(["drip:0.2"])
    t0 = time.monotonic()
    result = drain(shop.db, via)
    took = time.monotonic() - t0
    assert took < DEADLINE_S + 2, f"the drain took {took:.1f} s"
    assert (result.problem, result.sent, result.pending) == (SyncProblem.UNREACHABLE, 0, 4)
    assert "1 s" in result.detail, result.detail
    proxy.default = "pass"
    assert drain(shop.db, via).pending == 0


def test_a_pull_whose_reply_drips_is_cut_at_the_deadline(
    shop: Any, proxy: FaultProxy, via: HeadOffice, short_deadline: None
) -> None:
    proxy.default = "drip:0.2"
    t0 = time.monotonic()
    result = pull(shop.db, via)
    took = time.monotonic() - t0
    assert took < DEADLINE_S + 2, f"the pull took {took:.1f} s"
    assert result.problem is SyncProblem.UNREACHABLE, result


def test_a_huge_reply_is_refused_without_reading_it_whole(
    shop: Any, proxy: FaultProxy, via: HeadOffice
) -> None:
    """A 200 of 256 MiB: refused as a bad reply once past what a reply may be, and only
    that much read; the events wait."""
    refund_case(shop)
    proxy.plan(["huge:256"])
    tracemalloc.start()
    try:
        result = drain(shop.db, via)
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (result.problem, result.sent, result.pending) == (SyncProblem.BAD_REPLY, 0, 4)
    assert "larger than" in result.detail, result.detail
    assert peak < 64 * 1024 * 1024, f"{peak / 2**20:.0f} MiB held while reading the reply"
    assert pending_count(shop.db) == 4


def test_a_redirect_is_not_followed_and_the_token_stays_home(
    shop: Any, proxy: FaultProxy, via: HeadOffice
) -> None:
    """A 302 to another address: the till names the address and goes nowhere (its token
    never reaches that host), for sending and for pulling alike."""
    elsewhere = Listener()
    try:
        refund_case(shop)
        proxy.default = f"redirect:{elsewhere.port}"
        result = drain(shop.db, via)
        assert (result.problem, result.pending) == (SyncProblem.BAD_REPLY, 4)
        assert f"127.0.0.1:{elsewhere.port}" in result.detail, result.detail
        pulled = pull(shop.db, via)
        assert pulled.problem is not None and f"127.0.0.1:{elsewhere.port}" in pulled.detail
        time.sleep(0.3)
        assert elsewhere.received == []
    finally:
        elsewhere.close()


# ``.invalid`` never resolves (RFC 6761), and it is refused before any lookup: no test
# here sends anything to another host.
PLAIN_ELSEWHERE = "http://ho.invalid:8700"


def test_plain_http_to_another_computer_is_refused_before_anything_is_sent(shop: Any) -> None:
    """The token would cross the network in clear: refused, saying to use https:// (or to
    allow plain http in settings.ini, for a store network IT vouches for)."""
    from aftersales.sync.outbox import LinkProblem, check_link

    refund_case(shop)
    office = HeadOffice(PLAIN_ELSEWHERE, "a-token")
    result = drain(shop.db, office)
    assert result.problem is SyncProblem.BAD_REPLY and "https://" in result.detail, result
    assert pending_count(shop.db) == 4
    pulled = pull(shop.db, office)
    assert pulled.problem is not None and "https://" in pulled.detail, pulled
    assert check_link(office, "SH01").problem is LinkProblem.PLAIN_HTTP
    # Allowed on purpose, it goes ahead: 0.0.0.0 is not a loopback address, yet connects
    # to this computer, where nothing listens on that port (no traffic leaves).
    allowed = HeadOffice(f"http://0.0.0.0:{free_port()}", "a-token", allow_plain_http=True)
    assert drain(shop.db, allowed).problem is SyncProblem.UNREACHABLE
    refused = HeadOffice(allowed.url, "a-token")
    assert "https://" in drain(shop.db, refused).detail
