"""Figures of a range: counts and response times in total and per agent, group and channel.

Definitions (docs/STATISTICS.md): Conversations are those started in the range (with an agent
filter, or per agent: those assigned to the agent in the range); Closed counts closes (one
reopened and closed again counts twice); Missed counts conversations that turned red; First
response time runs from the first contact message to the first reply; Resolution time from
the start to the close.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, func, literal, select
from sqlmodel import Session

from inbox_app.models.statistics_tables import FactKind
from inbox_app.services.statistics.periods import Period
from inbox_app.services.statistics.sql import FACTS, Filters, percentile_statement, where

COUNTED = (
    FactKind.created,
    FactKind.assigned,
    FactKind.closed,
    FactKind.missed,
    FactKind.reply,
)
TIMED = (FactKind.first_reply, FactKind.closed)
Key = int | str | None


@dataclass(frozen=True)
class Figures:
    conversations: int = 0
    closed: int = 0
    missed: int = 0
    replies: int = 0
    first_response_median: int | None = None
    first_response_p90: int | None = None
    resolution_median: int | None = None
    resolution_p90: int | None = None


DIMENSIONS: dict[str, ColumnElement[Any] | None] = {
    "total": None,
    "agent": FACTS.c.agent_id,
    "group": FACTS.c.group_id,
    "channel": FACTS.c.channel,
}


def figures_by(
    session: Session, *, period: Period, filters: Filters, dimension: str
) -> dict[Key, Figures]:
    """Figures per value of the dimension ("total" gives one, under the key 0)."""
    key = DIMENSIONS[dimension]
    counts = _counts(session, key, where(COUNTED, period.start, period.end, filters))
    times = _times(session, key, where(TIMED, period.start, period.end, filters))
    by_assignment = dimension == "agent" or filters.agent_id is not None
    started = FactKind.assigned if by_assignment else FactKind.created
    found: dict[Key, Figures] = {}
    for value in sorted(set(counts) | set(times), key=lambda k: (k is None, str(k))):
        count, time = counts.get(value, {}), times.get(value, {})
        if dimension == "agent" and value is None:
            continue  # replies by an integration, closes of unassigned ones: no agent's row
        found[value] = Figures(
            conversations=count.get(started, (0, 0))[1],
            closed=count.get(FactKind.closed, (0, 0))[0],
            missed=count.get(FactKind.missed, (0, 0))[1],
            replies=count.get(FactKind.reply, (0, 0))[0],
            first_response_median=time.get(FactKind.first_reply, (None, None))[0],
            first_response_p90=time.get(FactKind.first_reply, (None, None))[1],
            resolution_median=time.get(FactKind.closed, (None, None))[0],
            resolution_p90=time.get(FactKind.closed, (None, None))[1],
        )
    return found


def _counts(
    session: Session, key: ColumnElement[Any] | None, condition: ColumnElement[bool]
) -> dict[Key, dict[FactKind, tuple[int, int]]]:
    """(facts, distinct conversations) per key and kind (no key: one group, key 0)."""
    grouped = (FACTS.c.kind,) if key is None else (key, FACTS.c.kind)
    statement = (
        select(
            func.min(literal(0) if key is None else key),
            FACTS.c.kind,
            func.count(),
            func.count(FACTS.c.conversation_id.distinct()),
        )
        .where(condition)
        .group_by(*grouped)
    )
    found: dict[Key, dict[FactKind, tuple[int, int]]] = defaultdict(dict)
    for value, kind, count, distinct in session.execute(statement):
        found[value][FactKind(kind)] = (int(count), int(distinct))
    return found


def _times(
    session: Session, key: ColumnElement[Any] | None, condition: ColumnElement[bool]
) -> dict[Key, dict[FactKind, tuple[int | None, int | None]]]:
    found: dict[Key, dict[FactKind, tuple[int | None, int | None]]] = defaultdict(dict)
    for value, kind, median, p90 in session.execute(percentile_statement(key, condition)):
        found[value][FactKind(kind)] = (median, p90)
    return found
