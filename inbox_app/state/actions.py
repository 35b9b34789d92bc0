"""Chat-window actions: close/reopen, block/unblock, delete with undo, assign."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx
from reflex_components_sonner.toast import ToastAction

from inbox_app.db import session_scope
from inbox_app.models.dto import AgentView
from inbox_app.models.enums import ConversationState
from inbox_app.models.tables import utcnow
from inbox_app.services import conversation_actions as actions
from inbox_app.state.auth import LOGIN_ROUTE
from inbox_app.state.inbox import InboxState

UNDO_MS = int(actions.UNDO_WINDOW.total_seconds() * 1000)


class ActionsState(InboxState):
    last_deleted_id: int = 0

    async def _act(self, call: Callable[..., None], **arguments):
        """Authenticate, run one service action on the open conversation, refresh what shows."""
        agent = await self._authenticate()
        if agent is None:
            return rx.redirect(LOGIN_ROUTE)
        try:
            with session_scope() as session:
                call(
                    session,
                    actor=agent,
                    conversation_id=self.conversation_id,
                    now=utcnow(),
                    **arguments,
                )
        except actions.ActionError as error:
            return rx.toast.error(str(error))
        acted_on = self.conversation_id
        self._after_change(agent)
        self._publish(acted_on)
        return None

    def _after_change(self, agent: AgentView) -> None:
        self._open(agent.id)
        self._refresh_list(agent.id)

    @rx.event
    async def toggle_closed(self):
        closed = self.header.state == ConversationState.closed.value
        state = ConversationState.open if closed else ConversationState.closed
        return await self._act(actions.set_state, state=state)

    @rx.event
    async def toggle_blocked(self):
        return await self._act(actions.set_contact_blocked, blocked=not self.header.blocked)

    @rx.event
    async def assign_group(self, group_id: int):
        return await self._act(actions.assign_group, group_id=int(group_id) or None)

    @rx.event
    async def toggle_assignee(self, agent_id: int, checked: bool):
        wanted = set(self.header.assignee_ids)
        wanted = wanted | {int(agent_id)} if checked else wanted - {int(agent_id)}
        return await self._act(actions.assign_agents, agent_ids=sorted(wanted))

    @rx.event
    async def delete_conversation(self):
        deleted = self.conversation_id
        failure = await self._act(actions.delete_conversation)
        if failure is not None:
            return failure
        self.last_deleted_id = deleted
        return [
            rx.redirect(f"/inbox/{self.view_slug}"),
            rx.toast("Conversation deleted", duration=UNDO_MS,
                     action=ToastAction(label="Undo", on_click=ActionsState.undo_delete)),
        ]  # fmt: skip

    @rx.event
    async def undo_delete(self):
        agent = await self._authenticate()
        if agent is None:
            return rx.redirect(LOGIN_ROUTE)
        try:
            with session_scope() as session:
                actions.undo_delete(session, actor=agent, conversation_id=self.last_deleted_id)
        except actions.ActionError as error:
            return rx.toast.error(str(error))
        restored, self.last_deleted_id = self.last_deleted_id, 0
        self._publish(restored)
        return rx.redirect(f"/inbox/{self.view_slug}/{restored}")
