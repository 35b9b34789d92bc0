"""Date ranges in an agent's time zone, and how they map to UTC (pure: no database).

A range is the local days From..To, both included: from local midnight of From to local
midnight after To. Day and hour buckets are computed in SQL as (epoch seconds + UTC offset)
divided by a day or an hour; a range that crosses a daylight-saving change is split where the
offset changes, and each piece is bucketed with its own offset, so every fact lands in the
local day and hour it happened in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

PRESETS = ("today", "last_7_days", "last_30_days", "this_month")
MAX_DAYS = 366 * 2


@dataclass(frozen=True)
class Period:
    first_day: date
    last_day: date  # included
    zone: str

    @property
    def tz(self) -> ZoneInfo:
        return zone_of(self.zone)

    @property
    def start(self) -> datetime:
        return local_midnight(self.first_day, self.tz)

    @property
    def end(self) -> datetime:
        return local_midnight(self.last_day + timedelta(days=1), self.tz)

    def days(self) -> list[date]:
        count = (self.last_day - self.first_day).days + 1
        return [self.first_day + timedelta(days=n) for n in range(count)]


@dataclass(frozen=True)
class Segment:
    """A piece of a range with one UTC offset: [start, end)."""

    start: datetime
    end: datetime
    offset_seconds: int


def zone_of(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)


def preset(name: str, *, today: date) -> tuple[date, date]:
    """(From, To) of a preset, both included."""
    if name == "today":
        return today, today
    if name == "last_7_days":
        return today - timedelta(days=6), today
    if name == "last_30_days":
        return today - timedelta(days=29), today
    if name == "this_month":
        return today.replace(day=1), today
    raise ValueError(f"unknown preset {name!r}")


def checked_period(first_day: date, last_day: date, zone: str) -> Period:
    """From after To is swapped; a range longer than two years is cut to its last two."""
    if first_day > last_day:
        first_day, last_day = last_day, first_day
    if (last_day - first_day).days >= MAX_DAYS:
        first_day = last_day - timedelta(days=MAX_DAYS - 1)
    return Period(first_day, last_day, zone)


def _offset(at: datetime, tz: ZoneInfo) -> int:
    found = at.astimezone(tz).utcoffset()
    return int(found.total_seconds()) if found is not None else 0


def _change_within(start: datetime, end: datetime, tz: ZoneInfo) -> datetime:
    """The first instant in (start, end] whose offset differs from start's (bisection)."""
    before = _offset(start, tz)
    low, high = start, end
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if _offset(middle, tz) == before:
            low = middle
        else:
            high = middle
    return high.replace(microsecond=0)


def segments(period: Period) -> list[Segment]:
    """The range cut where the zone's UTC offset changes (checked every 6 hours, then found
    to the second)."""
    tz, step = period.tz, timedelta(hours=6)
    found: list[Segment] = []
    start = cursor = period.start
    while cursor < period.end:
        following = min(cursor + step, period.end)
        if _offset(following, tz) != _offset(cursor, tz):
            change = _change_within(cursor, following, tz)
            found.append(Segment(start, change, _offset(start, tz)))
            start = change
        cursor = following
    found.append(Segment(start, period.end, _offset(start, tz)))
    return found


EPOCH_DAY = date(1970, 1, 1)


def day_of(day_number: int) -> date:
    """The local date of a day bucket (days since 1970-01-01)."""
    return EPOCH_DAY + timedelta(days=day_number)
