"""contact.operating_system: the visitor's system beside their browser (both from the widget's
User-Agent, recorded when a chat starts and on later visits); indexes for the contact
directory's sorts and conversation counts at 50,000 contacts (bench/contacts.py)

Revision ID: 0015
Revises: 0014
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN: no table copy, so contact's search triggers stay as they are.
    op.add_column("contact", sa.Column("operating_system", sa.String(length=100), nullable=True))
    op.create_index(
        "ix_contact_sort_name", "contact", [sa.text("lower(coalesce(name, email, ''))")]
    )
    op.create_index("ix_contact_company", "contact", ["company"])
    op.create_index("ix_contact_last_seen_at", "contact", ["last_seen_at"])
    op.create_index("ix_conversation_contact_live", "conversation", ["contact_id", "deleted_at"])


def downgrade() -> None:
    op.drop_index("ix_conversation_contact_live", table_name="conversation")
    for name in ("ix_contact_last_seen_at", "ix_contact_company", "ix_contact_sort_name"):
        op.drop_index(name, table_name="contact")
    op.drop_column("contact", "operating_system")
