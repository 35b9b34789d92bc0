"""A message an integration posts, stored by the group-commit writer (realtime/group_commit.py)
in a batch with the others sent at the same time.

Everything that belongs to the message is written in its transaction: the conversation's
clock and statistics facts, the webhook deliveries, its files, and for a reply the mail to the
contact (the outbox). What is shown live follows after the commit (rest_live.message_posted).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial

from sqlmodel import Session

from inbox_app.mail import reply_delivery
from inbox_app.models.dto import AttachmentView, IntegrationActor, MessageView
from inbox_app.models.enums import MessageKind
from inbox_app.models.tables import Message, utcnow
from inbox_app.realtime.widget import presence as visitor_presence
from inbox_app.services.attachments.records import attachments_of
from inbox_app.services.conversations import feed
from inbox_app.services.conversations.detail import message_view
from inbox_app.services.integrations import api_messages


@dataclass(frozen=True)
class PostedMessage:
    message: Message  # as stored: a retried Idempotency-Key gets the first one back
    author: str  # the key's name; "" for an incoming message (the contact wrote it)
    view: MessageView  # what an open thread appends
    files: list[AttachmentView]
    mail_queued: bool  # the outbox holds it: wake the sender


def store_api_message(
    session: Session,
    *,
    caller: IntegrationActor,
    conversation_id: int,
    kind: MessageKind,
    body: str,
    attachment_ids: list[int],
    idempotency_key: str | None,
) -> PostedMessage:
    """In the writer's thread and transaction (which commits). Refusals raise, 404 first."""
    contact_name = feed.contact_name_of(session, conversation_id=conversation_id)
    now = utcnow()
    stored = api_messages.post_api_message(
        session,
        api_key_id=caller.api_key_id,
        conversation_id=conversation_id,
        kind=kind,
        body=body,
        attachment_ids=attachment_ids,
        now=now,
        idempotency_key=idempotency_key,
        commit=False,
    )
    message_id = stored.id or 0
    author = caller.name if kind is not MessageKind.incoming else ""
    files = attachments_of(session, message_ids=[message_id])[message_id] if attachment_ids else []
    view = message_view(stored, author, contact_name, now=now)
    label = None
    if kind is MessageKind.reply:
        connected = partial(visitor_presence.connected, conversation_id)
        label = reply_delivery.queue_in_transaction(
            session, message_id=message_id, visitor_connected=connected
        )
    if label is not None:
        view = replace(view, delivery=label)
    return PostedMessage(stored, author, view, files, mail_queued=label is not None)
