"""The composer: send with files, server-kept drafts, /shortcuts, saved replies, templates."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace

import reflex as rx
from reflex.event import EventSpec
from sqlmodel import Session

from inbox_app.db import session_scope
from inbox_app.mail import reply_delivery
from inbox_app.models.dto import AgentView, MessageView
from inbox_app.models.enums import MessageKind
from inbox_app.models.tables import Message, utcnow
from inbox_app.realtime import activity as live_activity
from inbox_app.realtime import events, hub
from inbox_app.realtime.widget import presence as visitor_presence
from inbox_app.realtime.widget import typing_status as widget_typing
from inbox_app.realtime.widget import waits as visitor_waits
from inbox_app.services.composer import drafts, email_templates, placeholders, saved_replies
from inbox_app.services.composer import send as composer
from inbox_app.services.composer.email_templates import EmailTemplateView
from inbox_app.services.composer.placeholders import fill_placeholders
from inbox_app.services.composer.saved_replies import SavedReplyView
from inbox_app.services.conversations.detail import message_view
from inbox_app.services.errors import DomainError
from inbox_app.state.guards import agent_event
from inbox_app.state.open_conversation import OpenConversationState
from inbox_app.state.thread_tail import ThreadTailState


def _script(function: str, *values: str) -> EventSpec:
    """Call one of assets/composer.js's helpers; values go in as JSON, never as code."""
    return rx.call_script(f"window.{function}({', '.join(json.dumps(v) for v in values)})")


class ComposerState(OpenConversationState):
    saved_replies: list[SavedReplyView] = []
    email_templates: list[EmailTemplateView] = []

    def _values(self, agent: AgentView) -> dict[str, str]:
        return placeholders.values_for(contact=self.contact, agent=agent)

    @agent_event
    def set_composer_mode(self, agent: AgentView, mode: str):
        self.composer_mode = "comment" if mode == "comment" else "reply"
        if self.composer_mode == "comment":
            self._widget_typing(typing=False)

    @agent_event
    def note_typing(self, agent: AgentView):
        """Throttled keystrokes: colleagues see "… is typing" in the window and on the card."""
        token = self.router.session.client_token
        if live_activity.typing(token=token):
            events.activity_changed(by=token)
        self._widget_typing(typing=self.composer_mode == "reply")
        return None

    def _widget_typing(self, *, typing: bool) -> None:
        """The contact's widget shows "Anna is typing…" for replies only, never for comments."""
        if not self.conversation_id:
            return
        if typing:
            changed = widget_typing.agent_typing(
                conversation_id=self.conversation_id, agent_name=self.agent_name
            )
        else:
            changed = widget_typing.agent_stopped(
                conversation_id=self.conversation_id, agent_name=self.agent_name
            )
        if changed:
            visitor_waits.wake(self.conversation_id)

    @agent_event
    def save_draft(self, agent: AgentView, text: str):
        if not self.conversation_id:
            return None
        with session_scope() as session:
            expanded = saved_replies.expand_shortcut(session, text=text, values=self._values(agent))
            try:
                drafts.save_draft(
                    session,
                    agent_id=agent.id,
                    conversation_id=self.conversation_id,
                    body=expanded or text,
                    now=utcnow(),
                )
            except DomainError as error:
                self.composer_error = error.said(self.ui_language)
                return None
        self.composer_error = ""
        return _script("inboxReplace", expanded) if expanded is not None else None

    @agent_event
    async def send(self, agent: AgentView, form_data: dict):
        """Store, push to everyone else at once, then bring the sender's own views up to date."""
        kind = MessageKind.comment if self.composer_mode == "comment" else MessageKind.reply
        try:
            sent, with_files = self._store(agent, kind, form_data)
        except DomainError as error:
            self.composer_error = error.said(self.ui_language)
            return
        self.composer_error, self.draft_body = "", ""
        self.composer_generation += 1
        if with_files:  # file links are signed per agent: no fast path
            self._publish(self.conversation_id)
        else:
            events.message_added(self.conversation_id, sent, by=self.router.session.client_token)
            tail = await self.get_state(ThreadTailState)
            tail._add(conversation_id=self.conversation_id, message=sent)
        if kind is MessageKind.reply:  # the contact's widget shows replies, never comments
            widget_typing.agent_stopped(
                conversation_id=self.conversation_id, agent_name=self.agent_name
            )
            visitor_waits.wake(self.conversation_id)
        yield  # the sender sees its message while the push to the others runs
        await asyncio.sleep(hub.SETTLE_SECONDS)  # their sockets are written before reloads start
        await self._reload_off_loop(agent.id)

    def _store(
        self, agent: AgentView, kind: MessageKind, form_data: dict
    ) -> tuple[MessageView, bool]:
        attachment_ids = composer.parse_ids(str(form_data.get("attachment_ids", "")))
        with session_scope() as session:
            sent = composer.send(
                session,
                actor=agent,
                conversation_id=self.conversation_id,
                kind=kind,
                body=str(form_data.get("body", "")),
                now=utcnow(),
                subject=str(form_data.get("subject", "")),
                attachment_ids=attachment_ids,
                queue_mail=self._queue_mail,
            )
            stored = session.get(Message, sent.message_id)
            assert stored is not None, "just sent"
            view = message_view(stored, agent.name, "", now=utcnow(), reader=self._reader())
        if sent.mail_label is None:
            return view, bool(attachment_ids)
        reply_delivery.wake_sender()
        return replace(view, delivery=sent.mail_label), bool(attachment_ids)

    def _queue_mail(self, session: Session, message_id: int) -> str | None:
        """A reply in an email conversation goes out by mail; a chat reply to a visitor whose
        widget is gone waits in the outbox for email. Both in the reply's own commit."""
        return reply_delivery.queue_in_transaction(
            session,
            message_id=message_id,
            visitor_connected=lambda: visitor_presence.connected(self.conversation_id),
        )

    @agent_event
    def pickers_shown(self, agent: AgentView, is_open: bool):
        """A picker opened: its saved replies and templates, fresh from the database."""
        if not is_open:
            return None
        with session_scope() as session:
            self.saved_replies = saved_replies.list_saved_replies(session)
            self.email_templates = email_templates.list_email_templates(session)
        return None

    @agent_event
    def insert_saved_reply(self, agent: AgentView, reply_id: int):
        chosen = next((r for r in self.saved_replies if r.id == int(reply_id)), None)
        if chosen is None:
            return None
        return _script("inboxInsert", fill_placeholders(chosen.body, values=self._values(agent)))

    @agent_event
    def apply_template(self, agent: AgentView, template_id: int):
        try:
            with session_scope() as session:
                subject, body = email_templates.render_template(
                    session, template_id=int(template_id), values=self._values(agent)
                )
        except DomainError as error:
            return rx.toast.error(error.said(self.ui_language))
        return _script("inboxUseTemplate", subject, body)
