"""Counts of facts read from statistics_rollup (facts counted per UTC hour, kind, agent, group
and channel; migration 0022's triggers keep it) instead of from every fact.

A range's local midnights, and the hours where its zone's offset changes, fall on whole UTC
hours in every zone with whole-hour offsets: then every hour of the rollup lies in one local
day and one local hour, and the sums equal the facts' counts exactly. Other zones (India's
+5:30, Nepal's +5:45, ...) count from the facts, which is exact and slower.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select

from inbox_app.models.statistics_tables import FactKind, StatisticsHourly, StatisticsRollup
from inbox_app.models.tables import table_of
from inbox_app.services.statistics.periods import Period, Segment, segments
from inbox_app.services.statistics.sql import Filters, filter_conditions

ROLLUP = table_of(StatisticsRollup)
HOURLY = table_of(StatisticsHourly)  # per kind, hour and channel: the charts' when it serves
HOUR = 3_600
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def hour_of(at: datetime) -> int:
    return int((at - EPOCH).total_seconds()) // HOUR


def whole_hours(period: Period) -> list[Segment] | None:
    """The period's segments when each starts, ends and is offset by whole hours, else None."""
    found = segments(period)
    for segment in found:
        bounds = (segment.start, segment.end)
        if segment.offset_seconds % HOUR or any(at.minute or at.second for at in bounds):
            return None
    return found


def none_is_zero(value: int | None) -> int:
    return 0 if value is None else value


def zero_is_none(value: int) -> int | None:
    return None if value == 0 else value


def where(
    kinds: Sequence[FactKind],
    start: datetime,
    end: datetime,
    filters: Filters,
    *,
    by_hour: bool = False,
) -> ColumnElement[bool]:
    """Rollup rows of these kinds in the whole hours [start, end) that match the filters.
    by_hour: read along the key (hours of the range only) rather than the grouped index,
    which SQLite prefers for its kind but which walks every hour ever counted."""
    kind = ROLLUP.c.kind.concat("") if by_hour else ROLLUP.c.kind
    conditions = [
        kind.in_([value.value for value in kinds]),
        ROLLUP.c.hour >= hour_of(start),
        ROLLUP.c.hour < hour_of(end),
    ]
    return and_(*conditions, *filter_conditions(ROLLUP.c, filters))


def counts_statement(kinds: Sequence[FactKind], period: Period, filters: Filters) -> Any:
    """(agent, group, channel, kind, count, timed) of the range: 0 stands for none."""
    columns = (ROLLUP.c.agent_id, ROLLUP.c.group_id, ROLLUP.c.channel, ROLLUP.c.kind)
    return (
        select(*columns, func.sum(ROLLUP.c.count), func.sum(ROLLUP.c.timed))
        .where(where(kinds, period.start, period.end, filters))
        .group_by(*columns)
    )


def hourly_serves(filters: Filters) -> bool:
    """statistics_hourly knows channels, not agents or groups."""
    return filters.agent_id is None and filters.group_id is None


def hourly_where(
    kinds: Sequence[FactKind], start: datetime, end: datetime, filters: Filters
) -> ColumnElement[bool]:
    """statistics_hourly rows of these kinds in the whole hours [start, end) (its key's
    order) of the channel filtered on, if any."""
    return and_(
        HOURLY.c.kind.in_([value.value for value in kinds]),
        HOURLY.c.hour >= hour_of(start),
        HOURLY.c.hour < hour_of(end),
        *filter_conditions(HOURLY.c, filters),
    )


def local_hour(segment: Segment, table: Any = ROLLUP) -> ColumnElement[int]:
    """The table's hour in local hours since 1970 (the offset is whole hours here)."""
    hour: ColumnElement[int] = table.c.hour + segment.offset_seconds // HOUR
    return hour
