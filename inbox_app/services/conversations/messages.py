"""Storing messages: agent replies and comments, contact messages, event lines."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import cache

from sqlalchemy import bindparam
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select
from sqlmodel.sql.expression import SelectOfScalar

from inbox_app.i18n import mark
from inbox_app.models.enums import ConversationState, MessageKind
from inbox_app.models.tables import Contact, Conversation, Message
from inbox_app.services import app_settings, counters, notifications
from inbox_app.services.clean_text import clean_text
from inbox_app.services.conversations import locking, overdue
from inbox_app.services.errors import DomainError
from inbox_app.services.integrations import webhook_payloads
from inbox_app.services.language_detection import detect
from inbox_app.services.rendering import preview_of
from inbox_app.services.statistics import facts, missed
from inbox_app.services.team.routing import route_new_conversation

MAX_BODY_CHARS = 50_000
AGENT_KINDS = (MessageKind.reply, MessageKind.comment)


class MessageError(DomainError):
    """Bad input for a message; the text is safe to show and nothing was stored."""


def checked_body(body: str, *, may_be_empty: bool = False) -> str:
    body = clean_text(body).strip()
    if not body and not may_be_empty:
        raise MessageError(mark("Write a message first."))
    if len(body) > MAX_BODY_CHARS:
        raise MessageError(
            mark("The message is too long: at most {max_body_chars:,} characters."),
            max_body_chars=MAX_BODY_CHARS,
        )
    return body


class KeyConflict(MessageError):
    """An idempotency key already names another text: acknowledging it would lose this one."""


def existing(
    session: Session, *, conversation_id: int, key: str | None, body: str | None = None
) -> Message | None:
    """The message already stored under this idempotency key, if any. With `body`, a stored
    message of another text is a KeyConflict: a key belongs to one text only."""
    if key is None:
        return None
    found = session.exec(
        select(Message).where(
            Message.conversation_id == conversation_id, Message.idempotency_key == key
        )
    ).first()
    if found is not None and body is not None and found.body != body:
        raise KeyConflict(mark("This message key was already used for another message."))
    return found


def _apply_to_conversation(conversation: Conversation, message: Message) -> None:
    """Keep the conversation's denormalised timestamps and preview in step."""
    at = message.created_at
    if message.kind is not MessageKind.event:
        conversation.last_activity_at = at
    if message.kind is MessageKind.incoming:
        conversation.last_incoming_at = at
        conversation.language = message.language or conversation.language
        conversation.preview = preview_of(message.body)
        conversation.snoozed_until = None  # the contact wrote: it comes back before its time
        if conversation.state is ConversationState.closed:
            conversation.state, conversation.closed_at = ConversationState.open, None
    elif message.kind is MessageKind.reply:
        conversation.last_reply_at = at
        conversation.first_reply_at = conversation.first_reply_at or at
        conversation.preview = preview_of(message.body)


def is_resting(conversation: Conversation) -> bool:
    """Closed or snoozed: in no counter until a contact message brings it back."""
    return conversation.state is ConversationState.closed or conversation.snoozed_until is not None


def apply_message(session: Session, *, conversation: Conversation, message: Message) -> None:
    """The conversation's timestamps and the statistics' facts, in the caller's transaction."""
    was_closed = conversation.state is ConversationState.closed
    if message.kind is MessageKind.reply:
        at = message.created_at
        threshold = missed.threshold(session)
        missed.record_if_late(session, conversation=conversation, now=at, threshold=threshold)
        facts.reply_sent(
            session, conversation=conversation, agent_id=message.author_agent_id, at=at
        )
    overdue.on_message(session, conversation=conversation, message=message)
    _apply_to_conversation(conversation, message)
    if was_closed and conversation.state is ConversationState.open:
        facts.state_changed(
            session, conversation=conversation, closed=False, actor_id=None, at=message.created_at
        )


