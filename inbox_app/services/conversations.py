"""Starting conversations (outgoing email, the widget, the API)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from inbox_app.models.enums import Channel
from inbox_app.models.tables import Contact, Conversation
from inbox_app.services import counters


class ConversationError(ValueError):
    """Cannot start the conversation; the text is safe to show."""


def start_conversation(
    session: Session,
    *,
    contact_id: int,
    channel: Channel,
    now: datetime,
    subject: str | None = None,
) -> Conversation:
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise ConversationError("That contact does not exist.")
    if contact.blocked:
        raise ConversationError("This contact is blocked.")
    conversation = Conversation(
        contact_id=contact_id,
        channel=channel,
        subject=subject,
        created_at=now,
        last_activity_at=now,
    )
    session.add(conversation)
    session.flush()
    counters.move(session, before=(), after=counters.keys_of(session, conversation))
    session.commit()
    return conversation
