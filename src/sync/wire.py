"""One HTTP exchange with head office: one deadline for the whole of it, a cap on the
reply's size, and no redirect followed.

A socket timeout bounds each read, not the exchange: a reply that comes one byte every few
seconds would hold the till for ever. Here a timer cuts the connection when the deadline
passes, whatever stage the exchange is at (connecting, sending, the headers, the body).
A redirect is never followed: it would take the store's token to another address.

Every reply of head office carries its clock (:data:`~aftersales.contract.HEAD_OFFICE_TIME`):
each exchange measures this till's clock against it (:attr:`Reply.skew_s`).

Head office's certificate is always checked (Python's default context: a trusted
authority, and the address's name); IT may name a private certificate authority instead
(``sync/ca_file`` in settings.ini).
"""

from __future__ import annotations

import http.client
import ipaddress
import json
import socket
import ssl
import threading
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from ..contract import HEAD_OFFICE_TIME, parse_head_office_time
from ..domain import clock

MAX_REPLY_BYTES = 32 * 1024 * 1024
"""The largest reply read: a page of reference data is some hundreds of kilobytes, a batch's
answer some tens."""
_CHUNK = 64 * 1024


class Redirected(http.client.HTTPException):
    """Head office's address answered with a redirect, which the till does not follow."""

    def __init__(self, status: int, location: str | None) -> None:
        super().__init__(
            f"head office's address answered {status}, sending the till to "
            f"{location or 'no address'}: not followed (check the address in Settings)"
        )
        self.location = location or ""


class ReplyTooLarge(http.client.HTTPException):
    """The reply is larger than :data:`MAX_REPLY_BYTES`; it was not read."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the reply is larger than {limit // (1024 * 1024)} MiB: not read")


class PlainHttpRefused(http.client.HTTPException):
    """``http://`` to another computer: the store's token would cross the network in clear."""

    def __init__(self, host: str) -> None:
        super().__init__(
            f"http:// to {host} would send the store's token in clear: use https:// (or set "
            "sync/allow_plain_http=true in settings.ini, on a network IT vouches for)"
        )


class UntrustedCertificate(OSError):
    """Head office's certificate was not signed by an authority this till trusts (or the CA
    file IT named cannot be read): nothing was sent."""

    def __init__(self, why: str) -> None:
        super().__init__(
            f"head office's certificate is not trusted ({why}): nothing was sent. If head "
            "office uses a private certificate authority, IT names its certificate in "
            "settings.ini (sync/ca_file); otherwise check the address"
        )


def tls_context(ca_file: str | None = None) -> ssl.SSLContext:
    """The context every https exchange uses: Python's default (certificate and host name
    checked), trusting the system's authorities, or only ``ca_file``'s if IT named one."""
    try:
        return ssl.create_default_context(cafile=ca_file or None)
    except (OSError, ssl.SSLError) as e:
        why = getattr(e, "strerror", None) or str(e)
        raise UntrustedCertificate(f"the CA file {ca_file} in sync/ca_file: {why}") from None


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this computer (plain http stays on it)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class DeadlineExceeded(TimeoutError):
    """No whole reply within the deadline."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"timed out: no whole reply within {seconds:g} s")


@dataclass(frozen=True, slots=True)
class Reply:
    """A whole reply.

    Attributes:
        skew_s: this till's clock minus head office's, in seconds: the middle of the round
            trip (request sent to headers read, on this till's clock) against the time
            head office put on the reply; None if the reply has none.
        measured_at: the middle of that round trip, on this till's clock.
    """

    status: int
    body: bytes
    skew_s: float | None = None
    measured_at: datetime | None = None

    def json(self) -> Any:
        """The body as JSON (ValueError if it is not)."""
        return json.loads(self.body)


def exchange(
    url: str,
    *,
    timeout: float,
    method: str = "GET",
    body: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    limit: int = MAX_REPLY_BYTES,
    plain_http_ok: bool = False,
    ca_file: str | None = None,
) -> Reply:
    """Send one request and read its whole reply within ``timeout`` seconds in all.

    Raises:
        DeadlineExceeded: (a TimeoutError) the reply was not whole in time.
        Redirected, ReplyTooLarge, PlainHttpRefused: (http.client.HTTPException) what the
            names say; plain ``http://`` goes only to this computer unless ``plain_http_ok``.
        UntrustedCertificate: (an OSError) https to a certificate no trusted authority
            signed (the system's, or only ``ca_file``'s if given).
        OSError, http.client.HTTPException: the network's and HTTP's own failures.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise http.client.InvalidURL(f"not an http(s) address: {url!r}")
    if parts.scheme == "http" and not plain_http_ok and not is_loopback(parts.hostname):
        raise PlainHttpRefused(parts.hostname)
    conn: http.client.HTTPConnection
    if parts.scheme == "https":
        conn = http.client.HTTPSConnection(
            parts.hostname, parts.port, timeout=timeout, context=tls_context(ca_file)
        )
    else:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    expired = threading.Event()

    def cut() -> None:
        expired.set()
        sock = conn.sock
        if sock is not None:
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    timer = threading.Timer(timeout, cut)
    timer.daemon = True
    timer.start()
    try:
        before = clock.now_utc()
        conn.request(method, target, body=body, headers={**(headers or {}), "Connection": "close"})
        reply = conn.getresponse()
        after = clock.now_utc()
        theirs = parse_head_office_time(reply.getheader(HEAD_OFFICE_TIME))
        ours = before + (after - before) / 2
        skew = None if theirs is None else (ours - theirs) / timedelta(seconds=1)
        if 300 <= reply.status < 400:
            raise Redirected(reply.status, reply.getheader("Location"))
        declared = reply.getheader("Content-Length") or ""
        if declared.isdigit() and int(declared) > limit:
            raise ReplyTooLarge(limit)
        chunks: list[bytes] = []
        size = 0
        while chunk := reply.read1(_CHUNK):
            size += len(chunk)
            if size > limit:
                raise ReplyTooLarge(limit)
            chunks.append(chunk)
        if expired.is_set():
            raise DeadlineExceeded(timeout)
        if declared.isdigit() and size < int(declared):  # read1 says EOF, it does not raise
            raise http.client.IncompleteRead(b"".join(chunks), int(declared) - size)
        return Reply(reply.status, b"".join(chunks), skew, ours)
    except (Redirected, ReplyTooLarge):
        raise
    except ssl.SSLCertVerificationError as e:
        raise UntrustedCertificate(e.verify_message or str(e)) from None
    except (OSError, http.client.HTTPException) as e:
        if expired.is_set():
            raise DeadlineExceeded(timeout) from e
        raise
    finally:
        timer.cancel()
        conn.close()
