"""What the REST API changed, shown live: on every open dashboard (realtime/events.py), and a
reply reaches the contact: the visitor's widget live, or by mail (an email conversation, or a
visitor who has left)."""

from __future__ import annotations

from dataclasses import replace

from sqlmodel import Session

from inbox_app.mail.reply_delivery import queue_reply_mail
from inbox_app.models.enums import MessageKind
from inbox_app.models.tables import Contact, Conversation, Message, utcnow
from inbox_app.realtime import events
from inbox_app.realtime.widget import presence as visitor_presence
from inbox_app.realtime.widget import waits as visitor_waits
from inbox_app.realtime.widget.incoming import announce_incoming
from inbox_app.services.conversations.detail import display_name, message_view


def conversation_changed(conversation_id: int) -> None:
    events.conversation_changed(conversation_id)


def message_posted(
    session: Session, *, message: Message, author: str, with_files: bool = False
) -> None:
    """Appended at once where the conversation is open (with files: reloaded, as their links
    are signed per agent); a reply wakes the widget's long-poll."""
    conversation_id = message.conversation_id
    conversation = session.get(Conversation, conversation_id)
    contact = session.get(Contact, conversation.contact_id) if conversation else None
    contact_name = display_name(contact) if contact else ""
    view = message_view(message, author, contact_name, now=utcnow())
    if message.kind is MessageKind.incoming:
        announce_incoming(conversation_id=conversation_id, view=view)
        if with_files:
            events.conversation_changed(conversation_id)
        return
    if message.kind is MessageKind.reply:
        connected = visitor_presence.connected(conversation_id)
        if label := queue_reply_mail(
            session, message_id=message.id or 0, visitor_connected=connected
        ):
            view = replace(view, delivery=label)
    if with_files:
        events.conversation_changed(conversation_id)
    else:
        events.message_added(conversation_id, view)
    if message.kind is MessageKind.reply:
        visitor_waits.wake(conversation_id)
