"""Conversations per local day (new, closed, missed) and the busiest hours of the week
(new conversations per local weekday and hour), bucketed in SQL per offset segment."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from inbox_app.models.statistics_tables import FactKind
from inbox_app.services.statistics import rollup
from inbox_app.services.statistics.periods import Period, Segment, day_of, segments
from inbox_app.services.statistics.sql import FACTS, Filters, epoch_seconds, where

DAY, HOUR = 86_400, 3_600
# 1970-01-01 was a Thursday: three days after the Monday that starts a week.
WEEK_START_SHIFT = 3 * 24


@dataclass(frozen=True)
class Day:
    day: date
    new: int = 0
    closed: int = 0
    missed: int = 0


def _new_kind(filters: Filters) -> FactKind:
    return FactKind.assigned if filters.agent_id is not None else FactKind.created


def _bucketed(
    segment: Segment, hours: int, kinds: tuple[FactKind, ...], filters: Filters, *, rolled: bool
) -> tuple[Any, Any]:
    """(local bucket of `hours` hours since 1970, select of bucket, kind and count)."""
    table: Any
    count: Any
    if rolled and rollup.hourly_serves(filters):
        table = rollup.HOURLY  # a row per kind, hour and channel: no agent or group to add up
        bucket = rollup.local_hour(segment, table) // hours
        condition = rollup.hourly_where(kinds, segment.start, segment.end, filters)
    elif rolled:
        table = rollup.ROLLUP
        bucket = rollup.local_hour(segment) // hours
        condition = rollup.where(kinds, segment.start, segment.end, filters, by_hour=True)
    else:
        bucket = (epoch_seconds(FACTS.c.at) + segment.offset_seconds) // (hours * HOUR)
        table, count = FACTS, func.count()
        condition = where(kinds, segment.start, segment.end, filters)
    if rolled:
        count = func.sum(table.c.count)
    statement = select(bucket.label("bucket"), table.c.kind, count).where(condition)
    return bucket, statement.group_by(bucket, table.c.kind)


def _pieces(period: Period) -> tuple[list[Segment], bool]:
    """The range's segments, and whether the rollup can count them (rollup.py)."""
    whole = rollup.whole_hours(period)
    return (whole, True) if whole is not None else (segments(period), False)


def per_day(session: Session, *, period: Period, filters: Filters) -> list[Day]:
    kinds = (_new_kind(filters), FactKind.closed, FactKind.missed)
    counts: dict[tuple[date, FactKind], int] = defaultdict(int)
    pieces, rolled = _pieces(period)
    for segment in pieces:
        bucket, statement = _bucketed(segment, 24, kinds, filters, rolled=rolled)
        for number, kind, count in session.execute(statement):
            counts[(day_of(int(number)), FactKind(kind))] += count
    return [
        Day(
            day,
            new=counts[(day, kinds[0])],
            closed=counts[(day, FactKind.closed)],
            missed=counts[(day, FactKind.missed)],
        )
        for day in period.days()
    ]


def busiest_hours(session: Session, *, period: Period, filters: Filters) -> list[list[int]]:
    """7 rows (Monday first) of 24 counts of new conversations."""
    grid = [[0] * 24 for _ in range(7)]
    pieces, rolled = _pieces(period)
    for segment in pieces:
        local_hour, statement = _bucketed(segment, 1, (_new_kind(filters),), filters, rolled=rolled)
        bucket = (local_hour + WEEK_START_SHIFT) % (7 * 24)
        week = statement.with_only_columns(bucket, statement.selected_columns[2])
        for hour, count in session.execute(week.group_by(None).group_by(bucket)):
            grid[int(hour) // 24][int(hour) % 24] += int(count)
    return grid
