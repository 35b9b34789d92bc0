"""outbox_email.message_id may be empty: mail that belongs to no conversation (Settings → Email's
test mail, an agent's invitation) goes through the same durable outbox

Revision ID: 0016
Revises: 0015
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # outbox_email has no triggers: SQLite's copy of the table (batch mode) loses nothing.
    with op.batch_alter_table("outbox_email") as batch:
        batch.alter_column("message_id", existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM outbox_email WHERE message_id IS NULL")
    with op.batch_alter_table("outbox_email") as batch:
        batch.alter_column("message_id", existing_type=sa.Integer(), nullable=False)
