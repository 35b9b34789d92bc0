"""The dashboard: message list, open conversation, composer."""

from __future__ import annotations

from collections.abc import Sequence

import reflex as rx

from inbox_app.models.dto import (
    Choice,
    ContactView,
    ConversationCard,
    ConversationHeader,
    MessageView,
    NavCounts,
    PreviousConversation,
)
from inbox_app.models.enums import Channel, ConversationState
from inbox_app.realtime import activity as live_activity
from inbox_app.realtime import events, live_tabs
from inbox_app.services import conversation_list
from inbox_app.services.conversation_open import OpenedConversation
from inbox_app.services.inbox_views import parse_view
from inbox_app.state import readers
from inbox_app.state.auth import LOGIN_ROUTE, AuthState
from inbox_app.state.dashboard_reads import load_choices, load_list, load_opened

_EMPTY_HEADER = ConversationHeader(0, "", "", "", "", "", False)
_EMPTY_CONTACT = ContactView(0, "", False)
CHANNEL_CHOICES = {
    "All channels": None,
    "Chat": Channel.chat,
    "Email": Channel.email,
    "API": Channel.api,
}
STATE_CHOICES = {"Open": ConversationState.open, "Closed": ConversationState.closed}


class InboxState(AuthState):
    view_slug: str = "mine"
    conversation_id: int = 0
    state_filter: str = "Open"
    channel_filter: str = "All channels"
    newest_first: bool = True
    page_limit: int = conversation_list.PAGE_SIZE
    selected_ids: list[int] = []
    search_text: str = ""
    # "Anna is viewing" / "Anna is typing…" by conversation id (as text: JSON object keys).
    activity: dict[str, str] = {}
    cards: list[ConversationCard] = []
    counts: NavCounts = NavCounts()
    header: ConversationHeader = _EMPTY_HEADER
    thread: list[MessageView] = []
    # Messages that arrived live after the thread was loaded go to ThreadTailState (a push
    # must not resend the whole thread: Reflex resends a changed list in full, and every
    # reader of a changed state renders again). The key names the loaded thread.
    thread_key: str = ""
    contact: ContactView = _EMPTY_CONTACT
    previous: list[PreviousConversation] = []
    agent_choices: list[Choice] = []
    group_choices: list[Choice] = []
    composer_mode: str = "reply"
    composer_error: str = ""
    draft_body: str = ""
    editing: bool = False  # the contact panel's edit mode
    contact_error: str = ""
    # Bumped after each send so the composer's text box starts afresh.
    composer_generation: int = 0

    def _route(self) -> tuple[str, int]:
        """('all', 42) from /inbox/all/42; the URL is the source of truth for the view."""
        parts = [p for p in self.router.url.path.split("/") if p]
        slug = parts[1] if len(parts) > 1 else "mine"
        number = parts[2] if len(parts) > 2 else ""
        return slug, int(number) if number.isdigit() else 0

    def _list_query(self) -> conversation_list.ListQuery:
        return conversation_list.ListQuery(
            view=parse_view(self.view_slug),  # type: ignore[arg-type]
            state=STATE_CHOICES.get(self.state_filter, ConversationState.open),
            channel=CHANNEL_CHOICES.get(self.channel_filter),
            newest_first=self.newest_first,
            limit=self.page_limit,
            live_agent_ids=live_tabs.live_agent_ids(),
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
        if live_activity.viewing(token=token, agent_id=agent_id, agent_name=self.agent_name,
                                 conversation_id=self.conversation_id):  # fmt: skip
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

    async def _reload_off_loop(self, agent_id: int) -> None:
        """The open conversation and the list, read in worker threads: pushes to other
        agents keep flowing meanwhile."""
        tail = await self._tail_shown()
        self._show(tail=tail, loaded=await readers.read(load_opened, agent_id=agent_id,
                                           conversation_id=self.conversation_id, view_slug=self.view_slug))  # fmt: skip
        query, search = self._list_query(), self.search_text
        self.cards, self.counts = await readers.read(
            load_list, query=query, search=search, viewer_id=agent_id
        )

    async def _live_refresh(self, conversation_id: int, _payload=None) -> None:
        """Called by the hub for another agent's change: list, counts, and the open thread."""
        agent = await self._authenticate()
        if agent is None:  # signed out elsewhere, expired or deactivated: show nothing more
            self._end_session()
            self.cards, self.thread = [], []
            return
        query, search = self._list_query(), self.search_text
        self.cards, self.counts = await readers.read(
            load_list, query=query, search=search, viewer_id=agent.id
        )
        if self.conversation_id and conversation_id in (
            self.conversation_id,
            events.EVERY_CONVERSATION,
        ):
            loaded = await readers.read(
                load_opened,
                agent_id=agent.id,
                conversation_id=self.conversation_id,
                view_slug=self.view_slug,
            )
            self._show(loaded, tail=await self._tail_shown())

    @rx.event
    async def set_search(self, text: str):
        """Search runs in a worker thread so other agents' events never wait for it."""
        agent = await self._authenticate()
        if agent is None:
            return rx.redirect(LOGIN_ROUTE)
        self.search_text = text[:200]
        query, search = self._list_query(), self.search_text
        self.cards, self.counts = await readers.read(
            load_list, query=query, search=search, viewer_id=agent.id
        )
        return None

    def _open(self, agent_id: int) -> None:
        self._show(
            load_opened(
                agent_id=agent_id, conversation_id=self.conversation_id, view_slug=self.view_slug
            )
        )

    async def _tail_shown(self) -> list[MessageView]:
        """The live messages shown under the thread (see thread_tail.py)."""
        from inbox_app.state.thread_tail import ThreadTailState  # a substate of this one

        tail = await self.get_state(ThreadTailState)
        return list(tail.messages) if tail.follows == self.thread_key else []

    def _show(
        self, loaded: tuple[OpenedConversation | None, str], tail: Sequence[MessageView] = ()
    ) -> None:
        """A thread equal to what is shown (the thread and the live tail under it) is not sent
        again. Only async callers can read the tail: for the others a live message that came
        in since means the thread is sent in full (its new key hides the tail)."""
        opened, self.draft_body = loaded
        if opened is None:
            self.conversation_id = 0
            self.header, self.thread, self.contact, self.previous = (
                _EMPTY_HEADER,
                [],
                _EMPTY_CONTACT,
                [],
            )
            self.thread_key = ""
            return
        same_conversation = self.thread_key.startswith(f"{self.conversation_id}:")
        if not same_conversation or opened.messages != [*self.thread, *tail]:
            self.thread = opened.messages
            last = opened.messages[-1].id if opened.messages else 0
            self.thread_key = f"{self.conversation_id}:{len(opened.messages)}:{last}"
        self.header = opened.header
        self.contact, self.previous = opened.contact, opened.previous

    @rx.event
    async def load_page(self):
        """Opening a conversation renders up to 50 messages: that and every read run on the
        reader threads, so other tabs' events and pushes go on meanwhile."""
        agent = await self._authenticate()
        if agent is None:
            return rx.redirect(LOGIN_ROUTE)
        slug, conversation_id = self._route()
        if parse_view(slug) is None:
            return rx.redirect("/inbox/mine")
        if conversation_id != self.conversation_id:
            self.composer_error, self.contact_error, self.editing = "", "", False
        if slug != self.view_slug:
            self.page_limit, self.selected_ids = conversation_list.PAGE_SIZE, []
        self.view_slug, self.conversation_id = slug, conversation_id
        self.agent_choices, self.group_choices = await readers.read(load_choices)
        await self._reload_off_loop(agent.id)
        self._note_viewing(agent.id)  # after: a conversation that is gone leaves id 0
        return None

    @rx.event
    async def set_state_filter(self, value: str):
        return await self._change_filter(state_filter=value if value in STATE_CHOICES else "Open")

    @rx.event
    async def set_channel_filter(self, value: str):
        return await self._change_filter(
            channel_filter=value if value in CHANNEL_CHOICES else "All channels"
        )

    @rx.event
    async def toggle_sort(self):
        return await self._change_filter(newest_first=not self.newest_first)

    async def _change_filter(self, **changes):
        agent = await self._authenticate()
        if agent is None:
            return rx.redirect(LOGIN_ROUTE)
        for name, value in changes.items():
            setattr(self, name, value)
        self.page_limit, self.selected_ids = conversation_list.PAGE_SIZE, []
        self._refresh_list(agent.id)
