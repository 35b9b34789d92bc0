"""PostgreSQL search finds what SQLite's FTS5 finds, from stored word vectors

SQLite's FTS5 (0002) splits text at every character that is not a letter or digit and ignores
case and accents. PostgreSQL's parser instead keeps e-mail addresses, host names and
hyphenated words whole, drops anything that looks like an HTML tag, and keeps accents, so
"fischer" missed "l.fischer@shop.example", "script" missed "<script>" and "muller" missed
"Müller". Here every ASCII punctuation character becomes a space before parsing, and a text
search configuration runs words through unaccent before lower-casing them. The vectors are
stored (generated columns) so ranking the matches does not parse every matching body again.

Also: 0005 made outbox_email.created_at a timestamp without zone, where the model (like every
other table) has one with a zone; on PostgreSQL that is a different type. No-op on SQLite,
where both are the same DATETIME.

Revision ID: 0008
Revises: 0005
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The same characters as PUNCTUATION in inbox_app/services/search/postgresql.py.
PUNCTUATION = "!\"#$%&''()*+,-./:;<=>?@[\\]^_`{|}~"
SPACES = " " * 32
WORD_TOKENS = (
    "asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part, "
    "hword_numpart"
)


def _words_of(text: str) -> str:
    return f"to_tsvector('inbox_search', translate({text}, '{PUNCTUATION}', '{SPACES}'))"


UPGRADE = [
    # unaccent is a trusted extension: the database's owner may create it.
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE TEXT SEARCH CONFIGURATION inbox_search (COPY = simple)",
    f"ALTER TEXT SEARCH CONFIGURATION inbox_search ALTER MAPPING FOR {WORD_TOKENS} "
    "WITH unaccent, simple",
    "DROP INDEX IF EXISTS search_message_body",
    "DROP INDEX IF EXISTS search_contact_name_email",
    f"""ALTER TABLE message ADD COLUMN search_words tsvector
        GENERATED ALWAYS AS ({_words_of("body")}) STORED""",
    f"""ALTER TABLE contact ADD COLUMN search_words tsvector
        GENERATED ALWAYS AS ({_words_of("coalesce(name, '') || ' ' || coalesce(email, '')")})
        STORED""",
    "CREATE INDEX search_message_words ON message USING gin (search_words)",
    "CREATE INDEX search_contact_words ON contact USING gin (search_words)",
    """ALTER TABLE outbox_email ALTER COLUMN created_at TYPE timestamp with time zone
        USING created_at AT TIME ZONE 'UTC'""",
]

DOWNGRADE = [
    """ALTER TABLE outbox_email ALTER COLUMN created_at TYPE timestamp without time zone
        USING created_at AT TIME ZONE 'UTC'""",
    "ALTER TABLE message DROP COLUMN search_words",
    "ALTER TABLE contact DROP COLUMN search_words",
    "DROP TEXT SEARCH CONFIGURATION inbox_search",
    """CREATE INDEX search_message_body ON message
        USING gin (to_tsvector('simple', body))""",
    """CREATE INDEX search_contact_name_email ON contact
        USING gin (to_tsvector('simple', coalesce(name, '') || ' ' || coalesce(email, '')))""",
]


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in UPGRADE:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in DOWNGRADE:
            op.execute(statement)
