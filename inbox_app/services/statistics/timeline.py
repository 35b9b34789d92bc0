"""Conversations per local day (new, closed, missed) and the busiest hours of the week
(new conversations per local weekday and hour), bucketed in SQL per offset segment."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlmodel import Session

from inbox_app.models.statistics_tables import FactKind
from inbox_app.services.statistics.periods import Period, day_of, segments
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


def per_day(session: Session, *, period: Period, filters: Filters) -> list[Day]:
    kinds = (_new_kind(filters), FactKind.closed, FactKind.missed)
    counts: dict[tuple[date, FactKind], int] = defaultdict(int)
    for segment in segments(period):
        bucket = (epoch_seconds(FACTS.c.at) + segment.offset_seconds) // DAY
        statement = (
            select(bucket.label("day"), FACTS.c.kind, func.count())
            .where(where(kinds, segment.start, segment.end, filters))
            .group_by(bucket, FACTS.c.kind)
        )
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
    for segment in segments(period):
        local_hour = (epoch_seconds(FACTS.c.at) + segment.offset_seconds) // HOUR
        bucket = (local_hour + WEEK_START_SHIFT) % (7 * 24)
        statement = (
            select(bucket.label("hour"), func.count())
            .where(where((_new_kind(filters),), segment.start, segment.end, filters))
            .group_by(bucket)
        )
        for hour, count in session.execute(statement):
            grid[int(hour) // 24][int(hour) % 24] += int(count)
    return grid
