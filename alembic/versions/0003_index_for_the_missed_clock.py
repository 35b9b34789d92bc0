"""index for the missed clock

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain CREATE INDEX: a batch (table copy) on SQLite would drop the search triggers.
    op.create_index("ix_conversation_last_incoming_at", "conversation", ["last_incoming_at"])


def downgrade() -> None:
    op.drop_index("ix_conversation_last_incoming_at", table_name="conversation")
