"""The Statistics page's content for a viewer: names instead of ids, durations as text.

Admins see every agent's row. An agent sees the team's figures (totals, groups, channels, the
days and hours) and, in the Agents table, their own row only.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from babel.dates import format_skeleton, get_day_names
from babel.units import format_unit
from sqlmodel import Session, select

from inbox_app.i18n import gettext, mark
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
from inbox_app.services.statistics.figures import Figures
from inbox_app.services.statistics.report import Report
from inbox_app.services.statistics.sql import Key

CHANNEL_NAMES: dict[Key, str] = {"chat": mark("Chat"), "email": mark("Email"), "api": mark("API")}
NONE = "—"


def duration(seconds: int | None, language: str = "en") -> str:
    """45s, 2m 5s, 3h 20m, 2d 4h: two units at most, in the language's own units (CLDR):
    German "2 Min. 5 Sek.", "2 Tg. 4 Std." (its narrow forms are incomplete, so short)."""
    if seconds is None:
        return NONE
    days, rest = divmod(int(seconds), 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes, secs = divmod(rest, 60)
    units = [(days, "day"), (hours, "hour"), (minutes, "minute"), (secs, "second")]
    while len(units) > 1 and units[0][0] == 0:
        units.pop(0)
    return " ".join(
        format_unit(
            value,
            f"duration-{unit}",
            length="narrow" if language == "en" else "short",
            locale=language,
        )
        for value, unit in units[:2]
    )


def _pair(median: int | None, p90: int | None, language: str) -> str:
    if median is None:
        return NONE
    return f"{duration(median, language)} / {duration(p90, language)}"


def weekdays(language: str) -> list[str]:
    """Monday first, as the week of the busiest hours runs."""
    return [get_day_names("wide", locale=language)[day] for day in range(7)]


def day_label(day: date, language: str) -> str:
    return format_skeleton("MMMd", day, locale=language)


def figure_cards(totals: Figures, language: str = "en") -> list[FigureCard]:
    def p90(seconds: int | None) -> str:
        median_p90 = gettext(language, mark("median · p90 {duration}"))
        said = duration(seconds, language)
        return "" if seconds is None else median_p90.format(duration=said)

    def card(slug: str, label: str, value: str, detail: str = "") -> FigureCard:
        return FigureCard(slug, gettext(language, label), value, detail)

    return [
        card("conversations", mark("Conversations"), str(totals.conversations)),
        card("closed", mark("Closed"), str(totals.closed)),
        card("missed", mark("Missed"), str(totals.missed)),
        card(
            "first-response",
            mark("First response time"),
            duration(totals.first_response_median, language),
            p90(totals.first_response_p90),
        ),
        card(
            "resolution",
            mark("Resolution time"),
            duration(totals.resolution_median, language),
            p90(totals.resolution_p90),
        ),
        card("replies", mark("Replies sent"), str(totals.replies)),
    ]


def stat_row(name: str, figures: Figures, language: str = "en") -> StatRow:
    return StatRow(
        name=name,
        conversations=figures.conversations,
        closed=figures.closed,
        missed=figures.missed,
        replies=figures.replies,
        first_response=_pair(figures.first_response_median, figures.first_response_p90, language),
        resolution=_pair(figures.resolution_median, figures.resolution_p90, language),
    )


def _rows(found: Mapping[Key, Figures], names: Mapping[Key, str], language: str) -> list[StatRow]:
    def name(key: Key) -> str:
        return gettext(language, names[key]) if key in names else str(key)

    rows = [stat_row(name(key), figures, language) for key, figures in found.items()]
    return sorted(rows, key=lambda row: row.name.lower())


def names_of(session: Session) -> tuple[dict[Key, str], dict[Key, str]]:
    """(agent names, group names) by id; conversations without a group show as such."""
    agents: dict[Key, str] = dict(session.exec(select(Agent.id, Agent.name)).all())
    groups: dict[Key, str] = dict(session.exec(select(AgentGroup.id, AgentGroup.name)).all())
    groups[None] = mark("No group")
    return agents, groups


def visible_agents(report: Report, viewer: AgentView) -> dict[Key, Figures]:
    if viewer.role == "admin":
        return report.agents
    return {key: value for key, value in report.agents.items() if key == viewer.id}


def heat_rows(hours: list[list[int]], language: str = "en") -> list[HourRow]:
    busiest = max((count for row in hours for count in row), default=0)

    def level(count: int) -> int:
        return 0 if not count else 1 + (3 * count) // busiest if count < busiest else 4

    return [
        HourRow(name, [HeatCell(hour, count, level(count)) for hour, count in enumerate(row)])
        for name, row in zip(weekdays(language), hours, strict=True)
    ]


def statistics_view(
    session: Session, *, report: Report, viewer: AgentView, language: str = "en"
) -> StatisticsView:
    """`language`: the viewer's, for the labels, day and weekday names (numbers stay digits)."""
    agent_names, group_names = names_of(session)
    days = [
        DayRow(d.day.isoformat(), d.new, d.closed, d.missed, day_label(d.day, language))
        for d in report.days
    ]
    return StatisticsView(
        figures=figure_cards(report.totals, language),
        agents=_rows(visible_agents(report, viewer), agent_names, "en"),  # people's names
        groups=_rows(report.groups, group_names, language),
        channels=_rows(report.channels, CHANNEL_NAMES, language),
        days=days,
        hours=heat_rows(report.hours, language),
    )
