"""Chat-window actions: close/reopen, block/unblock, delete with undo, assign."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx
from reflex_components_sonner.toast import ToastAction

from inbox_app.db import session_scope
from inbox_app.models.dto import AgentView
from inbox_app.models.enums import ConversationState
from inbox_app.models.tables import utcnow
from inbox_app.services.conversations import actions
from inbox_app.services.errors import DomainError
from inbox_app.state.guards import agent_event
from inbox_app.state.open_conversation import OpenConversationState

UNDO_MS = int(actions.UNDO_WINDOW.total_seconds() * 1000)


class ActionsState(OpenConversationState):
    last_deleted_id: int = 0

    def _act(self, agent: AgentView, call: Callable[..., None], **arguments):
        """Run one service action on the open conversation, refresh what shows."""
        try:
            with session_scope() as session:
                call(
                    session,
                    actor=agent,
                    conversation_id=self.conversation_id,
                    now=utcnow(),
                    **arguments,
                )
        except DomainError as error:
            return rx.toast.error(error.said(self.ui_language))
        acted_on = self.conversation_id
        self._after_change(agent)
        self._publish(acted_on)
        return None

    def _after_change(self, agent: AgentView) -> None:
        self._open(agent.id)
        self._refresh_list(agent.id)

    @agent_event
    def toggle_closed(self, agent: AgentView):
        closed = self.header.state == ConversationState.closed.value
        state = ConversationState.open if closed else ConversationState.closed
        return self._act(agent, actions.set_state, state=state)

    @agent_event
    def toggle_blocked(self, agent: AgentView):
        return self._act(agent, actions.set_contact_blocked, blocked=not self.header.blocked)

    @agent_event
    def assign_group(self, agent: AgentView, group_id: int):
        return self._act(agent, actions.assign_group, group_id=int(group_id) or None)

    @agent_event
    def toggle_assignee(self, agent: AgentView, agent_id: int, checked: bool):
        wanted = set(self.header.assignee_ids)
        wanted = wanted | {int(agent_id)} if checked else wanted - {int(agent_id)}
        return self._act(agent, actions.assign_agents, agent_ids=sorted(wanted))

    @agent_event
    def delete_conversation(self, agent: AgentView):
        deleted = self.conversation_id
        failure = self._act(agent, actions.delete_conversation)
        if failure is not None:
            return failure
        self.last_deleted_id = deleted
        return [
            rx.redirect(f"/inbox/{self.view_slug}"),
            rx.toast(
                self._said("Conversation deleted"),
                duration=UNDO_MS,
                action=ToastAction(label=self._said("Undo"), on_click=ActionsState.undo_delete),
            ),
        ]

    @agent_event
    def undo_delete(self, agent: AgentView):
        try:
            with session_scope() as session:
                actions.undo_delete(session, actor=agent, conversation_id=self.last_deleted_id)
        except DomainError as error:
            return rx.toast.error(error.said(self.ui_language))
        restored, self.last_deleted_id = self.last_deleted_id, 0
        self._publish(restored)
        return rx.redirect(f"/inbox/{self.view_slug}/{restored}")
