"""Store time. Stores are in China (UTC+8, no daylight saving); the database keeps UTC.

Also whether this till's clock can be counted on for a decision by days since a sale
(:class:`DateTrust`): head office's clock comes back with every exchange, and the till
keeps the latest difference it measured.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

STORE_TZ = timezone(timedelta(hours=8), "CST")

MAX_CLOCK_SKEW_S = 120.0
"""How far this till's clock may differ from head office's, and a sale's time lie after
this till's clock, before the days since a sale are no longer counted on."""


def local_date(moment: datetime) -> date:
    """The calendar day in the store at ``moment`` (an aware datetime)."""
    return moment.astimezone(STORE_TZ).date()


def days_since(sold_at: datetime, now: datetime) -> int:
    """Whole calendar days from the day of purchase (day 0) to today, in store time."""
    return (local_date(now) - local_date(sold_at)).days


def now_utc() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class DateTrust:
    """Whether the days since a sale, counted on this till's clock, can be trusted.

    Attributes:
        skew_s: this till's clock minus head office's at the latest measurement, in
            seconds (None: never measured, nothing known against the clock).
        ahead_s: how far the sale's time lies after this till's clock now, in seconds
            (0 or less: the sale is in the past, as it should be).
        head_office_days: the days since the sale by head office's clock (None: the skew
            was never measured).
    """

    skew_s: float | None = None
    ahead_s: float = 0.0
    head_office_days: int | None = None

    @property
    def clock_off(self) -> bool:
        """This till's clock differs from head office's by more than the allowance."""
        return self.skew_s is not None and abs(self.skew_s) > MAX_CLOCK_SKEW_S

    @property
    def in_future(self) -> bool:
        """The sale is dated after this till's clock, by more than the allowance."""
        return self.ahead_s > MAX_CLOCK_SKEW_S

    @property
    def trusted(self) -> bool:
        return not (self.clock_off or self.in_future)

    @property
    def skew_minutes(self) -> int:
        """How far off the clock is, in whole minutes (rounded)."""
        return round(abs(self.skew_s or 0.0) / 60)

    @property
    def ahead_minutes(self) -> int:
        """How far ahead the sale is, in whole minutes (rounded)."""
        return round(max(0.0, self.ahead_s) / 60)


def date_trust(sold_at: datetime, now: datetime, skew_s: float | None) -> DateTrust:
    """How far the days since a sale at ``sold_at`` can be counted on at ``now`` (this
    till's clock), this clock being ``skew_s`` seconds ahead of head office's (None: not
    measured)."""
    ahead = (sold_at - now) / timedelta(seconds=1)
    if skew_s is None:
        return DateTrust(None, ahead, None)
    return DateTrust(skew_s, ahead, days_since(sold_at, now - timedelta(seconds=skew_s)))
