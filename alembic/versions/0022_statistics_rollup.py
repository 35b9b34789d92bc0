"""statistics: statistics_rollup, facts counted per UTC hour, kept by triggers

Counts of a long range add up from these rows instead of every fact (docs/STATISTICS.md).
Triggers on conversation_fact keep it, so every way a fact row changes is followed: inserts
by the services or in bulk, a group change, an agent or group deleted (SET NULL) and a
deleted conversation (CASCADE). Existing facts are counted once, at upgrade.

Also contact.conversation_count (live conversations, for the contact directory's sort by
conversations), kept the same way by triggers on conversation, and filled at upgrade.

Revision ID: 0022
Revises: 0021
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEY = "hour, kind, agent_id, group_id, channel"
# The hour of a fact, on each database: the same expression as in the backfill.
HOUR = {
    "sqlite": "CAST(strftime('%s', {row}at) AS INTEGER) / 3600",
    "postgresql": "CAST(floor(EXTRACT(EPOCH FROM {row}at) / 3600) AS INTEGER)",
}


def _values(dialect: str, row: str) -> str:
    """hour, kind, agent_id, group_id, channel of a fact row ("NEW." or "OLD.")."""
    hour = HOUR[dialect].format(row=row)
    return (
        f"{hour}, {row}kind, coalesce({row}agent_id, 0), coalesce({row}group_id, 0), {row}channel"
    )


def _add(dialect: str) -> str:
    # SQLite takes no alias here, and PostgreSQL reads a bare count as the row's.
    return (
        f"INSERT INTO statistics_rollup ({KEY}, count) VALUES ({_values(dialect, 'NEW.')}, 1)"
        f" ON CONFLICT ({KEY}) DO UPDATE SET count = statistics_rollup.count + 1;"
    )


def _remove(dialect: str) -> str:
    """One less; a key with none left goes, so no figure shows a row of zeros."""
    match = f"({KEY}) = ({_values(dialect, 'OLD.')})"
    return (
        f"UPDATE statistics_rollup SET count = count - 1 WHERE {match};"
        f" DELETE FROM statistics_rollup WHERE {match} AND count <= 0;"
    )


FOLLOWED = "kind, at, agent_id, group_id, channel"


def _sqlite_triggers() -> list[str]:
    table = "conversation_fact"
    return [
        f"CREATE TRIGGER statistics_rollup_ai AFTER INSERT ON {table} BEGIN {_add('sqlite')} END",
        f"CREATE TRIGGER statistics_rollup_ad AFTER DELETE ON {table} BEGIN"
        f" {_remove('sqlite')} END",
        f"CREATE TRIGGER statistics_rollup_au AFTER UPDATE OF {FOLLOWED} ON {table} BEGIN"
        f" {_add('sqlite')} {_remove('sqlite')} END",
    ]


def _postgresql_triggers() -> list[str]:
    return [
        f"""CREATE FUNCTION statistics_rollup_follow() RETURNS trigger AS $$
        BEGIN
            IF TG_OP IN ('INSERT', 'UPDATE') THEN {_add("postgresql")} END IF;
            IF TG_OP IN ('DELETE', 'UPDATE') THEN {_remove("postgresql")} END IF;
            RETURN NULL;
        END $$ LANGUAGE plpgsql""",
        f"""CREATE TRIGGER statistics_rollup_follow
        AFTER INSERT OR DELETE OR UPDATE OF {FOLLOWED} ON conversation_fact
        FOR EACH ROW EXECUTE FUNCTION statistics_rollup_follow()""",
    ]


LIVE_COUNT = (
    "UPDATE contact SET conversation_count = (SELECT count(*) FROM conversation"
    " WHERE conversation.contact_id = contact.id AND conversation.deleted_at IS NULL)"
)


def _count(row: str, change: str) -> str:
    return (
        f"UPDATE contact SET conversation_count = conversation_count {change} 1"
        f" WHERE id = {row}contact_id;"
    )


def _sqlite_count_triggers() -> list[str]:
    live_new, live_old = "NEW.deleted_at IS NULL", "OLD.deleted_at IS NULL"
    return [
        f"CREATE TRIGGER contact_count_ai AFTER INSERT ON conversation WHEN {live_new} BEGIN"
        f" {_count('NEW.', '+')} END",
        f"CREATE TRIGGER contact_count_ad AFTER DELETE ON conversation WHEN {live_old} BEGIN"
        f" {_count('OLD.', '-')} END",
        "CREATE TRIGGER contact_count_au AFTER UPDATE OF contact_id, deleted_at ON conversation"
        f" BEGIN UPDATE contact SET conversation_count = conversation_count"
        f" + (CASE WHEN id = NEW.contact_id AND {live_new} THEN 1 ELSE 0 END)"
        f" - (CASE WHEN id = OLD.contact_id AND {live_old} THEN 1 ELSE 0 END)"
        " WHERE id IN (NEW.contact_id, OLD.contact_id); END",
    ]


def _postgresql_count_triggers() -> list[str]:
    return [
        f"""CREATE FUNCTION contact_count_follow() RETURNS trigger AS $$
        BEGIN
            IF TG_OP IN ('DELETE', 'UPDATE') THEN
                IF OLD.deleted_at IS NULL THEN {_count("OLD.", "-")} END IF;
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                IF NEW.deleted_at IS NULL THEN {_count("NEW.", "+")} END IF;
            END IF;
            RETURN NULL;
        END $$ LANGUAGE plpgsql""",
        """CREATE TRIGGER contact_count_follow
        AFTER INSERT OR DELETE OR UPDATE OF contact_id, deleted_at ON conversation
        FOR EACH ROW EXECUTE FUNCTION contact_count_follow()""",
    ]


def _contact_counts(dialect: str) -> None:
    op.add_column(
        "contact",
        sa.Column("conversation_count", sa.Integer(), nullable=False, server_default="0"),
    )
    op.create_index("ix_contact_conversation_count", "contact", ["conversation_count", "id"])
    op.execute(LIVE_COUNT)
    sqlite = dialect == "sqlite"
    for statement in _sqlite_count_triggers() if sqlite else _postgresql_count_triggers():
        op.execute(statement)


def upgrade() -> None:
    op.create_table(
        "statistics_rollup",
        sa.Column("hour", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("agent_id", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("group_id", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("hour", "kind", "agent_id", "group_id", "channel"),
        sqlite_with_rowid=False,  # the key is the order the charts read, count in it
    )
    op.create_index(
        "ix_statistics_rollup_grouped",
        "statistics_rollup",
        ["kind", "agent_id", "group_id", "channel", "hour", "count"],
    )
    dialect = op.get_bind().dialect.name
    hour = HOUR[dialect].format(row="")
    op.execute(
        f"INSERT INTO statistics_rollup ({KEY}, count)"
        f" SELECT {hour}, kind, coalesce(agent_id, 0), coalesce(group_id, 0), channel, count(*)"
        f" FROM conversation_fact GROUP BY {hour}, kind, coalesce(agent_id, 0),"
        f" coalesce(group_id, 0), channel"
    )
    for statement in _sqlite_triggers() if dialect == "sqlite" else _postgresql_triggers():
        op.execute(statement)
    _contact_counts(dialect)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS statistics_rollup_{suffix}")
            op.execute(f"DROP TRIGGER IF EXISTS contact_count_{suffix}")
    else:
        op.execute("DROP TRIGGER IF EXISTS statistics_rollup_follow ON conversation_fact")
        op.execute("DROP FUNCTION IF EXISTS statistics_rollup_follow()")
        op.execute("DROP TRIGGER IF EXISTS contact_count_follow ON conversation")
        op.execute("DROP FUNCTION IF EXISTS contact_count_follow()")
    op.drop_index("ix_contact_conversation_count", table_name="contact")
    # Not batch_alter_table: recreating contact would lose its search triggers and the
    # expression index. SQLite drops a plain column in place since 3.35.
    op.execute("ALTER TABLE contact DROP COLUMN conversation_count")
    op.drop_table("statistics_rollup")
