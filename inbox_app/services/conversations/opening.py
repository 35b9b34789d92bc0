"""Opening a conversation: everything the chat window and contact panel show, marked read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session

from inbox_app.models.dto import ContactView, ConversationHeader, MessageView, PreviousConversation
from inbox_app.models.tables import Contact, Conversation
from inbox_app.services.conversations import detail
from inbox_app.services.conversations.read_state import mark_read


@dataclass(frozen=True)
class OpenedConversation:
    header: ConversationHeader
    messages: list[MessageView]
    contact: ContactView
    previous: list[PreviousConversation] = field(default_factory=list)


def open_conversation(
    session: Session,
    *,
    agent_id: int,
    conversation_id: int,
    view_slug: str,
    now: datetime,
    attachment_url: Callable[[int], str] = str,
) -> OpenedConversation | None:
    conversation = session.get(Conversation, conversation_id)
    if conversation is None or conversation.deleted_at is not None:
        return None
    contact = session.get(Contact, conversation.contact_id)
    if contact is None:
        return None
    mark_read(session, agent_id=agent_id, conversation_id=conversation_id, now=now)
    return OpenedConversation(
        header=detail.header(session, conversation=conversation, contact=contact),
        messages=detail.thread(
            session,
            conversation_id=conversation_id,
            contact_name=detail.display_name(contact),
            now=now,
            attachment_url=attachment_url,
        ),
        contact=detail.contact_view(session, contact=contact, now=now),
        previous=detail.previous_conversations(
            session,
            contact_id=contact.id or 0,
            exclude_id=conversation_id,
            view_slug=view_slug,
            now=now,
        ),
    )
