"""conversation.due_at and .overdue: the attention counts' red part, kept without scanning

Revision ID: 0021
Revises: 0020
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import UTCDateTime

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMNs: a batch would copy the table on SQLite and lose its AUTOINCREMENT
    # (conversation ids are never reused, migration 0009).
    op.add_column("conversation", sa.Column("due_at", UTCDateTime(), nullable=True))
    op.add_column(
        "conversation",
        sa.Column("overdue", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_index("ix_conversation_due_at", "conversation", ["due_at"])
    # Every unanswered conversation waits again; the clock's first tick flags those past the
    # threshold (services/conversations/overdue.py: flag_due) and moves their counters.
    op.execute(
        "UPDATE conversation SET due_at = last_incoming_at WHERE last_incoming_at IS NOT NULL"
        " AND (last_reply_at IS NULL OR last_reply_at < last_incoming_at)"
    )


def downgrade() -> None:
    op.execute("DELETE FROM inbox_count WHERE key LIKE 'red:%'")
    op.drop_index("ix_conversation_due_at", table_name="conversation")
    with op.batch_alter_table("conversation", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.drop_column("overdue")
        batch.drop_column("due_at")
