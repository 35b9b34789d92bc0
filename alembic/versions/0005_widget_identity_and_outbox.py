"""widget: external user id on contacts, outbox for emailed chat replies

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # ADD COLUMN plus a unique index, without a table copy (that would cost the search triggers).
    op.add_column("contact", sa.Column("external_user_id", sa.String(length=200), nullable=True))
    op.create_index("ix_contact_external_user_id", "contact", ["external_user_id"], unique=True)
    op.create_table(
        "outbox_email",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "message_id",
            sa.Integer(),
            sa.ForeignKey("message.id", ondelete="CASCADE"),
            nullable=False,
            unique=True,
        ),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("to_address", sa.String(length=254), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.String(length=50_000), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("outbox_email")
    op.drop_index("ix_contact_external_user_id", table_name="contact")
    op.drop_column("contact", "external_user_id")
