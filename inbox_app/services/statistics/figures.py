"""Figures of a range: counts and response times in total and per agent, group and channel.

Definitions (docs/STATISTICS.md): Conversations are those started in the range (with an agent
filter, or per agent: assignments to the agent in the range); Closed counts closes (one
reopened and closed again counts twice); Missed counts the times conversations turned red; First
response time runs from the first contact message to the first reply; Resolution time from
the start to the close.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, func, select
from sqlmodel import Session

from inbox_app.models.statistics_tables import FactKind
from inbox_app.services.statistics import rollup
from inbox_app.services.statistics.percentiles import TIMED, percentiles
from inbox_app.services.statistics.periods import Period
from inbox_app.services.statistics.sql import FACTS, Filters, Key, where

COUNTED = (
    FactKind.created,
    FactKind.assigned,
    FactKind.closed,
    FactKind.missed,
    FactKind.reply,
)
READ = (*COUNTED, FactKind.first_reply)  # first replies: counted for the percentiles' n


class Tally(NamedTuple):
    facts: int
    timed: int  # of them with seconds


def _sum(one: Tally, other: Tally) -> Tally:
    return Tally(one.facts + other.facts, one.timed + other.timed)


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
Counts = dict[tuple[Key, Key, Key, FactKind], Tally]  # (agent, group, channel, kind)


def count_facts(session: Session, *, period: Period, filters: Filters) -> Counts:
    """Facts per agent, group, channel and kind, in one scan: a few hundred rows that every
    dimension's counts add up from (counts of facts are additive; distinct counts are not).
    From the hourly rollup where its hours fit the range's local days (rollup.py)."""
    if rollup.whole_hours(period) is not None:
        rolled = session.execute(rollup.counts_statement(READ, period, filters))
        return {
            (rollup.zero_is_none(agent), rollup.zero_is_none(group), channel, FactKind(kind)): (
                Tally(int(count), int(timed))
            )
            for agent, group, channel, kind, count, timed in rolled
        }
    columns = (FACTS.c.agent_id, FACTS.c.group_id, FACTS.c.channel, FACTS.c.kind)
    statement = (
        select(*columns, func.count(), func.count(FACTS.c.seconds))
        .where(where(READ, period.start, period.end, filters))
        .group_by(*columns)
    )
    return {
        (agent, group, channel, FactKind(kind)): Tally(int(count), int(timed))
        for agent, group, channel, kind, count, timed in session.execute(statement)
    }


def _by(counts: Counts, dimension: str) -> dict[Key, dict[FactKind, Tally]]:
    found: dict[Key, dict[FactKind, Tally]] = defaultdict(dict)
    for (agent, group, channel, kind), tally in counts.items():
        value = {"agent": agent, "group": group, "channel": channel}.get(dimension, 0)
        found[value][kind] = _sum(found[value].get(kind, Tally(0, 0)), tally)
    return found


def figures_by(
    session: Session,
    *,
    period: Period,
    filters: Filters,
    dimension: str,
    counts: Counts | None = None,
) -> dict[Key, Figures]:
    """Figures per value of the dimension ("total" gives one, under the key 0)."""
    if counts is None:
        counts = count_facts(session, period=period, filters=filters)
    per = _by(counts, dimension)
    timed = {
        value: {kind: tally.timed for kind, tally in kinds.items() if kind in TIMED}
        for value, kinds in per.items()
    }
    times = percentiles(
        session,
        key=DIMENSIONS[dimension],
        period=period,
        filters=filters,
        timed=timed,
        skip_none=dimension == "agent",  # no agent's row (below)
    )
    by_assignment = dimension == "agent" or filters.agent_id is not None
    started = FactKind.assigned if by_assignment else FactKind.created
    # A value with only first replies without seconds has no figure: no row, as before 0023.
    counted = {value for value, kinds in per.items() if set(kinds) & set(COUNTED)}
    return {
        value: _figures(per.get(value, {}), times.get(value, {}), started)
        for value in sorted(counted | set(times), key=lambda k: (k is None, str(k)))
        # replies by an integration, closes of unassigned ones: no agent's row
        if not (dimension == "agent" and value is None)
    }


def _figures(
    tallies: dict[FactKind, Tally],
    time: dict[FactKind, tuple[int | None, int | None]],
    started: FactKind,
) -> Figures:
    count = {kind: tally.facts for kind, tally in tallies.items()}
    first_response = time.get(FactKind.first_reply, (None, None))
    resolution = time.get(FactKind.closed, (None, None))
    return Figures(
        conversations=count.get(started, 0),
        closed=count.get(FactKind.closed, 0),
        missed=count.get(FactKind.missed, 0),
        replies=count.get(FactKind.reply, 0),
        first_response_median=first_response[0],
        first_response_p90=first_response[1],
        resolution_median=resolution[0],
        resolution_p90=resolution[1],
    )
