"""What the REST API changed, shown live: on every open dashboard (realtime/events.py), and a
reply reaches the contact: the visitor's widget live, or by mail (an email conversation, or a
visitor who has left; queued with the reply, api/rest_messages.py)."""

from __future__ import annotations

from inbox_app.api.rest_messages import PostedMessage
from inbox_app.mail.reply_delivery import wake_sender
from inbox_app.models.enums import MessageKind
from inbox_app.realtime import events
from inbox_app.realtime.widget import waits as visitor_waits
from inbox_app.realtime.widget.incoming import announce_incoming


def conversation_changed(conversation_id: int) -> None:
    events.conversation_changed(conversation_id)


def message_posted(posted: PostedMessage) -> None:
    """After the commit that holds the message. Appended at once where the conversation is
    open (with files: reloaded, as their links are signed per agent); a reply wakes the
    widget's long-poll, and the mail sender when it queued a mail."""
    message = posted.message
    conversation_id = message.conversation_id
    if message.kind is MessageKind.incoming:
        announce_incoming(conversation_id=conversation_id, view=posted.view)
        if posted.files:
            events.conversation_changed(conversation_id)
        return
    if posted.mail_queued:
        wake_sender()
    if posted.files:
        events.conversation_changed(conversation_id)
    else:
        events.message_added(conversation_id, posted.view)
    if message.kind is MessageKind.reply:
        visitor_waits.wake(conversation_id)
