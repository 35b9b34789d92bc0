"""Statistics facts for bulk demo rows, which are inserted without the services: the same
facts the services would have written, derived in SQL (INSERT ... SELECT) in one pass."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import Connection, String, cast, func, insert, literal, null, select

from inbox_app.models.enums import ConversationState, MessageKind
from inbox_app.models.statistics_tables import ConversationFact, FactKind
from inbox_app.models.tables import Conversation, ConversationAssignee, Message, table_of
from inbox_app.services.statistics.sql import epoch_seconds

FACTS = table_of(ConversationFact)
COLUMNS = ("conversation_id", "kind", "at", "agent_id", "group_id", "channel", "seconds")
C, M, A = table_of(Conversation), table_of(Message), table_of(ConversationAssignee)
MISSED_AFTER = timedelta(seconds=30)


def _add(connection: Connection, statement: Any) -> None:
    connection.execute(insert(FACTS).from_select(COLUMNS, statement))


def _kind(kind: FactKind) -> Any:
    return literal(kind.value, String)


def _holder() -> Any:
    return select(func.min(A.c.agent_id)).where(A.c.conversation_id == C.c.id).scalar_subquery()


def add_demo_facts(connection: Connection, *, first_conversation_id: int) -> None:
    mine, channel = C.c.id >= first_conversation_id, cast(C.c.channel, String)
    _add(
        connection,
        select(
            C.c.id, _kind(FactKind.created), C.c.created_at, null(), C.c.group_id, channel, null()
        ).where(mine),
    )
    _add(
        connection,
        select(
            A.c.conversation_id,
            _kind(FactKind.assigned),
            C.c.created_at,
            A.c.agent_id,
            C.c.group_id,
            channel,
            null(),
        )
        .join_from(A, C, C.c.id == A.c.conversation_id)
        .where(mine),
    )
    _add(
        connection,
        select(
            M.c.conversation_id,
            _kind(FactKind.reply),
            M.c.created_at,
            M.c.author_agent_id,
            C.c.group_id,
            channel,
            null(),
        )
        .join_from(M, C, C.c.id == M.c.conversation_id)
        .where(mine, M.c.kind == MessageKind.reply),
    )
    closed = epoch_seconds(C.c.closed_at) - epoch_seconds(C.c.created_at)
    _add(
        connection,
        select(
            C.c.id, _kind(FactKind.closed), C.c.closed_at, _holder(), C.c.group_id, channel, closed
        ).where(mine, C.c.state == ConversationState.closed),
    )
    _add_first_replies(connection, first_conversation_id=first_conversation_id)


def _add_first_replies(connection: Connection, *, first_conversation_id: int) -> None:
    """The first reply after the first contact message; a miss when it took too long (dated,
    for the demo, at the message it missed rather than the threshold after it)."""
    first = (
        select(M.c.conversation_id, func.min(M.c.created_at).label("at"))
        .where(M.c.kind == MessageKind.incoming, M.c.conversation_id >= first_conversation_id)
        .group_by(M.c.conversation_id)
        .subquery()
    )
    answered = (
        select(
            first.c.conversation_id,
            func.min(first.c.at).label("asked"),
            func.min(M.c.created_at).label("at"),
        )
        .join_from(first, M, M.c.conversation_id == first.c.conversation_id)
        .where(M.c.kind == MessageKind.reply, M.c.created_at >= first.c.at)
        .group_by(first.c.conversation_id)
        .subquery()
    )
    waited = epoch_seconds(answered.c.at) - epoch_seconds(answered.c.asked)
    base = select(answered.c.conversation_id).join_from(
        answered, C, C.c.id == answered.c.conversation_id
    )
    channel = cast(C.c.channel, String)
    _add(
        connection,
        base.with_only_columns(
            answered.c.conversation_id,
            _kind(FactKind.first_reply),
            answered.c.at,
            null(),
            C.c.group_id,
            channel,
            waited,
        ),
    )
    late = waited >= int(MISSED_AFTER.total_seconds())
    _add(
        connection,
        base.with_only_columns(
            answered.c.conversation_id,
            _kind(FactKind.missed),
            answered.c.asked,
            _holder(),
            C.c.group_id,
            channel,
            null(),
        ).where(late),
    )
