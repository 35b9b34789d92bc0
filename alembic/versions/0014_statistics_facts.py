"""statistics: conversation facts (created, replies, closes, missed, assignment history)

Existing conversations get what can be known from their rows: created, every reply, the first
response (first contact message to the first reply after it), the close of the closed ones, and
their current assignees as assigned when the conversation started. Missed is not known for the
past and reopen history is not kept, so neither is filled.

Revision ID: 0014
Revises: 0013
"""

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import UTCDateTime

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COVERING = ["kind", "at", "agent_id", "group_id", "channel", "seconds", "conversation_id"]


def upgrade() -> None:
    facts = op.create_table(
        "conversation_fact",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("conversation_id", sa.Integer(),
                  sa.ForeignKey("conversation.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("agent_id", sa.Integer(), sa.ForeignKey("agent.id", ondelete="SET NULL"),
                  nullable=True),
        sa.Column("group_id", sa.Integer(),
                  sa.ForeignKey("agent_group.id", ondelete="SET NULL"), nullable=True),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("seconds", sa.Integer(), nullable=True),
    )
    op.create_index("ix_conversation_fact_conversation_id", "conversation_fact",
                    ["conversation_id"])
    op.create_index("ix_conversation_fact_kind_at", "conversation_fact", COVERING)
    _backfill(facts)


CONVERSATION = sa.table(
    "conversation", sa.column("id", sa.Integer()), sa.column("created_at", UTCDateTime()),
    sa.column("channel", sa.String()), sa.column("group_id", sa.Integer()),
    sa.column("state", sa.String()), sa.column("closed_at", UTCDateTime()),
    sa.column("deleted_at", UTCDateTime()),
)
MESSAGE = sa.table(
    "message", sa.column("id", sa.Integer()), sa.column("conversation_id", sa.Integer()),
    sa.column("kind", sa.Enum("incoming", "reply", "comment", "event", name="messagekind")),
    sa.column("author_agent_id", sa.Integer()),
    sa.column("created_at", UTCDateTime()),
)


def _seconds(start: datetime, end: datetime) -> int:
    return max(0, int((end - start).total_seconds()))


def _backfill(facts: sa.Table) -> None:
    """Once, at upgrade: conversations with their replies, written in batches."""
    bind = op.get_bind()
    c = CONVERSATION.c
    conversations = bind.execute(
        sa.select(CONVERSATION).where(c.deleted_at.is_(None)).order_by(c.id)).all()
    assignees: dict[int, int] = {}
    for conversation_id, agent_id in bind.execute(sa.text(
            "SELECT conversation_id, agent_id FROM conversation_assignee")).all():
        assignees[conversation_id] = min(agent_id, assignees.get(conversation_id, agent_id))
    replies = _replies(bind)
    rows: list[dict[str, object]] = []
    for row in conversations:
        base = {"conversation_id": row.id, "group_id": row.group_id, "channel": str(row.channel)}
        rows.append({**base, "kind": "created", "at": row.created_at, "agent_id": None,
                     "seconds": None})
        if row.id in assignees:
            rows.append({**base, "kind": "assigned", "at": row.created_at,
                         "agent_id": assignees[row.id], "seconds": None})
        if str(row.state) == "closed" and row.closed_at is not None:
            rows.append({**base, "kind": "closed", "at": row.closed_at,
                         "agent_id": assignees.get(row.id),
                         "seconds": _seconds(row.created_at, row.closed_at)})
        rows.extend({**base, **reply} for reply in replies.get(row.id, ()))
        if len(rows) >= 5000:
            op.bulk_insert(facts, rows)
            rows = []
    if rows:
        op.bulk_insert(facts, rows)


def _replies(bind: sa.Connection) -> dict[int, list[dict[str, object]]]:
    """Every reply, and the first reply after a conversation's first contact message."""
    m = MESSAGE.c
    messages = bind.execute(
        sa.select(m.conversation_id, m.kind, m.author_agent_id, m.created_at)
        .where(m.kind.in_(("incoming", "reply")))
        .order_by(m.conversation_id, m.created_at, m.id))
    found: dict[int, list[dict[str, object]]] = {}
    first_contact: dict[int, datetime] = {}
    answered: set[int] = set()
    for conversation_id, kind, agent_id, at in messages:
        if str(kind) == "incoming":
            first_contact.setdefault(conversation_id, at)
            continue
        rows = found.setdefault(conversation_id, [])
        rows.append({"kind": "reply", "at": at, "agent_id": agent_id, "seconds": None})
        if conversation_id in first_contact and conversation_id not in answered:
            answered.add(conversation_id)
            rows.append({"kind": "first_reply", "at": at, "agent_id": agent_id,
                         "seconds": _seconds(first_contact[conversation_id], at)})
    return found


def downgrade() -> None:
    op.drop_index("ix_conversation_fact_kind_at", table_name="conversation_fact")
    op.drop_index("ix_conversation_fact_conversation_id", table_name="conversation_fact")
    op.drop_table("conversation_fact")
