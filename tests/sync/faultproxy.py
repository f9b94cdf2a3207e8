"""A fault-injecting HTTP proxy on loopback, between a till and the head-office service.

One request per connection (the till's urllib opens a new connection for each request and
says ``Connection: close``; the proxy says it upstream too). Each accepted connection takes
the next fault of the plan, or the default fault when the plan is used up::

    with FaultProxy(upstream_port) as proxy:
        proxy.plan(["reset_after_commit", "pass", "delay:2.5"])
        proxy.default = Fault.DROP  # "offline": every later connection is dropped
        drain(db, HeadOffice(proxy.url, token))

Faults (:class:`Fault`):

- ``pass``: forward the request, forward the reply.
- ``drop``: close the connection at once, with a reset, before reading anything.
- ``delay:N``: hold the request N seconds, then forward it (it may reach head office after
  the till gave up: a late copy, as a slow network delivers it), then the reply if the
  till still listens.
- ``slow_reply:N``: forward the request at once (head office commits), hold the reply N s.
- ``reset_after_commit``: forward the whole request, read head office's whole reply, then
  reset the till's connection (``SO_LINGER`` 0) instead of answering.
- ``truncate``: forward, then send only the headers and half of the reply's body, and close.
- ``error_500``: answer ``HTTP/1.1 500`` without forwarding.
- ``error_429``, ``error_404``: answer ``429 Too Many Requests`` (a rate-limiting proxy) or
  ``404 Not Found`` (a proxy routing elsewhere) without forwarding.
- ``refuse_422``: answer as head office refuses an event for good (422 ``event_id_reused``
  naming the batch's first event), without forwarding.
- ``stale_409``: forward (head office applies the batch), then answer 409 ``sequence_gap``
  for the batch's first case, expecting the seq after the last one sent: what head office
  answers from a read taken while another copy of the same events is being applied.
- ``garbage``: answer 200 with an HTML page (not JSON) without forwarding.
- ``wrong_schema``: answer 200 with JSON in the shape of a batch reply, one result per event
  sent, but naming no event sent and no result the API knows; not forwarded.
- ``not_http``: answer bytes that are not HTTP at all; not forwarded.
- ``drip:N``: forward, then send head office's reply one byte every N seconds (a link
  that never quite stops, which no per-read timeout ends).
- ``huge:N``: answer 200 with a body of N MiB of JSON-looking bytes, without forwarding
  (a reply no till should read whole into memory).
- ``redirect:N``: answer ``302 Found`` with ``Location`` on port N of loopback, without
  forwarding (a proxy or a hijacked address sending the till, and its token, elsewhere).
- ``body_limit:N``: a proxy that takes request bodies of N bytes at most (nginx's
  ``client_max_body_size``): a larger one is answered ``413 Request Entity Too Large``
  without forwarding; a smaller one is forwarded as ``pass``.

If head office cannot be reached (``pass`` and the others that forward), the till's
connection is reset: the till sees what it sees when the service is down.

:attr:`FaultProxy.log` keeps one :class:`Exchange` per connection (the fault, the request
body, head office's reply if there was one), so a test can tell what head office answered
a resend even when the till never saw the answer.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import socket
import struct
import threading
import time
from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Self

MAX_HEAD = 64 * 1024
UPSTREAM_TIMEOUT_S = 30.0


class Fault(StrEnum):
    PASS = "pass"
    DROP = "drop"
    DELAY = "delay"
    SLOW_REPLY = "slow_reply"
    RESET_AFTER_COMMIT = "reset_after_commit"
    TRUNCATE = "truncate"
    ERROR_500 = "error_500"
    ERROR_429 = "error_429"
    ERROR_404 = "error_404"
    REFUSE_422 = "refuse_422"
    STALE_409 = "stale_409"
    GARBAGE = "garbage"
    WRONG_SCHEMA = "wrong_schema"
    NOT_HTTP = "not_http"
    BODY_LIMIT = "body_limit"
    DRIP = "drip"
    HUGE = "huge"
    REDIRECT = "redirect"


FORWARDING = frozenset(
    {
        Fault.PASS,
        Fault.DELAY,
        Fault.SLOW_REPLY,
        Fault.RESET_AFTER_COMMIT,
        Fault.TRUNCATE,
        Fault.STALE_409,
        Fault.BODY_LIMIT,
        Fault.DRIP,
    }
)


@dataclass(frozen=True, slots=True)
class Step:
    """One connection's fault, and its number: how long to hold for ``delay`` and
    ``slow_reply`` (seconds), the largest body ``body_limit`` passes (bytes)."""

    fault: Fault
    seconds: float = 0.0  # or bytes, for body_limit

    @classmethod
    def of(cls, spec: Step | Fault | str) -> Step:
        """From a Step, a Fault, or text such as ``"truncate"`` or ``"delay:2.5"``."""
        if isinstance(spec, Step):
            return spec
        name, _, seconds = str(spec).partition(":")
        return cls(Fault(name), float(seconds) if seconds else 0.0)

    def __str__(self) -> str:
        return f"{self.fault.value}:{self.seconds:g}" if self.seconds else self.fault.value


@dataclass(slots=True)
class Exchange:
    """What happened on one connection."""

    step: Step
    path: str = ""
    request_body: bytes = b""  # as sent (gzipped, from a till)
    request_gzipped: bool = False
    upstream_status: int | None = None  # None: not forwarded, or head office unreachable
    upstream_body: bytes = b""
    error: str = ""  # what went wrong in the proxy itself (reported, never raised)
    done: bool = False

    def request_json(self) -> Any:
        return _body_json(self.request_body, self.request_gzipped)

    def upstream_json(self) -> object:
        return json.loads(self.upstream_body) if self.upstream_body else None


@dataclass(slots=True)
class _Request:
    head: bytes
    body: bytes
    path: str
    gzipped: bool = False  # Content-Encoding: gzip

    def json(self) -> Any:
        return _body_json(self.body, self.gzipped)


def _body_json(body: bytes, gzipped: bool) -> Any:
    """A request body's JSON, unpacked first if it came gzipped (ValueError if not JSON)."""
    try:
        text = gzip.decompress(body) if gzipped else body
    except (OSError, EOFError) as e:  # BadGzipFile is an OSError
        raise ValueError(f"not gzip: {e}") from e
    return json.loads(text)


