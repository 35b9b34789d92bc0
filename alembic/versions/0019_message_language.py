"""message.language and conversation.language: the detected language of customers' messages

Revision ID: 0019
Revises: 0018
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable and not filled for old messages: detection needs the enabled languages of the
    # team, and an old message without a language is shown as such.
    op.add_column("message", sa.Column("language", sa.String(length=8), nullable=True))
    op.add_column("conversation", sa.Column("language", sa.String(length=8), nullable=True))
    op.create_index(
        "ix_conversation_language", "conversation", ["language", "state", "last_activity_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_conversation_language", table_name="conversation")
    with op.batch_alter_table("conversation") as batch:
        batch.drop_column("language")
    with op.batch_alter_table("message") as batch:
        batch.drop_column("language")