def _store(
    session: Session,
    *,
    conversation: Conversation,
    message: Message,
    with_it: Callable[[Message], None] | None = None,
    commit: bool = True,
) -> Message:
    """with_it: adds what must be committed with the message (its files), so no reader ever
    sees the message without them. commit=False: the caller commits (a batch, in a savepoint
    per message, which also undoes a failed one)."""
    conversation_id, key = conversation.id or 0, message.idempotency_key
    if found := existing(session, conversation_id=conversation_id, key=key, body=message.body):
        return found
    resting = is_resting(conversation)
    apply_message(session, conversation=conversation, message=message)
    if resting and not is_resting(conversation):
        counters.move(session, before=(), after=counters.keys_of(session, conversation))
    session.add(message)
    session.add(conversation)
    try:
        session.flush()  # the message's id, for its files and its webhook delivery
        if with_it is not None:
            with_it(message)
        webhook_payloads.message_created(session, message=message, now=message.created_at)
        if commit:
            session.commit()
    except IntegrityError:  # a concurrent retry with the same key won the race
        if not commit:
            raise  # the caller's transaction is not ours to roll back
        session.rollback()
        found = existing(session, conversation_id=conversation_id, key=key, body=message.body)
        if found is None:
            raise
        return found
    return message


def post_agent_message(
    session: Session,
    *,
    agent_id: int | None,
    conversation_id: int,
    kind: MessageKind,
    body: str,
    now: datetime,
    idempotency_key: str | None = None,
    with_files: bool = False,
    api_key_id: int | None = None,
    with_it: Callable[[Message], None] | None = None,
    commit: bool = True,
) -> Message:
    """with_files: the message carries attachments, so its text may be empty; with_it links
    them in the message's own transaction (attachments.records.linking_uploads). An
    integration writes with api_key_id and no agent_id. commit=False: the caller commits."""
    if kind not in AGENT_KINDS:
        raise MessageError(mark("Agents write replies or comments."))
    conversation = locking.for_change(session, conversation_id)
    if conversation is None or conversation.deleted_at is not None:
        raise MessageError(mark("This conversation no longer exists."))
    message = Message(
        conversation_id=conversation_id,
        kind=kind,
        author_agent_id=agent_id,
        author_api_key_id=api_key_id,
        body=checked_body(body, may_be_empty=with_files),
        created_at=now,
        idempotency_key=idempotency_key,
    )
    return _store(
        session, conversation=conversation, message=message, with_it=with_it, commit=commit
    )


def post_incoming(
    session: Session,
    *,
    conversation_id: int,
    body: str,
    now: datetime,
    idempotency_key: str | None = None,
    with_files: bool = False,
    with_it: Callable[[Message], None] | None = None,
    commit: bool = True,
) -> Message:
    """with_files: the visitor sends a file, so the text may be empty; with_it adds the file in
    the message's own transaction (a widget polling in between would move past the message
    before its file was there, and never show the file). commit=False: the caller commits,
    but a conversation's first message is routed, and routing commits."""
    conversation = locking.for_change(session, conversation_id)
    if conversation is None:
        raise MessageError(mark("This conversation no longer exists."))
    blocked = session.exec(_blocked(), params={"contact_id": conversation.contact_id}).first()
    if blocked is None or blocked:  # no contact, or a blocked one
        raise MessageError(mark("This conversation does not accept messages."))
    first = conversation.last_incoming_at is None
    text = checked_body(body, may_be_empty=with_files)
    message = Message(
        conversation_id=conversation_id,
        kind=MessageKind.incoming,
        body=text,
        created_at=now,
        idempotency_key=idempotency_key,
        language=detect(text, enabled=app_settings.detected_languages(session)),
    )
    stored = _store(
        session, conversation=conversation, message=message, with_it=with_it, commit=commit
    )
    if stored is message:  # not a retried send: notify once
        notifications.notify_incoming(
            session, conversation_id=conversation_id, first=first, now=now
        )
        if commit:
            session.commit()
        if first:
            route_new_conversation(
                session, conversation_id=conversation_id, language=message.language, now=now
            )
    return stored


@cache
def _blocked() -> SelectOfScalar[bool]:
    """Built once: every contact message asks (the column, not the contact's row)."""
    return select(Contact.blocked).where(Contact.id == bindparam("contact_id"))
