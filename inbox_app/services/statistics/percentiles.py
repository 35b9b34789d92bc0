"""Median and p90 of first response and resolution times by nearest rank (the row at rank
ceil(p * n) in seconds order), per value of a dimension, two ways that give the same rows:

- few timed facts in the range: sort them (window functions, sql.percentile_statement);
- many: read the row at its rank straight off a partial index in (kind, dimension, seconds)
  order (ix_conversation_fact_timed_*, migration 0023): ORDER BY seconds LIMIT 1 OFFSET
  rank - 1, or from the top when that is nearer (p90: OFFSET n - rank). n of each value and
  kind comes from the rollup's counts of facts with seconds, so nothing is sorted.

The index walk steps over the rows of other days, so its cost follows the facts of the kind
kept in all, not those of the range: a short range sorts its few rows faster.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import ColumnElement, and_, select
from sqlmodel import Session

from inbox_app.models.statistics_tables import FactKind
from inbox_app.services.statistics.periods import Period
from inbox_app.services.statistics.sql import (
    FACTS,
    Filters,
    Key,
    filter_conditions,
    percentile_statement,
    where,
)

TIMED = (FactKind.first_reply, FactKind.closed)
# From this many timed facts in the range on, the index walk beats the sort: they crossed
# between 2,000 and 10,000 at 120,000 timed facts kept over a year (docs/PERFORMANCE.md).
WALK_FROM = 5_000
Times = dict[Key, dict[FactKind, tuple[int | None, int | None]]]


def rank(n: int, percent: int) -> int:
    """The nearest rank: ceil(n * percent / 100), at least 1."""
    return max(1, -(-n * percent // 100))


def percentiles(
    session: Session,
    *,
    key: ColumnElement[Any] | None,
    period: Period,
    filters: Filters,
    timed: dict[Key, dict[FactKind, int]],
    skip_none: bool = False,
) -> Times:
    """(median, p90) per value of key (None: the total, under 0) and kind; timed: n of each
    (the whole range's, so that every dimension takes the same way); skip_none: no figures
    wanted for the value None."""
    if sum(n for kinds in timed.values() for n in kinds.values()) < WALK_FROM:
        return _sorted(session, key, where(TIMED, period.start, period.end, filters))
    found: Times = defaultdict(dict)
    for value, kinds in timed.items():
        for kind, n in kinds.items():
            if n and not (skip_none and value is None):
                median, p90 = (
                    _at_rank(session, key, value, kind, period, filters, n=n, at=rank(n, percent))
                    for percent in (50, 90)
                )
                found[value][kind] = (median, p90)
    return found


def _at_rank(
    session: Session,
    key: ColumnElement[Any] | None,
    value: Key,
    kind: FactKind,
    period: Period,
    filters: Filters,
    *,
    n: int,
    at: int,
) -> int | None:
    """seconds of the row at rank `at` of n, walked from the nearer end."""
    conditions = [
        FACTS.c.kind == kind.value,
        FACTS.c.seconds.is_not(None),  # as the partial indexes say, so they serve
        FACTS.c.at >= period.start,
        FACTS.c.at < period.end,
    ]
    conditions += filter_conditions(FACTS.c, filters)
    if key is not None:
        conditions.append(key.is_(None) if value is None else key == value)
    from_top = n - at < at - 1
    statement = (
        select(FACTS.c.seconds)
        .where(and_(*conditions))
        .order_by(FACTS.c.seconds.desc() if from_top else FACTS.c.seconds)
        .limit(1)
        .offset(n - at if from_top else at - 1)
    )
    found: int | None = session.execute(statement).scalar()
    return found


def _sorted(
    session: Session, key: ColumnElement[Any] | None, condition: ColumnElement[bool]
) -> Times:
    found: Times = defaultdict(dict)
    for value, kind, is_median, is_p90, seconds in session.execute(
        percentile_statement(key, condition)
    ):
        median, p90 = found[value].get(FactKind(kind), (None, None))
        found[value][FactKind(kind)] = (
            seconds if is_median else median,
            seconds if is_p90 else p90,
        )
    return found
