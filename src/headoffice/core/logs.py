"""Head office's log: one logger per area, written as JSON lines by the service.

Areas: ``events`` (each batch applied, each event refused and why, each event flagged),
``reference`` (imports, conflicts found among a store's returns), ``reconcile`` (what
head office tells tills it holds), ``auth`` (store tokens refused). A record names the
store by its code, the case and event by their numbers, and what happened; it never holds
a token or a customer's phone number (the formatter masks anything shaped like either, in
case one slips into a message).

Usage::

    logs.EVENTS.info("batch applied", extra={"store": "SH01", "applied": 12})
"""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime
from typing import IO, Any

ROOT = "aftersales.headoffice"
EVENTS = logging.getLogger(f"{ROOT}.events")
REFERENCE = logging.getLogger(f"{ROOT}.reference")
RECONCILE = logging.getLogger(f"{ROOT}.reconcile")
AUTH = logging.getLogger(f"{ROOT}.auth")

# What any LogRecord has; everything else on a record came through ``extra``.
_STANDARD = frozenset(
    set(vars(logging.LogRecord("", logging.INFO, "", 0, "", None, None))) | {"message", "asctime"}
)

# A mobile number (11 digits from 1), a fixed line with its area code (0xx-xxxxxxxx), a
# bearer credential, a store token (secrets.token_urlsafe(32): 43 characters; event ids
# and case numbers are shorter).
_PHONE = re.compile(r"(?<![0-9])(?:1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})(?![0-9])")
_BEARER = re.compile(r"(?i)\bbearer\s+\S+")
_TOKEN = re.compile(r"[A-Za-z0-9_-]{40,}")
MASK = "[masked]"


def scrub(text: str) -> str:
    """``text`` with anything shaped like a phone number or a token masked."""
    text = _BEARER.sub("Bearer " + MASK, text)
    text = _TOKEN.sub(MASK, text)
    return _PHONE.sub(MASK, text)


def _plain(value: Any) -> Any:
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, bool | int | float) or value is None:
        return value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    return scrub(str(value))


class JSONLines(logging.Formatter):
    """One JSON object a line: the time (UTC), level, logger, message and the record's
    ``extra`` fields, every text scrubbed (:func:`scrub`)."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": scrub(record.getMessage()),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                line[key] = _plain(value)
        if record.exc_info:
            line["error"] = scrub(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False, sort_keys=False)


class _ToStandardError(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to ``sys.stderr`` as it is when a record comes (not as it was when made)."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def configure(stream: IO[str] | None = None, level: int = logging.INFO) -> logging.Handler:
    """Write head office's records as JSON lines to ``stream`` (standard error); returns
    the handler. Called again, it takes the place of the one before: each record is
    written once."""
    root = logging.getLogger(ROOT)
    for old in [h for h in root.handlers if isinstance(h.formatter, JSONLines)]:
        root.removeHandler(old)
    handler = logging.StreamHandler(stream) if stream is not None else _ToStandardError()
    handler.setFormatter(JSONLines())
    root.addHandler(handler)
    root.setLevel(level)
    return handler
