"""Open-conversation counts per view, kept in step by the services so nothing ever scans.

A conversation counts toward a set of keys ("all", "unassigned", "group:<id>", "mine:<agent>"),
and, while it is overdue (conversation.overdue), toward the same keys prefixed "red:".
Every change takes the set before and after and moves the difference, in the caller's
transaction, with atomic increments (safe under concurrent writers).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from sqlalchemy import text
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from inbox_app.models.enums import ConversationState
from inbox_app.models.tables import (
    Conversation,
    ConversationAssignee,
    GroupMember,
    InboxCount,
    table_of,
)

_RECOUNT_TEMPLATE = """
SELECT '{prefix}all', count(*) FROM conversation
    WHERE state = 'open' AND deleted_at IS NULL AND snoozed_until IS NULL {extra}
UNION ALL SELECT '{prefix}unassigned', count(*) FROM conversation
    WHERE state = 'open' AND is_unassigned AND deleted_at IS NULL AND snoozed_until IS NULL {extra}
UNION ALL SELECT '{prefix}group:' || group_id, count(*) FROM conversation
    WHERE state = 'open' AND group_id IS NOT NULL AND deleted_at IS NULL
    AND snoozed_until IS NULL {extra} GROUP BY group_id
UNION ALL SELECT '{prefix}mine:' || agent_id, count(*) FROM (
    SELECT a.agent_id, c.id FROM conversation c JOIN conversation_assignee a ON a.conversation_id = c.id
    WHERE c.state = 'open' AND c.deleted_at IS NULL AND c.snoozed_until IS NULL {c_extra}
    UNION
    SELECT m.agent_id, c.id FROM conversation c JOIN group_member m ON m.group_id = c.group_id
    WHERE c.state = 'open' AND c.deleted_at IS NULL AND c.snoozed_until IS NULL {c_extra}
) AS {alias} GROUP BY agent_id
"""
# Open conversations per view, then the overdue ones among them ("red:" keys: red for everyone).
RECOUNT_SQL = (
    _RECOUNT_TEMPLATE.format(prefix="", extra="", c_extra="", alias="mine")
    + "UNION ALL"
    + _RECOUNT_TEMPLATE.format(
        prefix="red:", extra="AND overdue", c_extra="AND c.overdue", alias="red_mine"
    )
)
RED = "red:"


def keys_of(session: Session, conversation: Conversation) -> frozenset[str]:
    """The counters this conversation adds one to, as it is now: none while snoozed."""
    if (
        conversation.state is not ConversationState.open
        or conversation.deleted_at is not None
        or conversation.snoozed_until is not None
    ):
        return frozenset()
    keys = {"all"}
    if conversation.is_unassigned:
        keys.add("unassigned")
    mine = set(
        session.exec(
            select(ConversationAssignee.agent_id).where(
                ConversationAssignee.conversation_id == conversation.id
            )
        )
    )
    if conversation.group_id is not None:
        keys.add(f"group:{conversation.group_id}")
        mine |= set(
            session.exec(
                select(GroupMember.agent_id).where(GroupMember.group_id == conversation.group_id)
            )
        )
    keys |= {f"mine:{agent_id}" for agent_id in mine}
    if conversation.overdue:  # its dot is red for everyone who sees it
        keys |= {RED + key for key in keys}
    return frozenset(keys)


def move(session: Session, *, before: Iterable[str], after: Iterable[str]) -> None:
    """Add the difference between two key sets; the caller commits."""
    delta: Counter[str] = Counter(after)
    delta.subtract(Counter(before))
    for key, change in delta.items():
        if change:
            _add(session, key=key, change=change)


def _add(session: Session, *, key: str, change: int) -> None:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(InboxCount).values(key=key, open_count=change)
    statement = statement.on_conflict_do_update(
        index_elements=["key"], set_={"open_count": InboxCount.open_count + change}
    )
    session.exec(statement)


def read(session: Session, *, keys: Iterable[str]) -> dict[str, int]:
    wanted = list(keys)
    rows = session.exec(select(InboxCount).where(col(InboxCount.key).in_(wanted))).all()
    found = {row.key: row.open_count for row in rows}
    return {key: found.get(key, 0) for key in wanted}


def recount_all(session: Session) -> None:
    """Rebuild every counter from the conversations (after bulk loads or membership changes)."""
    rows = session.connection().execute(text(RECOUNT_SQL)).all()
    session.exec(table_of(InboxCount).delete())
    session.add_all(InboxCount(key=key, open_count=count) for key, count in rows)
    session.commit()
