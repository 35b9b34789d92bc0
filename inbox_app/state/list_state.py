"""Message-list actions: hover close, multi-select with bulk close/delete/assign, more pages, New email."""

from __future__ import annotations

import reflex as rx
from reflex_components_sonner.toast import ToastAction

from inbox_app.db import session_scope
from inbox_app.models.enums import ConversationState
from inbox_app.models.tables import utcnow
from inbox_app.realtime import events
from inbox_app.services import conversation_actions as actions
from inbox_app.services.conversation_list import PAGE_SIZE
from inbox_app.services.conversations import ConversationError, start_outgoing_email
from inbox_app.state.actions import UNDO_MS
from inbox_app.state.auth import LOGIN_ROUTE
from inbox_app.state.inbox import InboxState

MAX_LOADED = 1000  # beyond this, search or filter: a longer list would slow every browser


class ListState(InboxState):
    bulk_deleted_ids: list[int] = []
    new_email_open: bool = False
    new_email_error: str = ""

    async def _each(self, ids: list[int], call, **arguments):
        agent = await self._authenticate()
        if agent is None:
            return rx.redirect(LOGIN_ROUTE)
        done = []
        with session_scope() as session:
            for conversation_id in ids:
                try:
                    call(session, actor=agent, conversation_id=conversation_id, **arguments)
                    done.append(conversation_id)
                except actions.ActionError:
                    session.rollback()  # already gone; the rest still go ahead
        self.selected_ids = []
        if self.conversation_id in done and call is actions.delete_conversation:
            self.conversation_id = 0
        self._open(agent.id)
        self._refresh_list(agent.id)
        self._publish(events.EVERY_CONVERSATION)
        return done

    @rx.event
    async def toggle_selected(self, conversation_id: int, checked: bool):
        if await self._authenticate() is None:
            return rx.redirect(LOGIN_ROUTE)
        rest = [i for i in self.selected_ids if i != int(conversation_id)]
        self.selected_ids = [*rest, int(conversation_id)] if checked else rest

    @rx.event
    async def clear_selection(self):
        if await self._authenticate() is None:
            return rx.redirect(LOGIN_ROUTE)
        self.selected_ids = []
        return None

    @rx.event
    async def close_one(self, conversation_id: int):
        closed = ConversationState.closed
        result = await self._each(
            [int(conversation_id)], actions.set_state, state=closed, now=utcnow()
        )
        return result if not isinstance(result, list) else None

    @rx.event
    async def bulk_close(self):
        result = await self._each(
            self.selected_ids, actions.set_state, state=ConversationState.closed, now=utcnow()
        )
        return (
            result
            if not isinstance(result, list)
            else rx.toast(f"Closed {len(result)} conversations")
        )

    @rx.event
    async def bulk_assign(self, agent_id: int):
        result = await self._each(
            self.selected_ids, _add_assignee, agent_id=int(agent_id), now=utcnow()
        )
        return (
            result
            if not isinstance(result, list)
            else rx.toast(f"Assigned {len(result)} conversations")
        )

    @rx.event
    async def bulk_delete(self):
        result = await self._each(self.selected_ids, actions.delete_conversation, now=utcnow())
        if not isinstance(result, list):
            return result
        self.bulk_deleted_ids = result
        undo = ToastAction(label="Undo", on_click=ListState.bulk_undo)
        return rx.toast(f"Deleted {len(result)} conversations", duration=UNDO_MS, action=undo)

    @rx.event
    async def bulk_undo(self):
        restored = await self._each(self.bulk_deleted_ids, _undo)
        if isinstance(restored, list):
            self.bulk_deleted_ids = []
        return restored if not isinstance(restored, list) else None

    @rx.event
    async def load_more(self):
        agent = await self._authenticate()
        if agent is None:
            return rx.redirect(LOGIN_ROUTE)
        self.page_limit = min(self.page_limit + PAGE_SIZE, MAX_LOADED)
        self._refresh_list(agent.id)

    @rx.event
    async def set_new_email_open(self, is_open: bool):
        if await self._authenticate() is None:
            return rx.redirect(LOGIN_ROUTE)
        self.new_email_open, self.new_email_error = bool(is_open), ""
        return None

    @rx.event
    async def send_new_email(self, form_data: dict):
        agent = await self._authenticate()
        if agent is None:
            return rx.redirect(LOGIN_ROUTE)
        try:
            with session_scope() as session:
                conversation_id = start_outgoing_email(
                    session, actor=agent, to_email=str(form_data.get("to", "")),
                    subject=str(form_data.get("subject", "")), body=str(form_data.get("body", "")), now=utcnow(),
                )  # fmt: skip
        except ConversationError as error:
            self.new_email_error = str(error)
            return None
        self.new_email_open = False
        self._publish(conversation_id)
        return rx.redirect(f"/inbox/all/{conversation_id}")


def _add_assignee(session, *, actor, conversation_id: int, agent_id: int, now) -> None:
    current = actions.current_assignees(session, conversation_id=conversation_id)
    actions.assign_agents(session, actor=actor, conversation_id=conversation_id,
                          agent_ids=sorted(current | {agent_id}), now=now)  # fmt: skip


def _undo(session, *, actor, conversation_id: int) -> None:
    actions.undo_delete(session, actor=actor, conversation_id=conversation_id)
