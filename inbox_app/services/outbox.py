"""Chat replies for visitors who left: queued for email (the email channel will send them).

A reply is queued when the chat's contact gave an email and their widget is not connected; the
caller says whether it is (the realtime layer knows), so this module stays free of it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlmodel import Session, col, select

from inbox_app.models.enums import Channel, MessageKind
from inbox_app.models.outbox import OutboxEmail
from inbox_app.models.tables import Agent, Contact, Conversation, Message

QUEUED = "queued"
SUBJECT = "New reply to your chat"


def queue_reply_if_away(
    session: Session, *, message_id: int, visitor_connected: bool, now: datetime
) -> bool:
    """True when the reply was queued (or already was); False when email is not needed."""
    message = session.get(Message, message_id)
    if message is None or message.kind is not MessageKind.reply or visitor_connected:
        return False
    conversation = session.get(Conversation, message.conversation_id)
    contact = session.get(Contact, conversation.contact_id) if conversation else None
    if (
        conversation is None
        or conversation.channel is not Channel.chat
        or not (contact and contact.email)
    ):
        return False
    if session.exec(select(OutboxEmail.id).where(OutboxEmail.message_id == message_id)).first():
        return True
    agent = session.get(Agent, message.author_agent_id) if message.author_agent_id else None
    greeting = f"{agent.name} replied to your chat:" if agent else "We replied to your chat:"
    session.add(
        OutboxEmail(
            message_id=message_id,
            status=QUEUED,
            to_address=contact.email,
            subject=conversation.subject or SUBJECT,
            created_at=now,
            body=f"{greeting}\n\n{message.body}",
        )
    )
    session.commit()
    return True


def email_states(session: Session, *, message_ids: Iterable[int]) -> dict[int, str]:
    """message id → outbox status, for the messages that went to the outbox."""
    ids = [i for i in message_ids if i]
    if not ids:
        return {}
    rows = session.exec(
        select(OutboxEmail.message_id, OutboxEmail.status).where(
            col(OutboxEmail.message_id).in_(ids)
        )
    ).all()
    return {message_id: status for message_id, status in rows if message_id is not None}
