"""This till's clock against head office's, as last measured: two rows of ``app_setting``
that sync writes after its exchanges with head office, and that services read in their
own transaction (they never import sync)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import AppSetting

SKEW_KEY = "clock_skew_s"
"""This till's clock minus head office's, in seconds (a decimal number)."""
MEASURED_AT_KEY = "clock_skew_measured_at"
"""When it was measured, on this till's clock (ISO 8601, UTC)."""

_READ = select(AppSetting.key, AppSetting.value).where(
    AppSetting.key.in_((SKEW_KEY, MEASURED_AT_KEY))
)


@dataclass(frozen=True, slots=True)
class ClockSkew:
    skew_s: float
    measured_at: datetime


def read_clock_skew(s: Session) -> ClockSkew | None:
    """The latest measurement, or None if head office's clock was never measured (or the
    rows do not read as one)."""
    values = {key: value for key, value in s.execute(_READ)}
    try:
        return ClockSkew(float(values[SKEW_KEY]), datetime.fromisoformat(values[MEASURED_AT_KEY]))
    except (KeyError, ValueError):
        return None


def write_clock_skew(s: Session, skew: ClockSkew) -> None:
    """Keep ``skew`` as the latest measurement, in the caller's transaction."""
    for key, value in (
        (SKEW_KEY, f"{skew.skew_s:.3f}"),
        (MEASURED_AT_KEY, skew.measured_at.isoformat()),
    ):
        row = s.get(AppSetting, key)
        if row is None:
            s.add(AppSetting(key=key, value=value))
        else:
            row.value = value
