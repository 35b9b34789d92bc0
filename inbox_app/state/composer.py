"""The composer: send with files, server-kept drafts, /shortcuts, saved replies, templates."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace

import reflex as rx

from inbox_app.db import session_scope
from inbox_app.models.dto import AgentView, MessageView
from inbox_app.models.enums import MessageKind
from inbox_app.models.tables import Message, utcnow
from inbox_app.realtime import activity as live_activity
from inbox_app.realtime import events, hub, visitor_presence, visitor_waits, widget_typing
from inbox_app.services import composer, drafts, email_templates, outbox, saved_replies
from inbox_app.services.conversation_detail import DELIVERY_LABELS, message_view
from inbox_app.services.email_templates import EmailTemplateView
from inbox_app.services.messages import MessageError
from inbox_app.services.placeholders import fill_placeholders, placeholder_values
from inbox_app.services.saved_replies import SavedReplyView
from inbox_app.state.auth import LOGIN_ROUTE
from inbox_app.state.inbox import InboxState
from inbox_app.state.thread_tail import ThreadTailState


def _script(function: str, *values: str) -> rx.event.EventSpec:
    """Call one of assets/composer.js's helpers; values go in as JSON, never as code."""
    return rx.call_script(f"window.{function}({', '.join(json.dumps(v) for v in values)})")


class ComposerState(InboxState):
    saved_replies: list[SavedReplyView] = []
    email_templates: list[EmailTemplateView] = []

    def _values(self, agent: AgentView) -> dict[str, str]:
        email = next((f.value for f in self.contact.fields if f.label == "Email"), "")
        name = next((f.value for f in self.contact.fields if f.label == "Name"), "")
        return placeholder_values(contact_name=name, contact_email=email, agent_name=agent.name,
                                  agent_email=agent.email)  # fmt: skip

    @rx.event
    async def set_composer_mode(self, mode: str):
        if await self._authenticate() is None:
            return rx.redirect(LOGIN_ROUTE)
        self.composer_mode = "comment" if mode == "comment" else "reply"
        if self.composer_mode == "comment":
            self._widget_typing(typing=False)

    @rx.event
    async def note_typing(self):
        """Throttled keystrokes: colleagues see "… is typing" in the window and on the card."""
        if await self._authenticate() is None:
            return rx.redirect(LOGIN_ROUTE)
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

    @rx.event
    async def save_draft(self, text: str):
        agent = await self._authenticate()
        if agent is None or not self.conversation_id:
            return None if agent else rx.redirect(LOGIN_ROUTE)
        with session_scope() as session:
            expanded = saved_replies.expand_shortcut(session, text=text, values=self._values(agent))
            try:
                drafts.save_draft(session, agent_id=agent.id, conversation_id=self.conversation_id,
                                  body=expanded or text, now=utcnow())  # fmt: skip
            except MessageError as error:
                self.composer_error = str(error)
                return None
        self.composer_error = ""
        return _script("inboxReplace", expanded) if expanded is not None else None

    @rx.event
    async def send(self, form_data: dict):
        """Store, push to everyone else at once, then bring the sender's own views up to date."""
        agent = await self._authenticate()
        if agent is None:
            yield rx.redirect(LOGIN_ROUTE)
            return
        kind = MessageKind.comment if self.composer_mode == "comment" else MessageKind.reply
        try:
            sent, with_files = self._store(agent, kind, form_data)
        except composer.SendError as error:
            self.composer_error = str(error)
            return
        self.composer_error, self.draft_body = "", ""
        self.composer_generation += 1
        if kind is MessageKind.reply:
            sent = self._email_if_visitor_away(sent)
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
            message_id = composer.send(
                session, actor=agent, conversation_id=self.conversation_id, kind=kind,
                body=str(form_data.get("body", "")), now=utcnow(),
                subject=str(form_data.get("subject", "")), attachment_ids=attachment_ids,
            )  # fmt: skip
            sent = message_view(session.get(Message, message_id), agent.name, "", now=utcnow())
        return sent, bool(attachment_ids)

    def _email_if_visitor_away(self, sent: MessageView) -> MessageView:
        """A chat reply to a visitor whose widget is gone waits in the outbox for email."""
        with session_scope() as session:
            queued = outbox.queue_reply_if_away(session, message_id=sent.id, now=utcnow(),
                                                visitor_connected=visitor_presence.connected(self.conversation_id))  # fmt: skip
        return replace(sent, delivery=DELIVERY_LABELS["queued"]) if queued else sent

    @rx.event
    async def load_pickers(self):
        if await self._authenticate() is None:
            return rx.redirect(LOGIN_ROUTE)
        with session_scope() as session:
            self.saved_replies = saved_replies.list_saved_replies(session)
            self.email_templates = email_templates.list_email_templates(session)
        return None

    @rx.event
    async def insert_saved_reply(self, reply_id: int):
        agent = await self._authenticate()
        if agent is None:
            return rx.redirect(LOGIN_ROUTE)
        chosen = next((r for r in self.saved_replies if r.id == int(reply_id)), None)
        if chosen is None:
            return None
        return _script("inboxInsert", fill_placeholders(chosen.body, values=self._values(agent)))

    @rx.event
    async def apply_template(self, template_id: int):
        agent = await self._authenticate()
        if agent is None:
            return rx.redirect(LOGIN_ROUTE)
        try:
            with session_scope() as session:
                subject, body = email_templates.render_template(
                    session, template_id=int(template_id), values=self._values(agent)
                )
        except email_templates.EmailTemplateError as error:
            return rx.toast.error(str(error))
        return _script("inboxUseTemplate", subject, body)
