"""The message list: one page of cards for a view, and the navigation counts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_
from sqlmodel import Session, col, func, select

from inbox_app.models.dto import ConversationCard, GroupCount, NavCounts
from inbox_app.models.enums import Channel, ConversationState
from inbox_app.models.tables import (
    AgentGroup,
    Contact,
    Conversation,
    GroupMember,
)
from inbox_app.services import counters
from inbox_app.services.conversations import dot_facts, keyset
from inbox_app.services.conversations.assignment_labels import assignment_labels
from inbox_app.services.conversations.priority import priority_name
from inbox_app.services.conversations.snooze import snoozed_label
from inbox_app.services.conversations.views import InboxView, view_filter
from inbox_app.services.labels.tagging import labels_of, named_label_hits, with_label
from inbox_app.services.language_detection import name_of
from inbox_app.services.query_planning import opaque
from inbox_app.services.rendering import IN_UTC, Reader, contact_display_name, time_label
from inbox_app.services.search.fulltext import search_hits

PAGE_SIZE = 50


@dataclass(frozen=True, slots=True)
class CardRow:
    """The columns a card shows (no ORM objects: a tab with 100 pages loaded reads 5,000 on
    each live refresh, and building ORM objects cost most of that)."""

    id: int | None
    channel: Channel
    state: ConversationState
    preview: str
    last_activity_at: datetime
    priority: int
    snoozed_until: datetime | None
    language: str | None
    last_incoming_at: datetime | None
    last_reply_at: datetime | None
    group_id: int | None
    contact_id: int | None
    contact_name: str | None
    contact_email: str | None


_CARD_COLUMNS = [  # in CardRow's order: the conversation's columns, then the contact's
    *(
        col(getattr(Conversation, f.name))
        for f in fields(CardRow)
        if not f.name.startswith("contact_")
    ),
    col(Contact.id).label("contact_id"),
    col(Contact.name).label("contact_name"),
    col(Contact.email).label("contact_email"),
]


def _card_rows(session: Session, statement: Any) -> list[CardRow]:
    return [CardRow(*row) for row in session.exec(statement)]


@dataclass(frozen=True)
class ListQuery:
    view: InboxView
    state: ConversationState = ConversationState.open
    channel: Channel | None = None
    newest_first: bool = True
    by_priority: bool = False  # most urgent first, then by activity as newest_first says
    label_id: int | None = None
    language: str | None = None  # ISO 639-1: only conversations in that language
    limit: int = PAGE_SIZE
    after_id: int | None = None  # the next page: after this conversation, in this order
    live_agent_ids: frozenset[int] | None = None  # agents with an open tab; None: status only
    reader: Reader = IN_UTC  # the cards' times in the agent's language and zone


def _filters(session: Session, *, query: ListQuery, viewer_id: int) -> list[ColumnElement[bool]]:
    filters = [col(Conversation.state) == query.state, col(Conversation.deleted_at).is_(None)]
    if query.channel is not None:
        filters.append(col(Conversation.channel) == query.channel)
    if query.label_id is not None:
        filters.append(with_label(query.label_id))
    if query.language is not None:
        filters.append(col(Conversation.language) == query.language)
    in_view = view_filter(session, view=query.view, agent_id=viewer_id)
    if query.view.key == "snoozed":
        # SQLite (no statistics) would walk every open conversation to find the few snoozed
        # ones: the rest of the filter is opaque to it, so the snoozed_until index leads.
        return [in_view, opaque(and_(*filters))]
    return [*filters, in_view]


def _sort(query: ListQuery) -> keyset.Sort:
    return keyset.sort_of(
        view_key=query.view.key, newest_first=query.newest_first, by_priority=query.by_priority
    )


def _order(query: ListQuery) -> list[Any]:
    return keyset.order_by(_sort(query))


def list_cards(
    session: Session, *, query: ListQuery, viewer_id: int, now: datetime, missed_after: timedelta
) -> list[ConversationCard]:
    """One page of the view, newest (or oldest) activity first; after_id: the page after
    that conversation (keyset)."""
    where = _filters(session, query=query, viewer_id=viewer_id)
    if (
        query.after_id
        and (beyond := keyset.after(session, sort=_sort(query), conversation_id=query.after_id))
        is not None
    ):
        where.append(beyond)
    statement = (
        select(*_CARD_COLUMNS)
        .join(Contact)
        .where(*where)
        .order_by(*_order(query))
        .limit(query.limit)
    )
    rows = _card_rows(session, statement)
    return _cards(
        session, rows=rows, query=query, viewer_id=viewer_id, now=now, missed_after=missed_after
    )


def search_cards(
    session: Session,
    *,
    query: ListQuery,
    text: str,
    viewer_id: int,
    now: datetime,
    missed_after: timedelta,
) -> list[ConversationCard]:
    """The view's conversations matching the text, best first, with the matches marked. Text
    that names a label finds the conversations with it first."""
    where = and_(*_filters(session, query=query, viewer_id=viewer_id))
    labelled = named_label_hits(
        session, text=text, where=where, order=_order(query), limit=query.limit
    )
    taken = {hit.conversation_id for hit in labelled}
    hits = search_hits(session, text=text, where=where, limit=query.limit)
    hits = [*labelled, *(h for h in hits if h.conversation_id not in taken)][: query.limit]
    statement = (
        select(*_CARD_COLUMNS)
        .join(Contact)
        .where(col(Conversation.id).in_([h.conversation_id for h in hits]))
    )
    found = {row.id: row for row in _card_rows(session, statement)}
    rows = [found[h.conversation_id] for h in hits if h.conversation_id in found]
    snippets = {h.conversation_id: h.snippet_html for h in hits}
    return _cards(
        session,
        rows=rows,
        query=query,
        viewer_id=viewer_id,
        now=now,
        missed_after=missed_after,
        snippets=snippets,
    )


def _cards(
    session: Session,
    *,
    rows: Sequence[CardRow],
    query: ListQuery,
    viewer_id: int,
    now: datetime,
    missed_after: timedelta,
    snippets: dict[int, str] | None = None,
) -> list[ConversationCard]:
    ids = [c.id for c in rows if c.id is not None]
    assignees = dot_facts.assignees_of(session, ids)
    members = dot_facts.members_of(session, {c.group_id for c in rows if c.group_id})
    dots = dot_facts.dots_for(
        session,
        conversations=rows,
        viewer_id=viewer_id,
        now=now,
        missed_after=missed_after,
        live_agent_ids=query.live_agent_ids,
        loaded=(assignees, members),
    )
    labels = assignment_labels(session, rows, assignees)
    tags = labels_of(session, ids)
    return [
        ConversationCard(
            id=c.id or 0,
            contact_name=contact_display_name(
                name=c.contact_name, email=c.contact_email, contact_id=c.contact_id or 0
            ),
            channel=c.channel.value,
            state=c.state.value,
            preview=c.preview,
            time_label=time_label(c.last_activity_at, now=now, reader=query.reader),
            assignees=labels.get(c.id or 0, ""),
            dot=dots[c.id or 0].value,
            href=f"/inbox/{query.view.slug}/{c.id}",
            snippet_html=(snippets or {}).get(c.id or 0, ""),
            labels=tags.get(c.id or 0, []),
            priority=priority_name(c.priority) if c.priority else "",
            snoozed_until=snoozed_label(c.snoozed_until, query.reader),
            language=name_of(c.language),
        )
        for c in rows
    ]


def count_open(session: Session, *, view: InboxView, viewer_id: int) -> int:
    statement = (
        select(func.count())
        .select_from(Conversation)
        .where(Conversation.state == ConversationState.open, col(Conversation.deleted_at).is_(None))
        .where(view_filter(session, view=view, agent_id=viewer_id))
    )
    return session.exec(statement).one()


def viewer_groups(session: Session, *, viewer_id: int) -> list[tuple[int, str]]:
    """(id, name) of the groups the viewer belongs to, by name: one rail entry each."""
    rows = session.exec(
        select(GroupMember.group_id, AgentGroup.name)
        .join(AgentGroup, col(GroupMember.group_id) == col(AgentGroup.id))
        .where(GroupMember.agent_id == viewer_id)
        .order_by(col(AgentGroup.name))
    )
    return [(group_id, name) for group_id, name in rows]


def nav_counts(session: Session, *, viewer_id: int) -> NavCounts:
    """Open conversations per view, read from the kept counters (count_open is the scan they
    must always agree with). The rail shows attention.attention_counts instead."""
    groups = viewer_groups(session, viewer_id=viewer_id)
    group_keys = [f"group:{group_id}" for group_id, _name in groups]
    found = counters.read(session, keys=[f"mine:{viewer_id}", "unassigned", "all", *group_keys])
    return NavCounts(
        mine=found[f"mine:{viewer_id}"],
        unassigned=found["unassigned"],
        all=found["all"],
        groups=[
            GroupCount(id=group_id, name=name, href=f"/inbox/group-{group_id}", count=found[key])
            for (group_id, name), key in zip(groups, group_keys, strict=True)
        ],
    )
