"""`Retry` on a mail that failed: queued again and sent by the outbox's loop (issue 11)."""

from __future__ import annotations

import reflex as rx

from inbox_app.db import session_scope
from inbox_app.mail import lifespan as mail_lifespan
from inbox_app.models.dto import AgentView
from inbox_app.realtime import events
from inbox_app.services.email import outbox_sending
from inbox_app.state.guards import agent_event
from inbox_app.state.inbox import InboxState


class EmailDeliveryState(InboxState):
    @agent_event
    def retry_email(self, agent: AgentView, message_id: int):
        with session_scope() as session:
            queued = outbox_sending.retry(
                session, message_id=int(message_id), conversation_id=self.conversation_id
            )
        if not queued:
            return rx.toast.error(self._said("This mail cannot be sent again."))
        mail_lifespan.wake()
        events.conversation_changed(self.conversation_id)  # every tab, this one too: Queued
        return None
