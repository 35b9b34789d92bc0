"""Conversations as an integration reads them: pages by keyset (newest activity first), one
conversation with its messages. No viewer: an API key sees every conversation."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, bindparam, tuple_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from inbox_app.i18n import mark
from inbox_app.models.dto import AttachmentView
from inbox_app.models.enums import Channel, ConversationState
from inbox_app.models.tables import Agent, ApiKey, Contact, Conversation, Message, table_of
from inbox_app.services.attachments.records import attachments_of
from inbox_app.services.conversations.dot_facts import assignees_of
from inbox_app.services.errors import DomainError
from inbox_app.services.query_planning import opaque
from inbox_app.services.rendering import contact_display_name
from inbox_app.services.search.fulltext import search_hits

MAX_PAGE = 100
MAX_ID = 2**31 - 1  # ids are 32-bit integers on PostgreSQL
MESSAGES_LIMIT = 500


class FeedError(DomainError):
    """Bad paging or filter input; the text is safe to show."""


class NotFound(DomainError):
    """No such conversation (or it was deleted)."""


@dataclass(frozen=True)
class MessageItem:
    id: int
    kind: str
    body: str
    created_at: datetime
    author: str  # the agent's name, "API key <name>", or "" (the contact, an event line)
    attachments: list[AttachmentView] = field(default_factory=list)


@dataclass(frozen=True)
class ConversationItem:
    id: int
    state: str
    channel: str
    subject: str | None
    contact_id: int
    contact_name: str | None
    contact_email: str | None
    group_id: int | None
    agent_ids: list[int]
    created_at: datetime
    last_activity_at: datetime
    messages: list[MessageItem] = field(default_factory=list)


@dataclass(frozen=True)
class FeedQuery:
    state: ConversationState | None = None
    channel: Channel | None = None
    text: str = ""
    cursor: str | None = None
    limit: int = 25


def conversation_page(
    session: Session, *, query: FeedQuery
) -> tuple[list[ConversationItem], str | None]:
    """One page and the cursor of the next (None on the last). With text: the best matches,
    ranked, in one page (a ranking has no stable keyset to continue from)."""
    if not 1 <= query.limit <= MAX_PAGE:
        raise FeedError(mark("limit must be between 1 and {max_page}."), max_page=MAX_PAGE)
    filters = _filters(query)
    if query.text.strip():
        return _search(session, filters=filters, query=query), None
    if query.cursor:
        at, last_id = decode_cursor(query.cursor)
        filters.append(
            tuple_(col(Conversation.last_activity_at), col(Conversation.id)) < tuple_(at, last_id)
        )
    statement = (
        select(Conversation, Contact)
        .join(Contact)
        .where(*filters)
        .order_by(col(Conversation.last_activity_at).desc(), col(Conversation.id).desc())
        .limit(query.limit + 1)
    )
    rows = session.exec(statement).all()
    more = len(rows) > query.limit
    rows = rows[: query.limit]
    items = _items(session, rows)
    last = rows[-1][0] if rows and more else None
    return items, encode_cursor(last) if last is not None else None


def _filters(query: FeedQuery) -> list[ColumnElement[bool]]:
    """Without a state, the (last_activity_at, id) index of migration 0011 walks the pages:
    SQLite has no statistics (no ANALYZE) and would take the deleted_at index for `IS NULL`
    (nearly every row) and sort them all, so there that test is an opaque CASE."""
    live = col(Conversation.deleted_at).is_(None)
    filters: list[ColumnElement[bool]] = [live if query.state else opaque(live)]
    if query.state:
        filters.append(col(Conversation.state) == query.state)
    if query.channel:
        filters.append(col(Conversation.channel) == query.channel)
    return filters


def _search(
    session: Session, *, filters: list[ColumnElement[bool]], query: FeedQuery
) -> list[ConversationItem]:
    hits = search_hits(session, text=query.text, where=and_(*filters), limit=query.limit)
    order = [hit.conversation_id for hit in hits]
    found = {
        c.id: (c, contact)
        for c, contact in session.exec(
            select(Conversation, Contact).join(Contact).where(col(Conversation.id).in_(order))
        )
    }
    return _items(session, [found[i] for i in order if i in found])


def require_conversation(session: Session, *, conversation_id: int) -> tuple[Conversation, Contact]:
    """The conversation and its contact; NotFound when deleted (or its contact erased)."""
    conversation = session.get(Conversation, conversation_id)
    if conversation is None or conversation.deleted_at is not None:
        raise NotFound(mark("No conversation with this id."))
    contact = session.get(Contact, conversation.contact_id)
    if contact is None:  # the contact's delete cascades to its conversations
        raise NotFound(mark("No conversation with this id."))
    return conversation, contact


def contact_name_of(session: Session, *, conversation_id: int) -> str:
    """The contact's display name; NotFound as `require_conversation`. One row, no ORM objects:
    the REST API's post checks this first (404 before any other refusal)."""
    row = session.execute(_contact_of(), {"conversation_id": conversation_id}).first()
    if row is None or row[0] is not None:
        raise NotFound(mark("No conversation with this id."))
    return contact_display_name(name=row[2], email=row[3], contact_id=row[1] or 0)


