"""notification preferences per agent

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # ADD COLUMN without a table copy (a batch copy on SQLite would cost the search triggers).
    op.add_column("agent", sa.Column("notify_prefs", sa.JSON(), nullable=False, server_default="{}"))


def downgrade() -> None:
    with op.batch_alter_table("agent") as batch:
        batch.drop_column("notify_prefs")
