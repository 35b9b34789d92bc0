"""The Statistics page's content for a viewer: names instead of ids, durations as text.

Admins see every agent's row. An agent sees the team's figures (totals, groups, channels, the
days and hours) and, in the Agents table, their own row only.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlmodel import Session, select

from inbox_app.models.dto import AgentView
from inbox_app.models.statistics_dto import (
    DayRow,
    FigureCard,
    HeatCell,
    HourRow,
    StatisticsView,
    StatRow,
)
from inbox_app.models.tables import Agent, AgentGroup
from inbox_app.services.statistics.figures import Figures, Key
from inbox_app.services.statistics.report import Report

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
CHANNEL_NAMES: dict[Key, str] = {"chat": "Chat", "email": "Email", "api": "API"}
NONE = "—"


def duration(seconds: int | None) -> str:
    """45s, 2m 5s, 3h 20m, 2d 4h: two units at most."""
    if seconds is None:
        return NONE
    days, rest = divmod(int(seconds), 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes, secs = divmod(rest, 60)
    units = [(days, "d"), (hours, "h"), (minutes, "m"), (secs, "s")]
    while len(units) > 1 and units[0][0] == 0:
        units.pop(0)
    return " ".join(f"{value}{unit}" for value, unit in units[:2])


def _pair(median: int | None, p90: int | None) -> str:
    return NONE if median is None else f"{duration(median)} / {duration(p90)}"


def figure_cards(totals: Figures) -> list[FigureCard]:
    def p90(seconds: int | None) -> str:
        return "" if seconds is None else f"median · p90 {duration(seconds)}"

    return [
        FigureCard("conversations", "Conversations", str(totals.conversations)),
        FigureCard("closed", "Closed", str(totals.closed)),
        FigureCard("missed", "Missed", str(totals.missed)),
        FigureCard(
            "first-response",
            "First response time",
            duration(totals.first_response_median),
            p90(totals.first_response_p90),
        ),
        FigureCard(
            "resolution",
            "Resolution time",
            duration(totals.resolution_median),
            p90(totals.resolution_p90),
        ),
        FigureCard("replies", "Replies sent", str(totals.replies)),
    ]


def stat_row(name: str, figures: Figures) -> StatRow:
    return StatRow(
        name=name,
        conversations=figures.conversations,
        closed=figures.closed,
        missed=figures.missed,
        replies=figures.replies,
        first_response=_pair(figures.first_response_median, figures.first_response_p90),
        resolution=_pair(figures.resolution_median, figures.resolution_p90),
    )


def _rows(found: Mapping[Key, Figures], names: Mapping[Key, str]) -> list[StatRow]:
    rows = [stat_row(names.get(key, str(key)), figures) for key, figures in found.items()]
    return sorted(rows, key=lambda row: row.name.lower())


def names_of(session: Session) -> tuple[dict[Key, str], dict[Key, str]]:
    """(agent names, group names) by id; conversations without a group show as such."""
    agents: dict[Key, str] = dict(session.exec(select(Agent.id, Agent.name)).all())
    groups: dict[Key, str] = dict(session.exec(select(AgentGroup.id, AgentGroup.name)).all())
    groups[None] = "No group"
    return agents, groups


def visible_agents(report: Report, viewer: AgentView) -> dict[Key, Figures]:
    if viewer.role == "admin":
        return report.agents
    return {key: value for key, value in report.agents.items() if key == viewer.id}


def heat_rows(hours: list[list[int]]) -> list[HourRow]:
    busiest = max((count for row in hours for count in row), default=0)

    def level(count: int) -> int:
        return 0 if not count else 1 + (3 * count) // busiest if count < busiest else 4

    return [
        HourRow(name, [HeatCell(hour, count, level(count)) for hour, count in enumerate(row)])
        for name, row in zip(WEEKDAYS, hours, strict=True)
    ]


def statistics_view(session: Session, *, report: Report, viewer: AgentView) -> StatisticsView:
    agent_names, group_names = names_of(session)
    return StatisticsView(
        figures=figure_cards(report.totals),
        agents=_rows(visible_agents(report, viewer), agent_names),
        groups=_rows(report.groups, group_names),
        channels=_rows(report.channels, CHANNEL_NAMES),
        days=[DayRow(d.day.isoformat(), d.new, d.closed, d.missed) for d in report.days],
        hours=heat_rows(report.hours),
    )
