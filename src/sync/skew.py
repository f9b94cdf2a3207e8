"""This till's clock against head office's, measured from the replies of a drain or a pull
(:attr:`~aftersales.sync.wire.Reply.skew_s`) and kept in the till's database
(:mod:`aftersales.db.clock_skew`), where the case services read it: while the clock is off
by more than :data:`~aftersales.domain.clock.MAX_CLOCK_SKEW_S`, a decision by days since
a sale goes to a manager. A later measurement within the limit clears it."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from ..db.clock_skew import ClockSkew, read_clock_skew, write_clock_skew
from ..db.engine import Database
from ..domain.clock import MAX_CLOCK_SKEW_S
from .wire import Reply

log = logging.getLogger("aftersales.sync")


class SkewMeter:
    """The latest measurement among the replies of one drain or pull."""

    def __init__(self) -> None:
        self.latest: ClockSkew | None = None

    def read(self, reply: Reply) -> Reply:
        """Take the reply's measurement, if it has one; the reply back."""
        if reply.skew_s is not None and reply.measured_at is not None:
            self.latest = ClockSkew(reply.skew_s, reply.measured_at)
        return reply

    def save(self, db: Database) -> None:
        """Keep the latest measurement (nothing if no reply had one)."""
        latest = self.latest
        if latest is None:
            return
        with db.write() as s:
            before = read_clock_skew(s)
            write_clock_skew(s, latest)
        was_off = before is not None and abs(before.skew_s) > MAX_CLOCK_SKEW_S
        is_off = abs(latest.skew_s) > MAX_CLOCK_SKEW_S
        if is_off and not was_off:
            log.warning("this till's clock is %+.0f s off head office's", latest.skew_s)
        elif was_off and not is_off:
            log.info("this till's clock agrees with head office's again (%+.1f s)", latest.skew_s)


_measuring: ContextVar[SkewMeter | None] = ContextVar("skew_meter", default=None)


@contextmanager
def measuring(db: Database) -> Iterator[SkewMeter]:
    """Within the block, every reply :func:`observe` sees is measured; at its end (unless
    it raised) the latest measurement is kept in ``db``. The meter belongs to the thread
    (a context variable): a drain and a pull on two threads measure each their own."""
    meter = SkewMeter()
    token = _measuring.set(meter)
    try:
        yield meter
    finally:
        _measuring.reset(token)
    meter.save(db)


def observe(reply: Reply) -> Reply:
    """Give ``reply``'s measurement to the meter of the :func:`measuring` block around,
    if any; the reply back."""
    meter = _measuring.get()
    return reply if meter is None else meter.read(reply)


def clock_skew(db: Database) -> ClockSkew | None:
    """The latest measurement kept (None: never measured)."""
    with db.read() as s:
        return read_clock_skew(s)
