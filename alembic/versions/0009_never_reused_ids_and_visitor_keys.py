"""ids never reused (SQLite AUTOINCREMENT) and a random visitor key per conversation

A visitor token named a conversation by id alone. SQLite gives the id of a deleted last row to
the next insert, so a token kept from a purged chat read and wrote the next visitor's chat.
Conversations, messages and attachments become AUTOINCREMENT tables (copied: SQLite cannot
alter that in place; the message search triggers go with the old table and are made again),
and every conversation gets the random key that its visitor tokens must carry from now on.
Tokens issued before this carry no key and are refused: those visitors start a new chat.

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("conversation", "message", "attachment")
# Must stay identical to the triggers of migration 0002.
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
AUTOINCREMENT = {"sqlite_autoincrement": True}
RANDOM_KEY = {
    "sqlite": "lower(hex(randomblob(16)))",
    "postgresql": "replace(gen_random_uuid()::text, '-', '')",
}


def _copy_tables(*, autoincrement: bool) -> None:
    """SQLite only: every table copied anew, with or without AUTOINCREMENT."""
    for table in TABLES:
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
        ):
            pass
    for trigger in MESSAGE_SEARCH_TRIGGERS:
        op.execute(trigger)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _copy_tables(autoincrement=True)
    op.add_column("conversation", sa.Column("visitor_key", sa.String(length=32), nullable=True))
    op.execute(f"UPDATE conversation SET visitor_key = {RANDOM_KEY[dialect]}")
    # On SQLite this copies the table once more: keep it AUTOINCREMENT.
    with op.batch_alter_table("conversation", table_kwargs=AUTOINCREMENT) as batch:
        batch.alter_column("visitor_key", existing_type=sa.String(length=32), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("conversation", table_kwargs=AUTOINCREMENT) as batch:
        batch.drop_column("visitor_key")
    if op.get_bind().dialect.name == "sqlite":
        _copy_tables(autoincrement=False)
