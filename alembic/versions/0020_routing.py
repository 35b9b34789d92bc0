"""agent_group.auto_assign and .languages, agent.last_assigned_at: routing new conversations

Revision ID: 0020
Revises: 0019
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import UTCDateTime

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("agent_group") as batch:
        batch.add_column(
            sa.Column("auto_assign", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(
            sa.Column("languages", sa.String(length=64), nullable=False, server_default="")
        )
    op.add_column("agent", sa.Column("last_assigned_at", UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("agent") as batch:
        batch.drop_column("last_assigned_at")
    with op.batch_alter_table("agent_group") as batch:
        batch.drop_column("languages")
        batch.drop_column("auto_assign")
