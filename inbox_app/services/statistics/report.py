"""Everything the Statistics page shows for a range, in one call."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from inbox_app.services.statistics.figures import Figures, count_facts, figures_by
from inbox_app.services.statistics.periods import Period
from inbox_app.services.statistics.sql import Filters, Key
from inbox_app.services.statistics.timeline import Day, busiest_hours, per_day


@dataclass(frozen=True)
class Report:
    period: Period
    totals: Figures
    agents: dict[Key, Figures]
    groups: dict[Key, Figures]
    channels: dict[Key, Figures]
    days: list[Day]
    hours: list[list[int]]


def statistics_report(session: Session, *, period: Period, filters: Filters) -> Report:
    counts = count_facts(session, period=period, filters=filters)

    def by(dimension: str) -> dict[Key, Figures]:
        return figures_by(
            session, period=period, filters=filters, dimension=dimension, counts=counts
        )

    return Report(
        period=period,
        totals=by("total").get(0, Figures()),
        agents=by("agent"),
        groups=by("group"),
        channels=by("channel"),
        days=per_day(session, period=period, filters=filters),
        hours=busiest_hours(session, period=period, filters=filters),
    )
