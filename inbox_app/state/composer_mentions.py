"""The agents a comment's `@` suggests: assets/composer-mentions.js reads them from the page."""

from __future__ import annotations

import json
from dataclasses import asdict

from inbox_app.db import session_scope
from inbox_app.models.dto import AgentView
from inbox_app.services.composer import mentions
from inbox_app.state.composer import ComposerState
from inbox_app.state.guards import agent_event


class MentionState(ComposerState):
    # JSON in a data attribute, loaded when Comment is chosen: typing asks the server nothing.
    mention_agents: str = "[]"

    @agent_event
    def mode_chosen(self, agent: AgentView, mode: str):
        if mode == "comment":
            self._load()

    @agent_event
    def composer_shown(self, agent: AgentView):
        """A page opened with Comment still chosen (the tab's state outlives a reload)."""
        if self.composer_mode == "comment":
            self._load()

    def _load(self) -> None:
        with session_scope() as session:
            found = mentions.mention_choices(session)
        self.mention_agents = json.dumps([asdict(choice) for choice in found])
