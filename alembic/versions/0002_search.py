"""full-text search over message text and contact name/email

SQLite: FTS5 external-content tables (search_message, search_contact) kept in step with
their source rows by triggers, so every writer (ORM, executemany bulk inserts, cascaded
deletes) is indexed without the services doing anything. PostgreSQL: GIN expression
indexes that inbox_app.services.search.fulltext queries with the same expressions.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 09:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Prefix indexes for 2 and 3 characters keep short "as you type" prefixes (th*) fast.
OPTIONS = "prefix='2 3', tokenize='unicode61 remove_diacritics 2'"

SQLITE_UPGRADE = [
    f"""CREATE VIRTUAL TABLE search_message USING fts5(
        body, content='message', content_rowid='id', {OPTIONS})""",
    f"""CREATE VIRTUAL TABLE search_contact USING fts5(
        name, email, content='contact', content_rowid='id', {OPTIONS})""",
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
    """CREATE TRIGGER search_contact_ai AFTER INSERT ON contact BEGIN
        INSERT INTO search_contact(rowid, name, email) VALUES (new.id, new.name, new.email);
    END""",
    """CREATE TRIGGER search_contact_ad AFTER DELETE ON contact BEGIN
        INSERT INTO search_contact(search_contact, rowid, name, email)
        VALUES ('delete', old.id, old.name, old.email);
    END""",
    """CREATE TRIGGER search_contact_au AFTER UPDATE OF id, name, email ON contact BEGIN
        INSERT INTO search_contact(search_contact, rowid, name, email)
        VALUES ('delete', old.id, old.name, old.email);
        INSERT INTO search_contact(rowid, name, email) VALUES (new.id, new.name, new.email);
    END""",
    "INSERT INTO search_message(search_message) VALUES ('rebuild')",
    "INSERT INTO search_contact(search_contact) VALUES ('rebuild')",
]

SQLITE_DOWNGRADE = [
    *(
        f"DROP TRIGGER IF EXISTS search_{table}_{suffix}"
        for table in ("message", "contact")
        for suffix in ("ai", "ad", "au")
    ),
    "DROP TABLE IF EXISTS search_message",
    "DROP TABLE IF EXISTS search_contact",
]

# The expressions must stay identical to the ones in inbox_app/services/search/fulltext.py.
POSTGRESQL_UPGRADE = [
    """CREATE INDEX search_message_body ON message
        USING gin (to_tsvector('simple', body))""",
    """CREATE INDEX search_contact_name_email ON contact
        USING gin (to_tsvector('simple', coalesce(name, '') || ' ' || coalesce(email, '')))""",
]

POSTGRESQL_DOWNGRADE = [
    "DROP INDEX IF EXISTS search_message_body",
    "DROP INDEX IF EXISTS search_contact_name_email",
]


def _run(statements: dict[str, list[str]]) -> None:
    for statement in statements.get(op.get_bind().dialect.name, []):
        op.execute(statement)


def upgrade() -> None:
    _run({"sqlite": SQLITE_UPGRADE, "postgresql": POSTGRESQL_UPGRADE})


def downgrade() -> None:
    _run({"sqlite": SQLITE_DOWNGRADE, "postgresql": POSTGRESQL_DOWNGRADE})
