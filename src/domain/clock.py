"""Store time. Stores are in China (UTC+8, no daylight saving); the database keeps UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

STORE_TZ = timezone(timedelta(hours=8), "CST")


def local_date(moment: datetime) -> date:
    """The calendar day in the store at ``moment`` (an aware datetime)."""
    return moment.astimezone(STORE_TZ).date()


def days_since(sold_at: datetime, now: datetime) -> int:
    """Whole calendar days from the day of purchase (day 0) to today, in store time."""
    return (local_date(now) - local_date(sold_at)).days


def now_utc() -> datetime:
    return datetime.now(UTC)
