"""Recording facts as they happen, in the caller's transaction (nothing here commits).

Who a fact counts for: a reply, for its author; a close or a missed conversation, for the
agent it was assigned to then (the closer when several were and they are one of them, else
the lowest id; nobody when unassigned); assignments, for the agent who got or lost it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import cache

from sqlalchemy import Insert, Select, bindparam, func, insert, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from inbox_app.models.enums import MessageKind
from inbox_app.models.statistics_tables import ConversationFact, FactKind
from inbox_app.models.tables import Conversation, ConversationAssignee, Message, table_of


def add(
    session: Session,
    *,
    conversation: Conversation,
    kind: FactKind,
    at: datetime,
    agent_id: int | None = None,
    seconds: int | None = None,
) -> None:
    """One INSERT, now: facts are never read back as objects, and every reply adds one."""
    session.execute(
        _insert_fact(),
        {
            "conversation_id": conversation.id or 0,
            "kind": kind.value,
            "at": at,
            "agent_id": agent_id,
            "group_id": conversation.group_id,
            "channel": conversation.channel.value,
            "seconds": seconds,
        },
    )


@cache
def _insert_fact() -> Insert:
    return insert(table_of(ConversationFact))


def seconds_between(start: datetime, end: datetime) -> int:
    return max(0, int((end - start).total_seconds()))


def holder(session: Session, *, conversation_id: int, preferred: int | None = None) -> int | None:
    """The agent a close or a miss counts for (see the module's docstring)."""
    assignees = set(
        session.exec(
            select(ConversationAssignee.agent_id).where(
                ConversationAssignee.conversation_id == conversation_id
            )
        )
    )
    if preferred in assignees:
        return preferred
    return min(assignees, default=None)


def started(session: Session, *, conversation: Conversation) -> None:
    add(session, conversation=conversation, kind=FactKind.created, at=conversation.created_at)


def state_changed(
    session: Session,
    *,
    conversation: Conversation,
    closed: bool,
    actor_id: int | None,
    at: datetime,
) -> None:
    if not closed:
        add(session, conversation=conversation, kind=FactKind.reopened, at=at, agent_id=actor_id)
        return
    add(
        session,
        conversation=conversation,
        kind=FactKind.closed,
        at=at,
        agent_id=holder(session, conversation_id=conversation.id or 0, preferred=actor_id),
        seconds=seconds_between(conversation.created_at, at),
    )


def assignment_changed(
    session: Session,
    *,
    conversation: Conversation,
    added: Iterable[int],
    removed: Iterable[int],
    at: datetime,
) -> None:
    for agent_id in sorted(added):
        add(session, conversation=conversation, kind=FactKind.assigned, at=at, agent_id=agent_id)
    for agent_id in sorted(removed):
        add(session, conversation=conversation, kind=FactKind.unassigned, at=at, agent_id=agent_id)


def group_changed(session: Session, *, conversation_id: int, group_id: int | None) -> None:
    """Per-group figures count a conversation for the group it is in now."""
    facts = table_of(ConversationFact)
    session.execute(
        update(facts).where(facts.c.conversation_id == conversation_id).values(group_id=group_id)
    )


def first_contact_at(session: Session, *, conversation_id: int) -> datetime | None:
    statement = select(func.min(col(Message.created_at))).where(
        Message.conversation_id == conversation_id, Message.kind == MessageKind.incoming
    )
    found: datetime | None = session.exec(statement).one()
    return found


def has_fact(session: Session, *, conversation_id: int, kind: FactKind) -> bool:
    found = session.execute(
        _fact_of_kind(), {"conversation_id": conversation_id, "kind": kind.value}
    )
    return found.first() is not None


@cache
def _fact_of_kind() -> Select[int]:
    # SQLite keeps no statistics: on `kind = ?` it walked the (kind, at) index through every
    # conversation's first replies (3 ms at 100,000 conversations, on each reply). An
    # expression on kind leaves it the conversation's index, a few rows.
    facts = table_of(ConversationFact)
    return (
        sa_select(facts.c.id)
        .where(
            facts.c.conversation_id == bindparam("conversation_id"),
            facts.c.kind.concat("") == bindparam("kind"),
        )
        .limit(1)
    )


def reply_sent(
    session: Session, *, conversation: Conversation, agent_id: int | None, at: datetime
) -> None:
    """Call before the conversation's timestamps take the reply in."""
    add(session, conversation=conversation, kind=FactKind.reply, at=at, agent_id=agent_id)
    conversation_id = conversation.id or 0
    if conversation.last_incoming_at is None:
        return  # nothing to respond to yet (an outgoing email, a proactive chat)
    if not has_fact(session, conversation_id=conversation_id, kind=FactKind.first_reply):
        first = first_contact_at(session, conversation_id=conversation_id)
        seconds = seconds_between(first, at) if first is not None else None
        add(
            session,
            conversation=conversation,
            kind=FactKind.first_reply,
            at=at,
            agent_id=agent_id,
            seconds=seconds,
        )
