"""statistics: percentiles read off partial indexes; the rollup counts facts with seconds

A percentile is the row at its rank in seconds order (docs/STATISTICS.md): four partial
indexes on conversation_fact (first replies and closes, the rows with seconds), in (kind,
dimension, seconds, ...) order, give that row without sorting. Its rank needs n, the facts
with seconds of the range: statistics_rollup.timed counts them next to count, kept by the
same triggers (recreated with it) and filled at upgrade.

statistics_hourly: facts counted per kind, UTC hour and channel alone, for the chart and the
heat map without an agent or group filter; kept by its own triggers on conversation_fact,
filled from the rollup.

Revision ID: 0023
Revises: 0022
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEY = "hour, kind, agent_id, group_id, channel"
HOUR = {
    "sqlite": "CAST(strftime('%s', {row}at) AS INTEGER) / 3600",
    "postgresql": "CAST(floor(EXTRACT(EPOCH FROM {row}at) / 3600) AS INTEGER)",
}
TIMED_INDEXES = {
    "total": ("seconds", "at", "agent_id", "group_id", "channel"),
    "agent": ("agent_id", "seconds", "at", "group_id", "channel"),
    "group": ("group_id", "seconds", "at", "agent_id", "channel"),
    "channel": ("channel", "seconds", "at", "agent_id", "group_id"),
}
GROUPED = ["kind", "agent_id", "group_id", "channel", "hour", "count"]


def _values(dialect: str, row: str) -> str:
    """hour, kind, agent_id, group_id, channel of a fact row ("NEW." or "OLD.")."""
    hour = HOUR[dialect].format(row=row)
    return (
        f"{hour}, {row}kind, coalesce({row}agent_id, 0), coalesce({row}group_id, 0), {row}channel"
    )


def _timed(row: str) -> str:
    return f"CASE WHEN {row}seconds IS NULL THEN 0 ELSE 1 END"


def _add(dialect: str, *, timed: bool) -> str:
    if not timed:
        return (
            f"INSERT INTO statistics_rollup ({KEY}, count) VALUES ({_values(dialect, 'NEW.')}, 1)"
            f" ON CONFLICT ({KEY}) DO UPDATE SET count = statistics_rollup.count + 1;"
        )
    return (
        f"INSERT INTO statistics_rollup ({KEY}, count, timed)"
        f" VALUES ({_values(dialect, 'NEW.')}, 1, {_timed('NEW.')})"
        f" ON CONFLICT ({KEY}) DO UPDATE SET count = statistics_rollup.count + 1,"
        f" timed = statistics_rollup.timed + {_timed('NEW.')};"
    )


def _remove(dialect: str, *, timed: bool) -> str:
    """One less; a key with none left goes, so no figure shows a row of zeros."""
    match = f"({KEY}) = ({_values(dialect, 'OLD.')})"
    less = f", timed = timed - {_timed('OLD.')}" if timed else ""
    return (
        f"UPDATE statistics_rollup SET count = count - 1{less} WHERE {match};"
        f" DELETE FROM statistics_rollup WHERE {match} AND count <= 0;"
    )


def _sqlite_triggers(*, timed: bool) -> list[str]:
    table, followed = "conversation_fact", "kind, at, agent_id, group_id, channel"
    add, remove = _add("sqlite", timed=timed), _remove("sqlite", timed=timed)
    if timed:
        followed += ", seconds"
    return [
        f"CREATE TRIGGER statistics_rollup_ai AFTER INSERT ON {table} BEGIN {add} END",
        f"CREATE TRIGGER statistics_rollup_ad AFTER DELETE ON {table} BEGIN {remove} END",
        f"CREATE TRIGGER statistics_rollup_au AFTER UPDATE OF {followed} ON {table} BEGIN"
        f" {add} {remove} END",
    ]


def _postgresql_triggers(*, timed: bool) -> list[str]:
    followed = "kind, at, agent_id, group_id, channel" + (", seconds" if timed else "")
    add, remove = _add("postgresql", timed=timed), _remove("postgresql", timed=timed)
    return [
        f"""CREATE FUNCTION statistics_rollup_follow() RETURNS trigger AS $$
        BEGIN
            IF TG_OP IN ('INSERT', 'UPDATE') THEN {add} END IF;
            IF TG_OP IN ('DELETE', 'UPDATE') THEN {remove} END IF;
            RETURN NULL;
        END $$ LANGUAGE plpgsql""",
        f"""CREATE TRIGGER statistics_rollup_follow
        AFTER INSERT OR DELETE OR UPDATE OF {followed} ON conversation_fact
        FOR EACH ROW EXECUTE FUNCTION statistics_rollup_follow()""",
    ]


def _drop_triggers(dialect: str) -> None:
    if dialect == "sqlite":
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS statistics_rollup_{suffix}")
    else:
        op.execute("DROP TRIGGER IF EXISTS statistics_rollup_follow ON conversation_fact")
        op.execute("DROP FUNCTION IF EXISTS statistics_rollup_follow()")


def _create_triggers(dialect: str, *, timed: bool) -> None:
    sqlite = dialect == "sqlite"
    for statement in _sqlite_triggers(timed=timed) if sqlite else _postgresql_triggers(timed=timed):
        op.execute(statement)


def _fill_timed(dialect: str) -> None:
    """Facts with seconds per rollup key, counted once (UPDATE ... FROM: both databases)."""
    hour = HOUR[dialect].format(row="")
    counted = (
        f"SELECT {hour} AS hour, kind, coalesce(agent_id, 0) AS agent_id,"
        " coalesce(group_id, 0) AS group_id, channel, count(*) AS n FROM conversation_fact"
        f" WHERE seconds IS NOT NULL GROUP BY {hour}, kind, coalesce(agent_id, 0),"
        " coalesce(group_id, 0), channel"
    )
    same = " AND ".join(
        f"statistics_rollup.{column} = counted.{column}" for column in KEY.split(", ")
    )
    op.execute(
        f"UPDATE statistics_rollup SET timed = counted.n FROM ({counted}) AS counted WHERE {same}"
    )


HOURLY_MATCH = "kind = {row}kind AND hour = {hour} AND channel = {row}channel"


def _hourly_add(dialect: str) -> str:
    return (
        f"INSERT INTO statistics_hourly (kind, hour, channel, count)"
        f" VALUES (NEW.kind, {HOUR[dialect].format(row='NEW.')}, NEW.channel, 1)"
        " ON CONFLICT (kind, hour, channel) DO UPDATE SET count = statistics_hourly.count + 1;"
    )


def _hourly_remove(dialect: str) -> str:
    match = HOURLY_MATCH.format(row="OLD.", hour=HOUR[dialect].format(row="OLD."))
    return (
        f"UPDATE statistics_hourly SET count = count - 1 WHERE {match};"
        f" DELETE FROM statistics_hourly WHERE {match} AND count <= 0;"
    )


def _hourly_triggers(dialect: str) -> list[str]:
    add, remove = _hourly_add(dialect), _hourly_remove(dialect)
    if dialect == "sqlite":
        table = "conversation_fact"
        return [
            f"CREATE TRIGGER statistics_hourly_ai AFTER INSERT ON {table} BEGIN {add} END",
            f"CREATE TRIGGER statistics_hourly_ad AFTER DELETE ON {table} BEGIN {remove} END",
            f"CREATE TRIGGER statistics_hourly_au AFTER UPDATE OF kind, at, channel ON {table}"
            " BEGIN"
            f" {add} {remove} END",
        ]
    return [
        f"""CREATE FUNCTION statistics_hourly_follow() RETURNS trigger AS $$
        BEGIN
            IF TG_OP IN ('INSERT', 'UPDATE') THEN {add} END IF;
            IF TG_OP IN ('DELETE', 'UPDATE') THEN {remove} END IF;
            RETURN NULL;
        END $$ LANGUAGE plpgsql""",
        """CREATE TRIGGER statistics_hourly_follow
        AFTER INSERT OR DELETE OR UPDATE OF kind, at, channel ON conversation_fact
        FOR EACH ROW EXECUTE FUNCTION statistics_hourly_follow()""",
    ]


def _hourly(dialect: str) -> None:
    op.create_table(
        "statistics_hourly",
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("hour", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "hour", "channel"),
        sqlite_with_rowid=False,
    )
    # From the rollup (same hours, a third of the facts' rows), filled just before.
    op.execute(
        "INSERT INTO statistics_hourly (kind, hour, channel, count) SELECT kind, hour, channel,"
        " sum(count) FROM statistics_rollup GROUP BY kind, hour, channel"
    )
    for statement in _hourly_triggers(dialect):
        op.execute(statement)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    _drop_triggers(dialect)
    op.add_column(
        "statistics_rollup",
        sa.Column("timed", sa.Integer(), nullable=False, server_default="0"),
    )
    _fill_timed(dialect)
    _create_triggers(dialect, timed=True)
    op.drop_index("ix_statistics_rollup_grouped", table_name="statistics_rollup")
    op.create_index("ix_statistics_rollup_grouped", "statistics_rollup", [*GROUPED, "timed"])
    for name, columns in TIMED_INDEXES.items():
        op.create_index(
            f"ix_conversation_fact_timed_{name}",
            "conversation_fact",
            ["kind", *columns],
            sqlite_where=sa.text("seconds IS NOT NULL"),
            postgresql_where=sa.text("seconds IS NOT NULL"),
        )
    _hourly(dialect)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS statistics_hourly_{suffix}")
    else:
        op.execute("DROP TRIGGER IF EXISTS statistics_hourly_follow ON conversation_fact")
        op.execute("DROP FUNCTION IF EXISTS statistics_hourly_follow()")
    op.drop_table("statistics_hourly")
    for name in TIMED_INDEXES:
        op.drop_index(f"ix_conversation_fact_timed_{name}", table_name="conversation_fact")
    op.drop_index("ix_statistics_rollup_grouped", table_name="statistics_rollup")
    op.create_index("ix_statistics_rollup_grouped", "statistics_rollup", GROUPED)
    _drop_triggers(dialect)
    # A plain DROP COLUMN (SQLite 3.35+): no table rebuild, nothing else to recreate.
    op.execute("ALTER TABLE statistics_rollup DROP COLUMN timed")
    _create_triggers(dialect, timed=False)
