"""Organising the open conversation: its labels, priority and snooze (the chat window's
`Labels`, `Priority` and `Snooze`)."""

from __future__ import annotations

import reflex as rx

from inbox_app.models.dto import AgentView
from inbox_app.models.tables import utcnow
from inbox_app.services.conversations import priority, snooze
from inbox_app.services.conversations.snooze_presets import PRESETS, preset_until
from inbox_app.services.errors import DomainError
from inbox_app.services.labels import tagging
from inbox_app.state.actions import ActionsState
from inbox_app.state.guards import agent_event


class OrganiseState(ActionsState):
    @agent_event
    def toggle_label(self, agent: AgentView, label_id: int):
        label_id = int(label_id)
        on = label_id in self.header.label_ids
        call = tagging.remove_label if on else tagging.add_label
        return self._act(agent, call, label_id=label_id)

    @agent_event
    def set_priority(self, agent: AgentView, name: str):
        try:
            chosen = priority.parse_priority(str(name))
        except DomainError as error:
            return rx.toast.error(error.said(self.ui_language))
        return self._act(agent, priority.set_priority, priority=chosen)

    @agent_event
    def snooze(self, agent: AgentView, preset: str):
        if preset not in PRESETS:
            return rx.toast.error(self._said("Pick one of the offered times."))
        # "Tomorrow" is 09:00 where the agent is (their profile's time zone)
        until = preset_until(preset, now=utcnow(), zone=self._reader().tz)
        failure = self._act(agent, snooze.snooze, until=until)
        return failure or rx.toast(snooze.snoozed_label(until, self._reader()))

    @agent_event
    def unsnooze(self, agent: AgentView):
        return self._act(agent, snooze.unsnooze)
