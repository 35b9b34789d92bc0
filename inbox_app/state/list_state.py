"""Message-list actions: hover close, multi-select with bulk close/delete/assign, more pages."""

from __future__ import annotations

import dataclasses

import reflex as rx
from reflex_components_sonner.toast import ToastAction

from inbox_app.db import session_scope
from inbox_app.models.dto import AgentView
from inbox_app.models.enums import ConversationState
from inbox_app.models.tables import utcnow
from inbox_app.realtime import events
from inbox_app.services.conversations import actions
from inbox_app.services.conversations.listing import PAGE_SIZE
from inbox_app.services.errors import DomainError
from inbox_app.services.labels import tagging
from inbox_app.state import readers
from inbox_app.state.actions import UNDO_MS
from inbox_app.state.dashboard_reads import load_page
from inbox_app.state.guards import agent_event
from inbox_app.state.open_conversation import OpenConversationState


class ListState(OpenConversationState):
    bulk_deleted_ids: list[int] = []

    def _each(self, agent: AgentView, ids: list[int], call, **arguments) -> list[int]:
        """Run one service action per conversation; those already gone are skipped."""
        done = []
        with session_scope() as session:
            for conversation_id in ids:
                try:
                    call(session, actor=agent, conversation_id=conversation_id, **arguments)
                    done.append(conversation_id)
                except DomainError:
                    session.rollback()  # already gone; the rest still go ahead
        self.selected_ids = []
        if self.conversation_id in done and call is actions.delete_conversation:
            self.conversation_id = 0
        self._open(agent.id)
        self._refresh_list(agent.id)
        self._publish(events.EVERY_CONVERSATION)
        return done

    @agent_event
    def toggle_selected(self, agent: AgentView, conversation_id: int, checked: bool):
        rest = [i for i in self.selected_ids if i != int(conversation_id)]
        self.selected_ids = [*rest, int(conversation_id)] if checked else rest

    @agent_event
    def clear_selection(self, agent: AgentView):
        self.selected_ids = []

    @agent_event
    def close_one(self, agent: AgentView, conversation_id: int):
        closed = ConversationState.closed
        self._each(agent, [int(conversation_id)], actions.set_state, state=closed, now=utcnow())

    @agent_event
    def bulk_close(self, agent: AgentView):
        closed = ConversationState.closed
        done = self._each(agent, self.selected_ids, actions.set_state, state=closed, now=utcnow())
        return rx.toast(self._said("Closed {count} conversations", count=len(done)))

    @agent_event
    def bulk_assign(self, agent: AgentView, agent_id: int):
        done = self._each(
            agent, self.selected_ids, _add_assignee, agent_id=int(agent_id), now=utcnow()
        )
        return rx.toast(self._said("Assigned {count} conversations", count=len(done)))

    @agent_event
    def bulk_assign_group(self, agent: AgentView, group_id: int):
        group = int(group_id)
        done = self._each(
            agent, self.selected_ids, actions.assign_group, group_id=group, now=utcnow()
        )
        return rx.toast(self._said("Assigned {count} conversations to the group", count=len(done)))

    @agent_event
    def bulk_label(self, agent: AgentView, label_id: int):
        ids, label = self.selected_ids, int(label_id)
        done = self._each(agent, ids, tagging.add_label, label_id=label, now=utcnow())
        return rx.toast(self._said("Labelled {count} conversations", count=len(done)))

    @agent_event
    def bulk_delete(self, agent: AgentView):
        done = self._each(agent, self.selected_ids, actions.delete_conversation, now=utcnow())
        self.bulk_deleted_ids = done
        undo = ToastAction(label=self._said("Undo"), on_click=ListState.bulk_undo)
        deleted = self._said("Deleted {count} conversations", count=len(done))
        return rx.toast(deleted, duration=UNDO_MS, action=undo)

    @agent_event
    def bulk_undo(self, agent: AgentView):
        self._each(agent, self.bulk_deleted_ids, _undo)
        self.bulk_deleted_ids = []

    @agent_event
    async def load_more(self, agent: AgentView):
        """The next page after the last card (keyset: as fast on page 100 as on page 1);
        a search's ranked hits are read again, longer."""
        self.page_limit += PAGE_SIZE
        if self.search_text.strip() or not self.cards:
            await self._read_list(agent.id)
            return
        query = dataclasses.replace(self._list_query(), limit=PAGE_SIZE, after_id=self.cards[-1].id)
        page = await readers.read(load_page, query=query, viewer_id=agent.id)
        shown = {card.id for card in self.cards}
        self.cards = [*self.cards, *(card for card in page if card.id not in shown)]


def _add_assignee(session, *, actor, conversation_id: int, agent_id: int, now) -> None:
    current = actions.current_assignees(session, conversation_id=conversation_id)
    actions.assign_agents(
        session,
        actor=actor,
        conversation_id=conversation_id,
        agent_ids=sorted(current | {agent_id}),
        now=now,
    )


def _undo(session, *, actor, conversation_id: int) -> None:
    actions.undo_delete(session, actor=actor, conversation_id=conversation_id)