@cache
def _contact_of() -> Select[*tuple[Any, ...]]:
    """Built once: each message the API posts asks."""
    conversations, contacts = table_of(Conversation), table_of(Contact)
    return (
        sa_select(conversations.c.deleted_at, contacts.c.id, contacts.c.name, contacts.c.email)
        .join(contacts, contacts.c.id == conversations.c.contact_id)
        .where(conversations.c.id == bindparam("conversation_id"))
    )


def conversation_with_messages(session: Session, *, conversation_id: int) -> ConversationItem:
    found = require_conversation(session, conversation_id=conversation_id)
    item = _items(session, [found])[0]
    rows = session.exec(
        select(Message, Agent.name, ApiKey.name)
        .outerjoin(Agent, col(Agent.id) == Message.author_agent_id)
        .outerjoin(ApiKey, col(ApiKey.id) == Message.author_api_key_id)
        .where(Message.conversation_id == conversation_id)
        .order_by(col(Message.created_at), col(Message.id))
        .limit(MESSAGES_LIMIT)
    ).all()
    files = attachments_of(session, message_ids=[m.id or 0 for m, _, _ in rows])
    messages = [
        MessageItem(
            id=m.id or 0,
            kind=m.kind.value,
            body=m.body,
            created_at=as_utc(m.created_at),
            author=agent or (f"API key {key}" if key else ""),
            attachments=files[m.id or 0],
        )
        for m, agent, key in rows
    ]
    return ConversationItem(**{**item.__dict__, "messages": messages})


def _items(
    session: Session, rows: Sequence[tuple[Conversation, Contact]]
) -> list[ConversationItem]:
    assignees = assignees_of(session, [c.id for c, _ in rows if c.id])
    return [
        ConversationItem(
            id=c.id or 0,
            state=c.state.value,
            channel=c.channel.value,
            subject=c.subject,
            contact_id=contact.id or 0,
            contact_name=contact.name,
            contact_email=contact.email,
            group_id=c.group_id,
            agent_ids=sorted(assignees.get(c.id or 0, set())),
            created_at=as_utc(c.created_at),
            last_activity_at=as_utc(c.last_activity_at),
        )
        for c, contact in rows
    ]


def encode_cursor(conversation: Conversation) -> str:
    raw = f"{as_utc(conversation.last_activity_at).isoformat()}|{conversation.id}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        at, _, last_id = raw.partition("|")
        moment, number = datetime.fromisoformat(at), int(last_id)
        if not 0 < number <= MAX_ID or moment.tzinfo is None:
            raise ValueError(cursor)
        return moment.astimezone(UTC), number
    except (ValueError, OverflowError, binascii.Error, UnicodeDecodeError) as error:
        raise FeedError(mark("That cursor is not one this API gave.")) from error


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; they were stored as UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
