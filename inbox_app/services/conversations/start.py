"""Starting conversations (outgoing email, the widget, the API)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from inbox_app.i18n import mark
from inbox_app.models.dto import AgentView
from inbox_app.models.enums import Channel, MessageKind, ValueSource
from inbox_app.models.tables import Contact, Conversation
from inbox_app.services import counters
from inbox_app.services.contacts.editing import ContactError, clean_field
from inbox_app.services.contacts.upsert import upsert_contact
from inbox_app.services.conversations.messages import (
    MAX_BODY_CHARS,
    checked_body,
    post_agent_message,
    post_incoming,
)
from inbox_app.services.errors import DomainError
from inbox_app.services.integrations import webhook_payloads
from inbox_app.services.statistics import facts


class ConversationError(DomainError):
    """Cannot start the conversation; the text is safe to show."""


class ContactBlocked(ConversationError):
    """The contact is blocked: no new conversation with them."""


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
        raise ConversationError(mark("That contact does not exist."))
    if contact.blocked:
        raise ContactBlocked(mark("This contact is blocked."))
    conversation = Conversation(
        contact_id=contact_id,
        channel=channel,
        subject=subject,
        created_at=now,
        last_activity_at=now,
    )
    session.add(conversation)
    session.flush()
    facts.started(session, conversation=conversation)
    counters.move(session, before=(), after=counters.keys_of(session, conversation))
    webhook_payloads.conversation_created(session, conversation=conversation, now=now)
    session.commit()
    return conversation


def start_outgoing_email(
    session: Session, *, actor: AgentView, to_email: str, subject: str, body: str, now: datetime
) -> int:
    """A new email conversation with its first reply; sending comes with the email channel."""
    try:
        email = clean_field("email", to_email)
    except ContactError as error:
        raise ConversationError(str(error)) from error
    subject = " ".join(subject.split())
    if email is None:
        raise ConversationError(mark("Enter the recipient's email address."))
    if not subject or len(subject) > 300:
        raise ConversationError(mark("Enter a subject (at most 300 characters)."))
    if not body.strip() or len(body) > MAX_BODY_CHARS:
        raise ConversationError(
            mark("Write a message of at most {max_body_chars:,} characters."),
            max_body_chars=MAX_BODY_CHARS,
        )
    contact = session.exec(select(Contact).where(Contact.email == email)).first()
    if contact is None:
        contact = Contact(
            email=email, field_sources={"email": "manual"}, first_seen_at=now, last_seen_at=now
        )
        session.add(contact)
        session.flush()
    conversation = start_conversation(
        session, contact_id=contact.id or 0, channel=Channel.email, subject=subject, now=now
    )
    message = post_agent_message(
        session,
        agent_id=actor.id,
        conversation_id=conversation.id or 0,
        kind=MessageKind.reply,
        body=body,
        now=now,
    )
    message.email_meta = {"subject": subject, "from": actor.email, "to": email}
    session.add(message)
    session.commit()
    return conversation.id or 0


def start_api_conversation(
    session: Session, *, email: str | None, name: str | None, body: str, now: datetime
) -> int:
    """An `api`-channel conversation with the contact's first message. The contact is found by
    email or made; the values the integration gives are marked as set by a plugin."""
    text = checked_body(body)
    changes = {"name": name} if name else {}
    if email:
        contact_id = upsert_contact(session, email=email, changes=changes, attributes={}, now=now)[
            0
        ].id
    elif name:
        clean = clean_field("name", name)
        contact = Contact(
            name=clean,
            field_sources={"name": ValueSource.plugin.value},
            first_seen_at=now,
            last_seen_at=now,
        )
        session.add(contact)
        session.commit()
        contact_id = contact.id or 0
    else:
        raise ConversationError(mark("Give the contact's email or name."))
    conversation = start_conversation(session, contact_id=contact_id, channel=Channel.api, now=now)
    post_incoming(session, conversation_id=conversation.id or 0, body=text, now=now)
    return conversation.id or 0
