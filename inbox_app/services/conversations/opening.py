"""Opening a conversation: everything the chat window and contact panel show, marked read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlmodel import Session

from inbox_app.i18n import gettext, mark
from inbox_app.models.dto import (
    ContactView,
    ConversationHeader,
    FieldView,
    MessageView,
    PreviousConversation,
)
from inbox_app.models.tables import Contact, Conversation
from inbox_app.services.conversations import detail
from inbox_app.services.conversations.read_state import mark_read
from inbox_app.services.language_detection import name_of
from inbox_app.services.rendering import IN_UTC, Reader


@dataclass(frozen=True)
class OpenedConversation:
    header: ConversationHeader
    messages: list[MessageView]
    contact: ContactView
    previous: list[PreviousConversation] = field(default_factory=list)
    has_earlier: bool = False  # messages before the first of `messages`


def open_conversation(
    session: Session,
    *,
    agent_id: int,
    conversation_id: int,
    view_slug: str,
    now: datetime,
    attachment_url: Callable[[int], str] = str,
    after_id: int = 0,
    reader: Reader = IN_UTC,
) -> OpenedConversation | None:
    """after_id: the agent scrolled up to earlier pages ending with that message; the thread
    then holds every message after it, so no message falls between the pages."""
    conversation = session.get(Conversation, conversation_id)
    if conversation is None or conversation.deleted_at is not None:
        return None
    contact = session.get(Contact, conversation.contact_id)
    if contact is None:
        return None
    mark_read(session, agent_id=agent_id, conversation_id=conversation_id, now=now)
    messages, earlier = _page(
        session, conversation, contact, now, attachment_url, reader=reader, after_id=after_id
    )
    return OpenedConversation(
        header=detail.header(session, conversation=conversation, contact=contact, reader=reader),
        messages=messages,
        has_earlier=earlier,
        contact=_with_language(
            detail.contact_view(session, contact=contact, now=now, reader=reader),
            conversation,
            language=reader.language,
        ),
        previous=detail.previous_conversations(
            session,
            contact_id=contact.id or 0,
            exclude_id=conversation_id,
            view_slug=view_slug,
            now=now,
            reader=reader,
        ),
    )


def earlier_messages(
    session: Session,
    *,
    conversation_id: int,
    before_id: int,
    now: datetime,
    attachment_url: Callable[[int], str] = str,
    reader: Reader = IN_UTC,
) -> tuple[list[MessageView], bool]:
    """The page of messages just before `before_id` (an agent scrolled to the top), and
    whether there are more before that page."""
    conversation = session.get(Conversation, conversation_id)
    contact = session.get(Contact, conversation.contact_id) if conversation else None
    if conversation is None or conversation.deleted_at is not None or contact is None:
        return [], False
    return _page(
        session, conversation, contact, now, attachment_url, reader=reader, before_id=before_id
    )


def _page(
    session: Session,
    conversation: Conversation,
    contact: Contact,
    now: datetime,
    attachment_url: Callable[[int], str],
    reader: Reader = IN_UTC,
    **bound: int,
) -> tuple[list[MessageView], bool]:
    """A page of the thread (bound: before_id or after_id) and whether more came before it."""
    conversation_id = conversation.id or 0
    messages = detail.thread(
        session,
        conversation_id=conversation_id,
        contact_name=detail.display_name(contact),
        now=now,
        attachment_url=attachment_url,
        reader=reader,
        **bound,
    )
    first_id = messages[0].id if messages else 0
    return messages, detail.has_earlier(session, conversation_id=conversation_id, first_id=first_id)


def _with_language(
    contact: ContactView, conversation: Conversation, *, language: str
) -> ContactView:
    """The language this conversation's contact writes in, detected, among the facts."""
    if not conversation.language:
        return contact
    label = gettext(language, mark("Writes in"))
    written = FieldView(label, name_of(conversation.language), "")
    return replace(contact, facts=[written, *contact.facts])
