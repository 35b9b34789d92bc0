"""What the REST API changed, shown live: on every open dashboard (realtime/events.py), and a
reply in a chat reaches the visitor's widget (or waits for email when the visitor has left)."""

from __future__ import annotations

from dataclasses import replace

from sqlmodel import Session

from inbox_app.models.enums import MessageKind
from inbox_app.models.tables import Contact, Conversation, Message, utcnow
from inbox_app.realtime import events
from inbox_app.realtime.widget import presence as visitor_presence
from inbox_app.realtime.widget import waits as visitor_waits
from inbox_app.realtime.widget.incoming import announce_incoming
from inbox_app.services import outbox
from inbox_app.services.conversations.detail import DELIVERY_LABELS, display_name, message_view


def conversation_changed(conversation_id: int) -> None:
    events.conversation_changed(conversation_id)


def message_posted(session: Session, *, message: Message, author: str) -> None:
    """Appended at once where the conversation is open; a reply wakes the widget's long-poll."""
    conversation_id = message.conversation_id
    conversation = session.get(Conversation, conversation_id)
    contact = session.get(Contact, conversation.contact_id) if conversation else None
    contact_name = display_name(contact) if contact else ""
    view = message_view(message, author, contact_name, now=utcnow())
    if message.kind is MessageKind.incoming:
        announce_incoming(conversation_id=conversation_id, view=view)
        return
    if message.kind is MessageKind.reply:
        connected = visitor_presence.connected(conversation_id)
        if outbox.queue_reply_if_away(
            session, message_id=message.id or 0, now=utcnow(), visitor_connected=connected
        ):
            view = replace(view, delivery=DELIVERY_LABELS["queued"])
    events.message_added(conversation_id, view)
    if message.kind is MessageKind.reply:
        visitor_waits.wake(conversation_id)
