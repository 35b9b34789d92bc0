"""The dashboard's list side: the route, filters, search, the message list and its counts, and
who is viewing or typing where. The open conversation builds on it (state/open_conversation.py)."""

from __future__ import annotations

import reflex as rx

from inbox_app.i18n import mark
from inbox_app.models.dto import (
    AgentView,
    Choice,
    ConversationCard,
    LabelView,
    NavCounts,
)
from inbox_app.models.enums import Channel, ConversationState
from inbox_app.realtime import activity as live_activity
from inbox_app.realtime import events, live_tabs
from inbox_app.services.conversations import listing as conversation_list
from inbox_app.services.conversations.views import parse_view
from inbox_app.services.language_detection import NAMES
from inbox_app.state import readers
from inbox_app.state.auth import AuthState
from inbox_app.state.dashboard_reads import load_list
from inbox_app.state.guards import agent_event

# English words are the values kept in the state; the list shows them translated (t).
CHANNEL_CHOICES = {
    mark("All channels"): None,
    mark("Chat"): Channel.chat,
    mark("Email"): Channel.email,
    mark("API"): Channel.api,
}
STATE_CHOICES = {mark("Open"): ConversationState.open, mark("Closed"): ConversationState.closed}
ALL_LABELS = "All labels"
ALL_LANGUAGES = "all"
SORT_CHOICES = (mark("Activity"), mark("Priority"))


class InboxState(AuthState):
    view_slug: str = "mine"
    conversation_id: int = 0
    state_filter: str = "Open"
    channel_filter: str = "All channels"
    newest_first: bool = True
    sort_by: str = "Activity"
    label_filter: str = ALL_LABELS
    language_filter: str = ALL_LANGUAGES  # or a language's code
    label_choices: list[LabelView] = []
    page_limit: int = conversation_list.PAGE_SIZE
    selected_ids: list[int] = []
    search_text: str = ""
    # "Anna is viewing" / "Anna is typing…" by conversation id (as text: JSON object keys).
    activity: dict[str, str] = {}
    cards: list[ConversationCard] = []
    counts: NavCounts = NavCounts()
    agent_choices: list[Choice] = []
    group_choices: list[Choice] = []

    def _route(self) -> tuple[str, int]:
        """('all', 42) from /inbox/all/42; the URL is the source of truth for the view."""
        parts = [p for p in self.router.url.path.split("/") if p]
        slug = parts[1] if len(parts) > 1 else "mine"
        number = parts[2] if len(parts) > 2 else ""
        return slug, int(number) if number.isdigit() else 0

    def _list_query(self) -> conversation_list.ListQuery:
        view = parse_view(self.view_slug)
        assert view is not None, "load_page keeps only a valid slug"
        return conversation_list.ListQuery(
            view=view,
            state=STATE_CHOICES.get(self.state_filter, ConversationState.open),
            channel=CHANNEL_CHOICES.get(self.channel_filter),
            newest_first=self.newest_first,
            by_priority=self.sort_by == "Priority",
            label_id=next(
                (lb.id for lb in self.label_choices if lb.name == self.label_filter), None
            ),
            language=self.language_filter if self.language_filter in NAMES else None,
            limit=self.page_limit,
            live_agent_ids=live_tabs.live_agent_ids(),
            reader=self._reader(),
        )

    def _refresh_list(self, agent_id: int) -> None:
        self.cards, self.counts = load_list(
            query=self._list_query(), search=self.search_text, viewer_id=agent_id
        )

    def _publish(self, conversation_id: int = 0) -> None:
        """Tell every other open dashboard that something changed (see realtime.hub)."""
        events.conversation_changed(conversation_id, by=self.router.session.client_token)

    def _note_viewing(self, agent_id: int) -> None:
        token = self.router.session.client_token
        if live_activity.viewing(
            token=token,
            agent_id=agent_id,
            agent_name=self.agent_name,
            conversation_id=self.conversation_id,
        ):
            events.activity_changed(by=token)
        self.activity = live_activity.labels(viewer_agent_id=agent_id)

    async def _live_activity(self, _conversation_id: int, _payload=None) -> None:
        """Called by the hub when someone opens, leaves or types in a conversation."""
        agent = await self._authenticate()
        if agent is None:
            self.activity = {}
            return
        self.activity = live_activity.labels(viewer_agent_id=agent.id)

    @rx.var
    def activity_here(self) -> str:
        return self.activity.get(str(self.conversation_id), "")

    async def _read_list(self, agent_id: int) -> None:
        """The list and counts, read in a worker thread: pushes to other agents keep flowing."""
        query, search = self._list_query(), self.search_text
        self.cards, self.counts = await readers.read(
            load_list, query=query, search=search, viewer_id=agent_id
        )

    @agent_event
    async def set_search(self, agent: AgentView, text: str):
        """Search runs in a worker thread so other agents' events never wait for it."""
        self.search_text = text[:200]
        await self._read_list(agent.id)

    @agent_event
    def set_state_filter(self, agent: AgentView, value: str):
        self._change_filter(agent, state_filter=value if value in STATE_CHOICES else "Open")

    @agent_event
    def set_channel_filter(self, agent: AgentView, value: str):
        channel = value if value in CHANNEL_CHOICES else "All channels"
        self._change_filter(agent, channel_filter=channel)

    @agent_event
    def set_label_filter(self, agent: AgentView, value: str):
        known = any(label.name == value for label in self.label_choices)
        self._change_filter(agent, label_filter=value if known else ALL_LABELS)

    @agent_event
    def set_language_filter(self, agent: AgentView, value: str):
        language = value if value in NAMES else ALL_LANGUAGES
        self._change_filter(agent, language_filter=language)

    @agent_event
    def set_sort_by(self, agent: AgentView, value: str):
        self._change_filter(agent, sort_by=value if value in SORT_CHOICES else "Activity")

    @agent_event
    def toggle_sort(self, agent: AgentView):
        self._change_filter(agent, newest_first=not self.newest_first)

    def _change_filter(self, agent: AgentView, **changes) -> None:
        for name, value in changes.items():
            setattr(self, name, value)
        self.page_limit, self.selected_ids = conversation_list.PAGE_SIZE, []
        self._refresh_list(agent.id)
