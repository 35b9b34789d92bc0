"""When each snooze preset ends (pure). Days start at 09:00 in the agent's time zone."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, tzinfo

from inbox_app.i18n import mark

PRESETS = (mark("1 hour"), mark("Tomorrow"), mark("Next week"))
MORNING = time(9, 0)


def preset_until(preset: str, *, now: datetime, zone: tzinfo = UTC) -> datetime:
    """The end of a preset, in UTC: an hour from now; tomorrow 09:00; next Monday 09:00 (a
    week on from a Monday)."""
    if preset == "1 hour":
        return now.astimezone(UTC) + timedelta(hours=1)
    local = now.astimezone(zone)
    if preset == "Tomorrow":
        days = 1
    elif preset == "Next week":
        days = 7 - local.weekday()  # Monday is 0: from Monday, the Monday after
    else:
        raise ValueError(f"unknown snooze preset {preset!r}")
    day = local.date() + timedelta(days=days)
    return datetime.combine(day, MORNING, tzinfo=zone).astimezone(UTC)
