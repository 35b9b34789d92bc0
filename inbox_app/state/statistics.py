"""/statistics: the figures of a date range in the agent's time zone (the browser's), with
filters, and their CSV. What an agent may see is decided in services/statistics/view.py."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime

import reflex as rx

from inbox_app.db import session_scope
from inbox_app.models.dto import AgentView, Choice
from inbox_app.models.statistics_dto import StatisticsView
from inbox_app.services.statistics.export import statistics_csv
from inbox_app.services.statistics.periods import PRESETS, checked_period, preset, zone_of
from inbox_app.services.statistics.report import statistics_report
from inbox_app.services.statistics.sql import Filters
from inbox_app.services.statistics.view import statistics_view
from inbox_app.services.team.choices import agent_choices, group_choices
from inbox_app.state import readers
from inbox_app.state.auth import AuthState
from inbox_app.state.guards import agent_event

ALL = "all"
CHANNELS = ("chat", "email", "api")
BROWSER_ZONE = "Intl.DateTimeFormat().resolvedOptions().timeZone"


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(str(text)[:10])
    except ValueError:
        return None


def _id(text: str) -> int | None:
    return int(text) if str(text).isdigit() else None


class StatisticsState(AuthState):
    first_day: str = ""
    last_day: str = ""
    zone: str = "UTC"
    group_filter: str = ALL
    agent_filter: str = ALL
    channel_filter: str = ALL
    view: StatisticsView = StatisticsView()
    # The chart's data: recharts takes a list of plain dicts.
    chart_days: list[dict[str, str | int]] = []
    group_options: list[Choice] = []
    agent_options: list[Choice] = []

    def _filters(self, agent: AgentView) -> Filters:
        chosen = _id(self.agent_filter)
        if agent.role != "admin" and chosen not in (None, agent.id):
            chosen = None  # an agent may narrow the figures to themselves only
        channel = self.channel_filter if self.channel_filter in CHANNELS else None
        return Filters(group_id=_id(self.group_filter), agent_id=chosen, channel=channel)

    async def _load(self, agent: AgentView) -> None:
        first, last = _day(self.first_day), _day(self.last_day)
        if first is None or last is None:
            return
        period = checked_period(first, last, self.zone)
        self.first_day, self.last_day = period.first_day.isoformat(), period.last_day.isoformat()
        view, self.group_options, self.agent_options = await readers.read(
            _read,
            viewer=agent,
            first_day=period.first_day,
            last_day=period.last_day,
            zone=self.zone,
            filters=self._filters(agent),
            language=self.ui_language,
        )
        self.view, self.chart_days = view, [asdict(day) for day in view.days]

    def _preset(self, name: str) -> None:
        today = datetime.now(zone_of(self.zone)).date()
        first, last = preset(name, today=today)
        self.first_day, self.last_day = first.isoformat(), last.isoformat()

    @agent_event
    def open_statistics(self, agent: AgentView):
        """The browser tells its time zone, then the figures load (use_zone) in the agent's
        own zone from their profile, else the browser's."""
        return rx.call_script(BROWSER_ZONE, callback=StatisticsState.use_zone)

    @agent_event
    async def use_zone(self, agent: AgentView, zone: str):
        self.zone = zone_of(
            agent.time_zone or str(zone)[:64]
        ).key  # the profile's, else the browser's
        if not self.first_day:
            self._preset("last_7_days")
        await self._load(agent)

    @agent_event
    async def choose_preset(self, agent: AgentView, name: str):
        if name in PRESETS:
            self._preset(name)
            await self._load(agent)

    @agent_event
    async def set_first_day(self, agent: AgentView, value: str):
        if _day(value) is not None:
            self.first_day = str(value)[:10]
            await self._load(agent)

    @agent_event
    async def set_last_day(self, agent: AgentView, value: str):
        if _day(value) is not None:
            self.last_day = str(value)[:10]
            await self._load(agent)

    @agent_event
    async def set_group_filter(self, agent: AgentView, value: str):
        self.group_filter = str(value)[:20]
        await self._load(agent)

    @agent_event
    async def set_agent_filter(self, agent: AgentView, value: str):
        self.agent_filter = str(value)[:20]
        await self._load(agent)

    @agent_event
    async def set_channel_filter(self, agent: AgentView, value: str):
        self.channel_filter = str(value)[:20]
        await self._load(agent)

    @agent_event
    def export_statistics(self, agent: AgentView):
        """What the page shows now, as a CSV file."""
        name = f"statistics-{self.first_day}-{self.last_day}.csv"
        return rx.download(data=statistics_csv(self.view), filename=name)


def _read(
    *,
    viewer: AgentView,
    first_day: date,
    last_day: date,
    zone: str,
    filters: Filters,
    language: str,
) -> tuple[StatisticsView, list[Choice], list[Choice]]:
    period = checked_period(first_day, last_day, zone)
    with session_scope() as session:
        report = statistics_report(session, period=period, filters=filters)
        view = statistics_view(session, report=report, viewer=viewer, language=language)
        agents = agent_choices(session)
        if viewer.role != "admin":
            agents = [choice for choice in agents if choice.id == viewer.id]
        return view, group_choices(session), agents
