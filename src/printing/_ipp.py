"""A print job's state by IPP Get-Job-Attributes, from CUPS's scheduler (its local socket or
its address): the one question the CUPS tools do not answer reliably while a job runs."""

from __future__ import annotations

import getpass
import http.client
import socket
import struct


class _UnixHTTPConnection(http.client.HTTPConnection):
    """HTTP over CUPS's local socket (``/run/cups/cups.sock``)."""

    def __init__(self, path: str, timeout: float) -> None:
        super().__init__("localhost", timeout=timeout)
        self._path = path

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        sock.connect(self._path)
        self.sock = sock


def _ipp_attribute(tag: int, name: str, value: bytes) -> bytes:
    encoded = name.encode("utf-8")
    return struct.pack(">BH", tag, len(encoded)) + encoded + struct.pack(">H", len(value)) + value


def ipp_job_state(address: str, job_id: str, timeout: float) -> tuple[int, str]:
    """(job-state, job-printer-state-message) of ``job_id`` by IPP Get-Job-Attributes.

    Raises:
        OSError, http.client.HTTPException: no answer.
        ValueError: an answer that is not a job's state (an IPP error, say).
    """
    number = int(job_id.rsplit("-", 1)[1])
    # IPP/2.0 Get-Job-Attributes (0x0009), request 1, operation attributes (0x01).
    body = struct.pack(">BBHI", 2, 0, 0x0009, 1) + b"\x01"
    body += _ipp_attribute(0x47, "attributes-charset", b"utf-8")
    body += _ipp_attribute(0x48, "attributes-natural-language", b"en")
    body += _ipp_attribute(0x45, "job-uri", f"ipp://localhost/jobs/{number}".encode())
    body += _ipp_attribute(0x42, "requesting-user-name", getpass.getuser().encode("utf-8"))
    body += _ipp_attribute(0x44, "requested-attributes", b"job-state")
    body += _ipp_attribute(0x44, "", b"job-printer-state-message")
    body += b"\x03"
    conn: http.client.HTTPConnection
    if address.startswith("/"):
        conn = _UnixHTTPConnection(address, timeout)
    else:
        host, _, port = address.rpartition(":")
        if not host or not port.isdigit():
            host, port = address, "631"
        conn = http.client.HTTPConnection(host.strip("[]"), int(port), timeout=timeout)
    try:
        conn.request("POST", "/jobs/", body, {"Content-Type": "application/ipp"})
        response = conn.getresponse()
        data = response.read()
    finally:
        conn.close()
    if response.status != 200:
        raise ValueError(f"HTTP {response.status} {response.reason}")
    return parse_job_state(data)


def parse_job_state(data: bytes) -> tuple[int, str]:
    if len(data) < 9:
        raise ValueError("short IPP response")
    status = struct.unpack(">H", data[2:4])[0]
    if status >= 0x0100:
        raise ValueError(f"IPP status 0x{status:04x}")
    state: int | None = None
    message = ""
    pos, name = 8, ""
    try:
        while pos < len(data):
            tag = data[pos]
            pos += 1
            if tag == 0x03:  # end of attributes
                break
            if tag < 0x10:  # the start of an attribute group
                continue
            name_len = struct.unpack(">H", data[pos : pos + 2])[0]
            pos += 2
            if name_len:  # 0: another value of the same attribute
                name = data[pos : pos + name_len].decode("utf-8", "replace")
            pos += name_len
            value_len = struct.unpack(">H", data[pos : pos + 2])[0]
            pos += 2
            value = data[pos : pos + value_len]
            pos += value_len
            if name == "job-state" and tag == 0x23 and value_len == 4:  # enum
                state = struct.unpack(">i", value)[0]
            elif name == "job-printer-state-message" and tag == 0x41:  # text
                message = value.decode("utf-8", "replace")
    except struct.error as exc:
        raise ValueError(f"malformed IPP response: {exc}") from exc
    if state is None:
        raise ValueError("no job-state in the IPP response")
    return state, message
