"""What the Statistics page shows, ready to render (services/statistics/view.py fills it)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FigureCard:
    slug: str  # element ids: figure-<slug>
    label: str
    value: str
    detail: str = ""


@dataclass(frozen=True)
class StatRow:
    name: str
    conversations: int
    closed: int
    missed: int
    replies: int
    first_response: str  # "median / p90"
    resolution: str


@dataclass(frozen=True)
class DayRow:
    day: str  # ISO date
    new: int
    closed: int
    missed: int
    label: str = ""  # the day as the agent's language writes it ("1. Dez." / "Dec 1")


@dataclass(frozen=True)
class HeatCell:
    hour: int
    count: int
    level: int  # 0 (none) to 4 (the busiest hour of the range)


@dataclass(frozen=True)
class HourRow:
    weekday: str
    cells: list[HeatCell] = field(default_factory=list)


@dataclass(frozen=True)
class StatisticsView:
    figures: list[FigureCard] = field(default_factory=list)
    agents: list[StatRow] = field(default_factory=list)
    groups: list[StatRow] = field(default_factory=list)
    channels: list[StatRow] = field(default_factory=list)
    days: list[DayRow] = field(default_factory=list)
    hours: list[HourRow] = field(default_factory=list)
