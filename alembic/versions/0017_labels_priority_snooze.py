"""labels (label, conversation_label), conversation.priority and conversation.snoozed_until

Revision ID: 0017
Revises: 0016
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import UTCDateTime

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "label",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(length=50), nullable=False, unique=True),
        sa.Column("colour", sa.String(length=20), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "conversation_label",
        sa.Column(
            "conversation_id",
            sa.Integer(),
            sa.ForeignKey("conversation.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "label_id",
            sa.Integer(),
            sa.ForeignKey("label.id", ondelete="CASCADE"),
            primary_key=True,
        ),
    )
    op.create_index("ix_conversation_label_label_id", "conversation_label", ["label_id"])
    # Plain ADD COLUMNs (no table copy): every existing conversation has no priority and is
    # not snoozed.
    op.add_column(
        "conversation",
        sa.Column("priority", sa.Integer(), nullable=False, server_default="0"),
    )
    op.add_column("conversation", sa.Column("snoozed_until", UTCDateTime(), nullable=True))
    op.create_index("ix_conversation_snoozed_until", "conversation", ["snoozed_until"])
    op.create_index(
        "ix_conversation_state_priority", "conversation", ["state", "priority", "last_activity_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_conversation_state_priority", table_name="conversation")
    op.drop_index("ix_conversation_snoozed_until", table_name="conversation")
    # SQLite 3.35+ drops a column without a table copy: no foreign key or index names them.
    op.drop_column("conversation", "snoozed_until")
    op.drop_column("conversation", "priority")
    op.drop_index("ix_conversation_label_label_id", table_name="conversation_label")
    op.drop_table("conversation_label")
    op.drop_table("label")
