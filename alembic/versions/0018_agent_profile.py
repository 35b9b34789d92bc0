"""agent.language, agent.time_zone, agent.avatar_colour: what an agent sets on /profile

Revision ID: 0018
Revises: 0017
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable: an agent who never chose follows INBOX_LANGUAGE / the browser, and UTC.
    op.add_column("agent", sa.Column("language", sa.String(length=8), nullable=True))
    op.add_column("agent", sa.Column("time_zone", sa.String(length=64), nullable=True))
    op.add_column("agent", sa.Column("avatar_colour", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("agent") as batch:
        batch.drop_column("avatar_colour")
        batch.drop_column("time_zone")
        batch.drop_column("language")
