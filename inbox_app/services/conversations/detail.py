"""One open conversation: its header, its thread, and the contact beside it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from functools import partial
from typing import Any

from sqlalchemy import tuple_
from sqlmodel import Session, col, func, select

from inbox_app.i18n import gettext, mark
from inbox_app.models.dto import (
    ContactView,
    ConversationHeader,
    FieldView,
    MessageView,
    PreviousConversation,
)
from inbox_app.models.enums import Channel, MessageKind
from inbox_app.models.tables import Agent, AgentGroup, ApiKey, Contact, Conversation, Message
from inbox_app.services.attachments.records import attachments_of
from inbox_app.services.contacts.editing import attributes_of
from inbox_app.services.conversations.dot_facts import assignees_of
from inbox_app.services.conversations.event_lines import event_line
from inbox_app.services.conversations.priority import priority_name
from inbox_app.services.conversations.snooze import snoozed_label
from inbox_app.services.email.delivery import delivery_label, delivery_states
from inbox_app.services.email.thread_view import header_lines, html_mails, whole_mails
from inbox_app.services.labels.tagging import label_ids_of
from inbox_app.services.rendering import (
    IN_UTC,
    Reader,
    contact_display_name,
    markdown_to_html,
    time_label,
)

THREAD_LIMIT = 50
MAX_AFTER = 1_000
_FIELDS = (
    (mark("Name"), "name"),
    (mark("Email"), "email"),
    (mark("Phone"), "phone"),
    (mark("Company"), "company"),
    (mark("Notes"), "notes"),
)
_FACTS = (
    (mark("Language"), "language"),
    (mark("Browser"), "browser"),
    (mark("Operating system"), "operating_system"),
    (mark("Country"), "country"),
    (mark("First page"), "first_page"),
)


def header(
    session: Session, *, conversation: Conversation, contact: Contact, reader: Reader = IN_UTC
) -> ConversationHeader:
    group = session.get(AgentGroup, conversation.group_id) if conversation.group_id else None
    ids = sorted(assignees_of(session, [conversation.id or 0]).get(conversation.id or 0, set()))
    names = sorted(session.exec(select(Agent.name).where(col(Agent.id).in_(ids))).all())
    return ConversationHeader(
        id=conversation.id or 0,
        contact_name=display_name(contact),
        channel=conversation.channel.value,
        state=conversation.state.value,
        group=group.name if group else "",
        assignees=", ".join(names),
        blocked=contact.blocked,
        group_id=conversation.group_id or 0,
        assignee_ids=ids,
        label_ids=label_ids_of(session, conversation_id=conversation.id or 0),
        priority=priority_name(conversation.priority),
        snoozed_until=snoozed_label(conversation.snoozed_until, reader),
    )


def display_name(contact: Contact) -> str:
    return contact_display_name(name=contact.name, email=contact.email, contact_id=contact.id or 0)


def thread(
    session: Session,
    *,
    conversation_id: int,
    contact_name: str,
    now: datetime,
    attachment_url: Callable[[int], str] = str,
    limit: int = THREAD_LIMIT,
    before_id: int = 0,
    after_id: int = 0,
    reader: Reader = IN_UTC,
) -> list[MessageView]:
    """Messages oldest first, with links to their files: the newest `limit`; with `before_id`
    the `limit` just before that message (scrolling up); with `after_id` every one after it
    (up to MAX_AFTER: a thread reloaded under the earlier pages an agent scrolled to)."""
    statement = (
        select(Message, func.coalesce(Agent.name, "API key " + col(ApiKey.name)))
        .outerjoin(Agent, col(Agent.id) == Message.author_agent_id)
        .outerjoin(ApiKey, col(ApiKey.id) == Message.author_api_key_id)
        .where(Message.conversation_id == conversation_id)
    )
    bound = session.get(Message, before_id or after_id) if before_id or after_id else None
    if bound is not None and bound.conversation_id == conversation_id:
        position = tuple_(col(Message.created_at), col(Message.id))
        edge = (bound.created_at, bound.id)
        statement = statement.where(position < edge if before_id else position > edge)
        limit = limit if before_id else MAX_AFTER
    newest_first = col(Message.created_at).desc(), col(Message.id).desc()
    rows = session.exec(statement.order_by(*newest_first).limit(limit)).all()
    rows = list(reversed(rows))
    return _views(session, rows, conversation_id, contact_name, now, attachment_url, reader)


def has_earlier(session: Session, *, conversation_id: int, first_id: int) -> bool:
    """Whether the conversation has messages before `first_id` (the oldest one shown)."""
    first = session.get(Message, first_id) if first_id else None
    if first is None or first.conversation_id != conversation_id:
        return False
    position = tuple_(col(Message.created_at), col(Message.id))
    statement = select(Message.id).where(
        Message.conversation_id == conversation_id,
        position < (first.created_at, first.id),
    )
    return session.exec(statement.limit(1)).first() is not None


def _views(
    session: Session,
    rows: list[Any],
    conversation_id: int,
    contact_name: str,
    now: datetime,
    attachment_url: Callable[[int], str],
    reader: Reader,
) -> list[MessageView]:
    files = attachments_of(session, message_ids=[m.id for m, _ in rows if m.id])
    emailed = delivery_states(
        session, message_ids=[m.id for m, _ in rows if m.id and m.kind is MessageKind.reply]
    )
    conversation = session.get(Conversation, conversation_id)
    channel = conversation.channel if conversation else Channel.chat
    whole = whole_mails(session, message_ids=[m.id or 0 for m, _ in rows])
    html = html_mails(
        session, message_ids=[m.id or 0 for m, _ in rows], attachment_url=attachment_url
    )
    return [
        replace(
            message_view(m, agent_name or "", contact_name, now=now, reader=reader),
            attachments=[replace(f, url=attachment_url(f.id)) for f in files.get(m.id or 0, [])],
            delivery=delivery_label(emailed.get(m.id or 0, ("", ""))[0], channel=channel),
            delivery_note=emailed.get(m.id or 0, ("", ""))[1],
            email_headers=header_lines(m.email_meta),
            whole_mail=whole.get(m.id or 0, ""),
            mail_html=html.get(m.id or 0, ("", ""))[0],
            whole_html=html.get(m.id or 0, ("", ""))[1],
        )
        for m, agent_name in rows
    ]


def message_view(
    message: Message,
    agent_name: str,
    contact_name: str,
    *,
    now: datetime,
    reader: Reader = IN_UTC,
) -> MessageView:
    incoming, event = message.kind is MessageKind.incoming, message.kind is MessageKind.event
    author = contact_name if incoming else agent_name
    return MessageView(
        id=message.id or 0,
        kind=message.kind.value,
        author=author if not event else "",
        body_html=markdown_to_html(message.body, by_agent=not incoming) if not event else "",
        time_label=time_label(message.created_at, now=now, reader=reader),
        text=event_line(message.body, language=reader.language) if event else "",
    )


def contact_view(
    session: Session, *, contact: Contact, now: datetime, reader: Reader = IN_UTC
) -> ContactView:
    """Fields with their source, visitor facts and custom attributes."""
    sources = contact.field_sources or {}
    said = partial(gettext, reader.language)
    facts = [
        FieldView(said(label), getattr(contact, attr), "")
        for label, attr in _FACTS
        if getattr(contact, attr)
    ]
    facts += [
        FieldView(said(label), time_label(at, now=now, reader=reader), "")
        for label, at in (
            (mark("First seen"), contact.first_seen_at),
            (mark("Last seen"), contact.last_seen_at),
        )
    ]
    return ContactView(
        id=contact.id or 0,
        display_name=display_name(contact),
        blocked=contact.blocked,
        fields=[
            FieldView(said(label), getattr(contact, attr) or "", sources.get(attr, "manual"), attr)
            for label, attr in _FIELDS
        ],
        facts=facts,
        attributes=attributes_of(session, contact_id=contact.id or 0),
        email=contact.email or "",
    )


def previous_conversations(
    session: Session,
    *,
    contact_id: int,
    exclude_id: int,
    view_slug: str,
    now: datetime,
    reader: Reader = IN_UTC,
) -> list[PreviousConversation]:
    rows = session.exec(
        select(Conversation)
        .where(Conversation.contact_id == contact_id, Conversation.id != exclude_id)
        .order_by(col(Conversation.last_activity_at).desc())
        .limit(20)
    ).all()
    return [
        PreviousConversation(
            id=c.id or 0,
            preview=c.preview or "(no messages)",
            state=c.state.value,
            time_label=time_label(c.last_activity_at, now=now, reader=reader),
            href=f"/inbox/{view_slug}/{c.id}",
        )
        for c in rows
    ]
