"""The SQL pieces the figures share: the fact rows of a range and filters, epoch seconds on
both databases, and percentiles by nearest rank with window functions (SQLite and PostgreSQL
give the same numbers)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, and_, case, func, literal, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from inbox_app.models.statistics_tables import ConversationFact, FactKind
from inbox_app.models.tables import table_of

FACTS = table_of(ConversationFact)
Key = int | str | None  # a value of a dimension: agent or group id, channel; 0 for the total


@dataclass(frozen=True)
class Filters:
    group_id: int | None = None
    agent_id: int | None = None
    channel: str | None = None


class epoch_seconds(FunctionElement[int]):  # noqa: N801 - named like SQL functions
    """Seconds since 1970 of a UTC timestamp column."""

    type = BigInteger()
    inherit_cache = True


@compiles(epoch_seconds, "sqlite")
def _epoch_sqlite(element: epoch_seconds, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(strftime('%s', {compiler.process(element.clauses, **kw)}) AS INTEGER)"


@compiles(epoch_seconds, "postgresql")
def _epoch_postgresql(element: epoch_seconds, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(EXTRACT(EPOCH FROM {compiler.process(element.clauses, **kw)}) AS BIGINT)"


def where(
    kinds: Sequence[FactKind], start: datetime, end: datetime, filters: Filters
) -> ColumnElement[bool]:
    """Facts of these kinds in [start, end) that match the filters."""
    conditions = [
        FACTS.c.kind.in_([kind.value for kind in kinds]),
        FACTS.c.at >= start,
        FACTS.c.at < end,
    ]
    return and_(*conditions, *filter_conditions(FACTS.c, filters))


def filter_conditions(columns: Any, filters: Filters) -> list[ColumnElement[bool]]:
    """The group, agent and channel filters on a table that has those columns (the facts,
    the rollup)."""
    wanted = (
        ("group_id", filters.group_id),
        ("agent_id", filters.agent_id),
        ("channel", filters.channel),
    )
    return [columns[name] == value for name, value in wanted if value is not None]


def percentile_statement(key: ColumnElement[Any] | None, condition: ColumnElement[bool]) -> Any:
    """(key, kind, is the median, is the p90, seconds) of `seconds`: the row at rank
    ceil(p * n) of the sorted values of each key and kind, found by a filter on the ranks
    (aggregating every ranked row to pick it cost a fifth more). No key: one group under
    key 0 (PostgreSQL refuses to group by a constant)."""
    partition = (FACTS.c.kind,) if key is None else (key, FACTS.c.kind)
    ranked = (
        select(
            (literal(0) if key is None else key).label("key"),
            FACTS.c.kind,
            FACTS.c.seconds,
            func.row_number().over(partition_by=partition, order_by=FACTS.c.seconds).label("rank"),
            func.count().over(partition_by=partition).label("n"),
        )
        .where(condition, FACTS.c.seconds.is_not(None))
        .subquery()
    )

    def first_reaching(percent: int) -> ColumnElement[bool]:
        """rank * 100 >= n * percent > (rank - 1) * 100: the nearest rank, exactly once."""
        share, before = ranked.c.n * percent, (ranked.c.rank - 1) * 100
        return and_(ranked.c.rank * 100 >= share, before < share)

    median, p90 = first_reaching(50), first_reaching(90)
    return select(
        ranked.c.key,
        ranked.c.kind,
        case((median, 1), else_=0),
        case((p90, 1), else_=0),
        ranked.c.seconds,
    ).where(or_(median, p90))
