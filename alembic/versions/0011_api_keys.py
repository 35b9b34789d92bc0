"""api_key, message.author_api_key_id and a keyset index on conversations: keys integrations use for the REST API (only a SHA-256 of each is kept)

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Must stay identical to the triggers of migrations 0002 and 0009: SQLite drops a column with a
# foreign key only by copying the table, and the copy loses them.
MESSAGE_SEARCH_TRIGGERS = [
    """CREATE TRIGGER search_message_ai AFTER INSERT ON message BEGIN
        INSERT INTO search_message(rowid, body) VALUES (new.id, new.body);
    END""",
    """CREATE TRIGGER search_message_ad AFTER DELETE ON message BEGIN
        INSERT INTO search_message(search_message, rowid, body)
        VALUES ('delete', old.id, old.body);
    END""",
    """CREATE TRIGGER search_message_au AFTER UPDATE OF id, body ON message BEGIN
        INSERT INTO search_message(search_message, rowid, body)
        VALUES ('delete', old.id, old.body);
        INSERT INTO search_message(rowid, body) VALUES (new.id, new.body);
    END""",
]


def upgrade() -> None:
    op.create_table(
        "api_key",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False, unique=True),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column(
            "created_by_agent_id",
            sa.Integer(),
            sa.ForeignKey("agent.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("last_used_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("revoked_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sqlite_autoincrement=True,
    )
    # The REST API pages through every conversation newest first, keyset by (activity, id).
    op.create_index("ix_conversation_activity_id", "conversation", ["last_activity_at", "id"])
    # A plain ADD COLUMN (a table copy would cost the search triggers): NULL for every message
    # written before, and for every message no integration wrote. SQLite adds the column with
    # its reference in one statement; Alembic would want a table copy for the constraint. Keys
    # are revoked, never deleted, so the reference needs no ON DELETE.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE message ADD COLUMN author_api_key_id INTEGER "
            "REFERENCES api_key (id)"
        )
        return
    op.add_column("message", sa.Column("author_api_key_id", sa.Integer(), nullable=True))
    op.create_foreign_key(None, "message", "api_key", ["author_api_key_id"], ["id"])


def downgrade() -> None:
    op.drop_index("ix_conversation_activity_id", table_name="conversation")
    with op.batch_alter_table("message", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.drop_column("author_api_key_id")
    if op.get_bind().dialect.name == "sqlite":
        for trigger in MESSAGE_SEARCH_TRIGGERS:
            op.execute(trigger)
    op.drop_table("api_key")
