"""contact.operating_system: the visitor's system beside their browser (both from the widget's
User-Agent, recorded when a chat starts and on later visits)

Revision ID: 0015
Revises: 0012
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN: no table copy, so contact's search triggers stay as they are.
    op.add_column("contact", sa.Column("operating_system", sa.String(length=100), nullable=True))


def downgrade() -> None:
    op.drop_column("contact", "operating_system")