class FaultProxy:
    """A threaded TCP proxy on 127.0.0.1 to ``upstream_port`` with a fault per connection.

    ``upstream_port`` may be changed while it runs (the next connection uses it).
    """

    def __init__(self, upstream_port: int, *, default: Step | Fault | str = Fault.PASS) -> None:
        self.upstream_port = upstream_port
        self._default = Step.of(default)
        self._plan: deque[Step] = deque()
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._active = 0
        self._closing = threading.Event()
        self.log: list[Exchange] = []
        self.counts: Counter[Fault] = Counter()
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self._listener.settimeout(0.1)
        self.port: int = self._listener.getsockname()[1]
        self._acceptor = threading.Thread(target=self._accept_loop, name="faultproxy", daemon=True)
        self._acceptor.start()

    # -- control ----------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def default(self) -> Step:
        return self._default

    @default.setter
    def default(self, spec: Step | Fault | str) -> None:
        with self._lock:
            self._default = Step.of(spec)

    def plan(self, steps: Iterable[Step | Fault | str]) -> None:
        """Faults for the next connections, one each, in order; then the default again.
        Replaces what is left of an earlier plan."""
        parsed = [Step.of(s) for s in steps]
        with self._lock:
            self._plan = deque(parsed)

    def planned(self) -> list[Step]:
        with self._lock:
            return list(self._plan)

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Wait until no connection is being handled (held requests forwarded too)."""
        deadline = time.monotonic() + timeout
        with self._idle:
            while self._active:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._idle.wait(left)
        return True

    def close(self) -> None:
        self._closing.set()
        self._acceptor.join(10)
        self._listener.close()
        self.wait_idle(UPSTREAM_TIMEOUT_S + 5)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the work ---------------------------------------------------------------------

    def _accept_loop(self) -> None:
        while not self._closing.is_set():
            try:
                conn, _addr = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                step = self._plan.popleft() if self._plan else self._default
                self._active += 1
                self.counts[step.fault] += 1
                ex = Exchange(step)
                self.log.append(ex)
            threading.Thread(
                target=self._handle, args=(conn, ex), name=f"faultproxy-{step}", daemon=True
            ).start()

    def _handle(self, conn: socket.socket, ex: Exchange) -> None:
        try:
            conn.settimeout(UPSTREAM_TIMEOUT_S)
            self._serve(conn, ex)
        except Exception as e:  # a till that went away is no error of the proxy's
            ex.error = f"{type(e).__name__}: {e}"
        finally:
            with contextlib.suppress(OSError):
                conn.close()
            ex.done = True
            with self._idle:
                self._active -= 1
                self._idle.notify_all()

    def _serve(self, conn: socket.socket, ex: Exchange) -> None:
        fault, seconds = ex.step.fault, ex.step.seconds
        if fault is Fault.DROP:
            _reset(conn)
            return
        request = _read_request(conn)
        if request is None:
            ex.error = "the client sent no whole request"
            return
        ex.path, ex.request_body = request.path, request.body
        ex.request_gzipped = request.gzipped
        if fault is Fault.DELAY:
            time.sleep(seconds)
        if fault is Fault.ERROR_500:
            conn.sendall(
                _reply(500, "Internal Server Error", b"Internal Server Error", "text/plain")
            )
            return
        if fault is Fault.ERROR_429:
            page = b"<h1>429 Too Many Requests</h1>"
            conn.sendall(_reply(429, "Too Many Requests", page, "text/html"))
            return
        if fault is Fault.ERROR_404:
            conn.sendall(_reply(404, "Not Found", b'{"detail":"Not Found"}', "application/json"))
            return
        if fault is Fault.GARBAGE:
            page = b"<html><body><h1>Welcome to the hotel Wi-Fi</h1></body></html>"
            conn.sendall(_reply(200, "OK", page, "text/html"))
            return
        if fault is Fault.REFUSE_422:
            try:
                first = request.json()["events"][0]
                problem = {"code": "event_id_reused", "event_id": first["event_id"]}
                problem["case_no"] = first["case_no"]
            except (ValueError, KeyError, TypeError, IndexError):
                problem = {"code": "event_id_reused", "event_id": "", "case_no": ""}
            body = json.dumps({"detail": {**problem, "expected_seq": None}}).encode()
            conn.sendall(_reply(422, "Unprocessable Content", body, "application/json"))
            return
        if fault is Fault.WRONG_SCHEMA:
            try:
                n = len(request.json()["events"])
            except (ValueError, KeyError, TypeError):
                n = 1
            body = json.dumps({"results": [{"id": i, "status": "ok"} for i in range(n)]})
            conn.sendall(_reply(200, "OK", body.encode(), "application/json"))
            return
        if fault is Fault.NOT_HTTP:
            conn.sendall(b"\x15\x03\x03\x00\x02\x02\x46 this is not HTTP\r\n\r\n")
            return
        if fault is Fault.HUGE:
            _send_huge(conn, int(seconds * 1024 * 1024))
            return
        if fault is Fault.REDIRECT:
            where = f"http://127.0.0.1:{int(seconds)}{request.path}"
            head = (
                "HTTP/1.1 302 Found\r\n"
                f"Location: {where}\r\n"
                "Content-Length: 0\r\nConnection: close\r\n\r\n"
            )
            conn.sendall(head.encode("latin-1"))
            return
        if fault is Fault.BODY_LIMIT and len(request.body) > seconds:
            page = b"<html><body><h1>413 Request Entity Too Large</h1>nginx</body></html>"
            conn.sendall(_reply(413, "Request Entity Too Large", page, "text/html"))
            return
        assert fault in FORWARDING, fault
        reply = self._forward(request, ex)
        if reply is None:
            _reset(conn)  # head office is down: the till sees a dead connection
            return
        if fault is Fault.RESET_AFTER_COMMIT:
            _reset(conn)
            return
        if fault is Fault.STALE_409:
            conn.sendall(_stale_409(request))
            return
        if fault is Fault.TRUNCATE:
            head_end = reply.find(b"\r\n\r\n") + 4
            body_len = len(reply) - head_end
            cut = head_end + max(1, body_len // 2) if body_len > 1 else max(1, head_end // 2)
            conn.sendall(reply[:cut])
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_WR)
            return
        if fault is Fault.DRIP:
            for i in range(len(reply)):
                conn.sendall(reply[i : i + 1])
                time.sleep(seconds)
            return
        if fault is Fault.SLOW_REPLY:
            time.sleep(seconds)
        conn.sendall(reply)

    def _forward(self, request: _Request, ex: Exchange) -> bytes | None:
        """Send the request to head office and read its whole reply; None if unreachable."""
        try:
            up = socket.create_connection(
                ("127.0.0.1", self.upstream_port), timeout=UPSTREAM_TIMEOUT_S
            )
        except OSError as e:
            ex.error = f"upstream: {e}"
            return None
        with up:
            try:
                up.sendall(request.head + request.body)
                chunks = []
                while chunk := up.recv(65536):
                    chunks.append(chunk)
            except OSError as e:  # killed mid-request: as good as unreachable
                ex.error = f"upstream: {e}"
                return None
        reply = b"".join(chunks)
        if not reply:
            ex.error = "upstream closed without a reply"
            return None
        status_line, _, rest = reply.partition(b"\r\n")
        with contextlib.suppress(ValueError, IndexError):
            ex.upstream_status = int(status_line.split()[1])
        ex.upstream_body = rest.partition(b"\r\n\r\n")[2]
        return reply


def _read_request(conn: socket.socket) -> _Request | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
        if len(data) > MAX_HEAD:
            return None
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    length = 0
    gzipped = False
    kept = [lines[0]]
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        key = name.strip().lower()
        if key == b"content-length":
            length = int(value.strip())
        if key == b"content-encoding":
            gzipped = value.strip().lower() == b"gzip"
        if key in (b"connection", b"keep-alive", b"proxy-connection"):
            continue
        kept.append(line)
    kept.append(b"Connection: close")
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        body += chunk
    parts = lines[0].split()
    path = parts[1].decode("latin-1") if len(parts) > 1 else ""
    return _Request(b"\r\n".join(kept) + b"\r\n\r\n", body[:length], path, gzipped)


def _reply(status: int, reason: str, body: bytes, content_type: str) -> bytes:
    head = (
        f"HTTP/1.1 {status} {reason}\r\n"
        f"Content-Type: {content_type}\r\n"
        f"Content-Length: {len(body)}\r\n"
        "Connection: close\r\n\r\n"
    )
    return head.encode("latin-1") + body


def _send_huge(conn: socket.socket, size: int) -> None:
    """A 200 whose body is ``size`` bytes, sent as fast as the till reads it."""
    head = (
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        f"Content-Length: {size}\r\nConnection: close\r\n\r\n"
    )
    conn.sendall(head.encode("latin-1") + b'{"results": [')
    block = b" " * 65536
    sent = 13
    while sent < size:
        conn.sendall(block[: min(len(block), size - sent)])
        sent += min(len(block), size - sent)


def _stale_409(request: _Request) -> bytes:
    try:
        events = request.json()["events"]
        case_no = events[0]["case_no"]
        last = max(e["seq"] for e in events if e["case_no"] == case_no)
        problem = {"code": "sequence_gap", "event_id": events[0]["event_id"]}
        problem |= {"case_no": case_no, "expected_seq": last + 1}
    except (ValueError, KeyError, TypeError, IndexError):
        problem = {"code": "sequence_gap", "event_id": "", "case_no": "", "expected_seq": 1}
    body = json.dumps({"detail": problem}).encode()
    return _reply(409, "Conflict", body, "application/json")


def _reset(conn: socket.socket) -> None:
    """Close with RST rather than FIN: SO_LINGER on, zero seconds."""
    with contextlib.suppress(OSError):
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()


__all__ = ["FORWARDING", "Exchange", "Fault", "FaultProxy", "Step"]
