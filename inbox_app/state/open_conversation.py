"""The open conversation: its header, thread, contact panel and composer's vars (the live tail
under the thread: thread_tail.py). The composer, the chat-window actions and the contact panel
build on it.

Apart from the list (InboxState) because every component that reads a state renders again when
that state changes: a list refresh must not re-render the thread, nor a new thread the list.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import reflex as rx

from inbox_app.models.dto import (
    AgentView,
    ContactView,
    ConversationHeader,
    MessageView,
    PreviousConversation,
)
from inbox_app.realtime import events
from inbox_app.services.conversations import listing as conversation_list
from inbox_app.services.conversations.opening import OpenedConversation
from inbox_app.services.conversations.views import parse_view
from inbox_app.state import readers
from inbox_app.state.auth import read_agent
from inbox_app.state.dashboard_reads import (
    LiveReads,
    lacks_live_messages,
    load_choices,
    load_earlier,
    load_labels,
    load_list,
    load_opened,
)
from inbox_app.state.guards import HOME_ROUTE, agent_event
from inbox_app.state.inbox import InboxState

_EMPTY_HEADER = ConversationHeader(0, "", "", "", "", "", False)
_EMPTY_CONTACT = ContactView(0, "", False)


class OpenConversationState(InboxState):
    header: ConversationHeader = _EMPTY_HEADER
    thread: list[MessageView] = []
    # Messages that arrived live after the thread was loaded go to ThreadTailState (a push
    # must not resend the whole thread: Reflex resends a changed list in full, and every
    # reader of a changed state renders again). The key names the loaded thread.
    thread_key: str = ""
    # Pages an agent scrolled up to, above the thread, and whether there are more before them.
    earlier: list[MessageView] = []
    has_earlier: bool = False
    contact: ContactView = _EMPTY_CONTACT
    previous: list[PreviousConversation] = []
    composer_mode: str = "reply"
    composer_error: str = ""
    draft_body: str = ""
    editing: bool = False  # the contact panel's edit mode
    contact_error: str = ""
    # Bumped after each send so the composer's text box starts afresh.
    composer_generation: int = 0

    @agent_event
    async def load_page(self, agent: AgentView):
        """Opening a conversation renders up to 50 messages: that and every read run on the
        reader threads, so other tabs' events and pushes go on meanwhile."""
        slug, conversation_id = self._route()
        if parse_view(slug) is None:
            return rx.redirect(HOME_ROUTE)
        if conversation_id != self.conversation_id:
            self.composer_error, self.contact_error, self.editing = "", "", False
            self.earlier = []
        if slug != self.view_slug:
            self.page_limit, self.selected_ids = conversation_list.PAGE_SIZE, []
        self.view_slug, self.conversation_id = slug, conversation_id
        self.agent_choices, self.group_choices = await readers.read(load_choices)
        self.label_choices = await readers.read(load_labels)
        await self._reload_off_loop(agent.id)
        self._note_viewing(agent.id)  # after: a conversation that is gone leaves id 0
        return None

    async def _reload_off_loop(self, agent_id: int) -> None:
        """The open conversation and the list, read in worker threads: pushes to other
        agents keep flowing meanwhile."""
        await self._read_opened(agent_id)
        await self._read_list(agent_id)

    async def _read_opened(self, agent_id: int) -> None:
        tail = await self._tail_shown()
        loaded = await readers.read(load_opened, agent_id=agent_id, **self._opened_arguments())
        self._show(loaded, tail=tail)

    def _opened_arguments(self) -> dict[str, Any]:
        """What `load_opened` reads for this tab, besides the agent."""
        return {
            "conversation_id": self.conversation_id,
            "view_slug": self.view_slug,
            "after_id": self.earlier[-1].id if self.earlier else 0,
            "reader": self._reader(),
        }

    @agent_event
    async def load_earlier(self, agent: AgentView):
        """The page before the oldest message shown (the agent scrolled to the top)."""
        shown = self.earlier or self.thread
        if not self.conversation_id or not shown:
            return None
        page, self.has_earlier = await readers.read(
            load_earlier,
            agent_id=agent.id,
            conversation_id=self.conversation_id,
            before_id=shown[0].id,
            reader=self._reader(),
        )
        self.earlier = [*page, *self.earlier]
        return None

    def _shows(self) -> tuple:
        """What this tab shows, as far as a live refresh's reads depend on it; and how many of
        its own handlers ran: one that ran since the reads began (a close, a reply) showed
        newer reads than them (the hub leaves the sender's tab out of its own change)."""
        query = dataclasses.replace(self._list_query(), live_agent_ids=None)
        opened = tuple(self._opened_arguments().items())
        return (self.auth_token, self._own_events, query, self.search_text, opened)

    async def _live_reads(self, conversation_id: int, changed: frozenset[int] | None) -> LiveReads:
        """A live refresh's reads. The hub makes them on a snapshot of this state, outside the
        tab's lock: the agent's own clicks meanwhile wait for nobody's reads."""
        changed = changed or frozenset({conversation_id})
        shows, query, search = self._shows(), self._list_query(), self.search_text
        opened = self._opened_arguments()
        agent = await read_agent(self.auth_token)
        if agent is None:
            return LiveReads(shows)
        every = events.EVERY_CONVERSATION in changed
        return LiveReads(
            shows,
            agent,
            labels=await readers.read(load_labels) if every else None,
            listed=await readers.read(load_list, query=query, search=search, viewer_id=agent.id),
            opened=(
                await readers.read(load_opened, agent_id=agent.id, **opened)
                if opened["conversation_id"] and events.touches(opened["conversation_id"], changed)
                else None
            ),
        )

    async def _live_refresh(
        self, conversation_id: int, changed: frozenset[int] | None, reads: LiveReads | None
    ) -> None:
        """Called by the hub, under the tab's lock, for others' changes (`changed`: the
        conversations they touched): list and counts, and the open thread when it is among
        them. Reads made for what the tab no longer shows are made again, here."""
        if reads is None or reads.shows != self._shows():
            reads = await self._live_reads(conversation_id, changed)
        agent = self._take_agent(reads.agent)
        if agent is None:  # signed out elsewhere, expired or deactivated: show nothing more
            self._end_session()
            self.cards, self.thread = [], []
            return
        if reads.labels is not None:
            self.label_choices = reads.labels
        if reads.listed is not None:
            self.cards, self.counts = reads.listed
        if reads.opened is not None:
            tail = await self._tail_shown()
            opened = reads.opened
            if lacks_live_messages(
                opened, tail
            ):  # a message came live since the read: read it again
                opened = await readers.read(
                    load_opened, agent_id=agent.id, **self._opened_arguments()
                )
            self._show(opened, tail=tail)

    def _open(self, agent_id: int) -> None:
        self._show(load_opened(agent_id=agent_id, **self._opened_arguments()))

    async def _tail_shown(self) -> list[MessageView]:
        """The live messages shown under the thread (its substate ThreadTailState)."""
        from inbox_app.state.thread_tail import ThreadTailState  # a substate: imports this

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
            self.thread_key, self.earlier, self.has_earlier = "", [], False
            return
        same_conversation = self.thread_key.startswith(f"{self.conversation_id}:")
        if not same_conversation:
            self.earlier = []
        if not same_conversation or opened.messages != [*self.thread, *tail]:
            self.thread = opened.messages
            last = opened.messages[-1].id if opened.messages else 0
            self.thread_key = f"{self.conversation_id}:{len(opened.messages)}:{last}"
        self.header = opened.header
        self.contact, self.previous = opened.contact, opened.previous
        if not self.earlier:  # with earlier pages, has_earlier is about the oldest of those
            self.has_earlier = opened.has_earlier
