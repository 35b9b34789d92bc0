"""A visitor's message from the widget, stored with as few statements as the rules allow.

The hot path of the widget: an open chat takes one read (conversation with its contact), one
insert (a retried key finds the stored row instead), one update of the conversation and one
commit. Notifications are only looked up when someone may be told: an unassigned chat's later
messages tell nobody. A closed or snoozed chat (reopened or woken, counters moved) takes the
general path, `messages.post_incoming`, so every rule lives in one place for the rare cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from inbox_app.models.enums import ConversationState, MessageKind
from inbox_app.models.tables import Contact, Conversation, Message, table_of
from inbox_app.services import app_settings, notifications
from inbox_app.services.conversations import messages, overdue
from inbox_app.services.integrations import webhook_payloads
from inbox_app.services.language_detection import detect
from inbox_app.services.rendering import contact_display_name, preview_of
from inbox_app.services.team.routing import route_new_conversation
from inbox_app.services.widget.access import key_opens
from inbox_app.services.widget.visitors import NEUTRAL_REFUSAL, VisitorError


@dataclass(frozen=True)
class StoredIncoming:
    message: Message  # as stored: a retried send gets the first one back
    fresh: bool  # False for a retried send (nothing changed)
    contact_name: str


def store_widget_message(
    session: Session,
    *,
    conversation_id: int,
    visitor_key: str,
    body: str,
    now: datetime,
    key: str | None,
    commit: bool = True,
) -> StoredIncoming:
    """Store (or find the retried) message. VisitorError: blocked, gone or not the token's
    conversation (`visitor_key`); raised (like MessageError) before anything is written.
    commit=False: the caller commits (a batch)."""
    chat = _chat(session, conversation_id=conversation_id, visitor_key=visitor_key)
    name = contact_display_name(name=chat.name, email=chat.email, contact_id=chat.contact_id)
    text = messages.checked_body(body)
    if chat.state is not ConversationState.open or chat.snoozed_until is not None or chat.overdue:
        # reopens, wakes or ends an overdue wait (counters move): the general path
        if found := messages.existing(session, conversation_id=conversation_id, key=key, body=text):
            return StoredIncoming(found, False, name)
        session.commit()  # a batch's earlier messages stay safe from its rollback on a race
        stored = messages.post_incoming(
            session, conversation_id=conversation_id, body=text, now=now, idempotency_key=key
        )
        return StoredIncoming(stored, True, name)
    language = detect(text, enabled=app_settings.detected_languages(session))
    new_id = _insert(
        session, conversation_id=conversation_id, body=text, now=now, key=key, language=language
    )
    if new_id is None:  # a retried send: answer with the message stored the first time
        found = messages.existing(session, conversation_id=conversation_id, key=key, body=text)
        assert found is not None, "the unique index held this key"
        return StoredIncoming(found, False, name)
    _after_insert(
        session, chat, conversation_id=conversation_id, text=text, now=now, language=language
    )
    message = Message(
        id=new_id,
        conversation_id=conversation_id,
        kind=MessageKind.incoming,
        body=text,
        created_at=now,
        idempotency_key=key,
        language=language,
    )
    webhook_payloads.message_created(session, message=message, now=now)
    if chat.last_incoming_at is None:  # its first message: where does it go
        route_new_conversation(session, conversation_id=conversation_id, language=language, now=now)
    if commit:
        session.commit()
    return StoredIncoming(message, True, name)


def _after_insert(
    session: Session,
    chat: Row[*tuple[Any, ...]],
    *,
    conversation_id: int,
    text: str,
    now: datetime,
    language: str | None,
) -> None:
    """The conversation's clock, preview and language (when this message has a clear one);
    notifications when anyone may be told."""
    conversations = table_of(Conversation)  # Core on the connection: no ORM bookkeeping
    values = {"last_activity_at": now, "last_incoming_at": now, "due_at": now}
    statement = (
        update(conversations)
        .where(conversations.c.id == conversation_id)
        .values(**values, preview=preview_of(text), **({"language": language} if language else {}))
    )
    if session.connection().execute(statement.where(~conversations.c.overdue)).rowcount != 1:
        # the clock flagged it since `_chat` read it: un-flag it (its counters move) first
        conversation = session.get(Conversation, conversation_id, populate_existing=True)
        if conversation is not None:
            overdue.unflag(session, conversation=conversation)
            session.flush()
        session.connection().execute(statement)
    first = chat.last_incoming_at is None
    if first or not chat.is_unassigned:  # an unassigned chat's later messages tell nobody
        notifications.notify_incoming(
            session, conversation_id=conversation_id, first=first, now=now
        )


def _chat(session: Session, *, conversation_id: int, visitor_key: str) -> Row[*tuple[Any, ...]]:
    """The facts the rules need, in one read; refuse blocked contacts, deleted chats and a
    token whose key is not this conversation's."""
    chats, contacts = table_of(Conversation), table_of(Contact)
    columns = (
        chats.c.state,
        chats.c.snoozed_until,
        chats.c.deleted_at,
        chats.c.is_unassigned,
        chats.c.last_incoming_at,
        chats.c.overdue,
        chats.c.contact_id,
        chats.c.visitor_key,
        contacts.c.blocked,
        contacts.c.name,
        contacts.c.email,
    )
    row = (
        session.connection()
        .execute(
            select(*columns)
            .join_from(chats, contacts, contacts.c.id == chats.c.contact_id)
            .where(chats.c.id == conversation_id)
        )
        .first()
    )
    if row is None or row.deleted_at is not None or row.blocked:
        raise VisitorError(NEUTRAL_REFUSAL)
    if not key_opens(expected=row.visitor_key, given=visitor_key):
        raise VisitorError(NEUTRAL_REFUSAL)
    return row


def _insert(
    session: Session,
    *,
    conversation_id: int,
    body: str,
    now: datetime,
    key: str | None,
    language: str | None,
) -> int | None:
    """The new message's id; None when this key is stored already (the unique index says so)."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(table_of(Message))
        .values(
            conversation_id=conversation_id,
            kind=MessageKind.incoming,
            body=body,
            created_at=now,
            idempotency_key=key,
            language=language,
        )
        .on_conflict_do_nothing(index_elements=["conversation_id", "idempotency_key"])
        .returning(table_of(Message).c.id)
    )
    new_id: int | None = session.connection().execute(statement).scalar()
    return new_id
