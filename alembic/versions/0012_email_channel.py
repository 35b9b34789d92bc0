"""email channel: mail identity of messages (threading, idempotency), outbox delivery state

Revision ID: 0012
Revises: 0011
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import UTCDateTime

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "email_message",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("message_id", sa.Integer(), sa.ForeignKey("message.id", ondelete="CASCADE"),
                  nullable=False, unique=True),
        sa.Column("conversation_id", sa.Integer(),
                  sa.ForeignKey("conversation.id", ondelete="CASCADE"), nullable=False),
        sa.Column("rfc_message_id", sa.String(length=300), nullable=False, unique=True),
        sa.Column("in_reply_to", sa.String(length=300), nullable=True),
        sa.Column("reference_ids", sa.JSON(), nullable=False),
        sa.Column("full_text", sa.Text(), nullable=False, server_default=""),
        sa.Column("html", sa.Text(), nullable=True),
        sa.Column("auto_reply", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_email_message_conversation_id", "email_message", ["conversation_id"])
    # Plain ADD COLUMNs: rows queued before keep going out (attempts 0, due at once).
    op.add_column("outbox_email", sa.Column("attempts", sa.Integer(), nullable=False,
                                            server_default="0"))
    op.add_column("outbox_email", sa.Column("next_attempt_at", UTCDateTime(), nullable=True))
    op.add_column("outbox_email", sa.Column("claimed_until", UTCDateTime(), nullable=True))
    op.add_column("outbox_email", sa.Column("last_error", sa.String(length=1000), nullable=True))
    op.add_column("outbox_email", sa.Column("sent_at", UTCDateTime(), nullable=True))
    op.create_index("ix_outbox_email_next_attempt_at", "outbox_email", ["next_attempt_at"])


def downgrade() -> None:
    op.drop_index("ix_outbox_email_next_attempt_at", table_name="outbox_email")
    with op.batch_alter_table("outbox_email") as batch:
        for column in ("sent_at", "last_error", "claimed_until", "next_attempt_at", "attempts"):
            batch.drop_column(column)
    op.drop_index("ix_email_message_conversation_id", table_name="email_message")
    op.drop_table("email_message")
