"""What statistics are computed from: one row per fact, written by the services in the same
transaction as the change it records (docs/STATISTICS.md)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, Index, Integer, text
from sqlmodel import Field, SQLModel

from inbox_app.models.tables import utcnow


class FactKind(StrEnum):
    created = "created"
    first_reply = "first_reply"  # seconds: from the first contact message to this reply
    reply = "reply"
    closed = "closed"  # seconds: from the conversation's start to this close
    reopened = "reopened"
    missed = "missed"  # it turned red: a contact message unanswered past the threshold
    assigned = "assigned"  # agent_id: who got it (the assignment history, with unassigned)
    unassigned = "unassigned"


TIMED_ONLY = text("seconds IS NOT NULL")
# After kind: the dimension (none for the total), then seconds, then what the range and the
# filters read.
TIMED_INDEXES = {
    "total": ("seconds", "at", "agent_id", "group_id", "channel"),
    "agent": ("agent_id", "seconds", "at", "group_id", "channel"),
    "group": ("group_id", "seconds", "at", "agent_id", "channel"),
    "channel": ("channel", "seconds", "at", "agent_id", "group_id"),
}


class ConversationFact(SQLModel, table=True):
    """Rows are only added, except group_id, which follows the conversation's group so that
    per-group figures count a conversation for the group it is in."""

    __tablename__ = "conversation_fact"
    __table_args__ = (
        # Every figure reads a range of one or a few kinds: the index covers what it needs.
        Index(
            "ix_conversation_fact_kind_at",
            "kind",
            "at",
            "agent_id",
            "group_id",
            "channel",
            "seconds",
            "conversation_id",
        ),
        *(
            # A percentile is the row at its rank in seconds order: read straight off these
            # (percentiles.py), per kind and dimension value, filters and range covered.
            Index(
                f"ix_conversation_fact_timed_{name}",
                "kind",
                *columns,
                sqlite_where=TIMED_ONLY,
                postgresql_where=TIMED_ONLY,
            )
            for name, columns in TIMED_INDEXES.items()
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    conversation_id: int = Field(foreign_key="conversation.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=20)
    at: datetime = Field(default_factory=utcnow)
    agent_id: int | None = Field(default=None, foreign_key="agent.id", ondelete="SET NULL")
    group_id: int | None = Field(default=None, foreign_key="agent_group.id", ondelete="SET NULL")
    channel: str = Field(max_length=10)
    seconds: int | None = None


class StatisticsRollup(SQLModel, table=True):
    """Facts counted per UTC hour, kind, agent, group and channel: what the counts of a long
    range add up from instead of every fact. Kept by database triggers on conversation_fact
    (migration 0022), so every way a fact row changes is followed: the services' inserts, the
    demo's bulk inserts, a group change, an agent or group deleted (SET NULL) and a deleted
    conversation (CASCADE). None is stored as 0 so that the key can be unique."""

    __tablename__ = "statistics_rollup"
    __table_args__ = (
        # The counts of a range group by everything but the hour: walking this order, SQLite
        # adds up without sorting the rows first (ten times faster for a year).
        Index(
            "ix_statistics_rollup_grouped",
            "kind",
            "agent_id",
            "group_id",
            "channel",
            "hour",
            "count",
            "timed",
        ),
        # The key (hour first) is the order the chart and the heat map read, count in it.
        {"sqlite_with_rowid": False},
    )
    hour: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})  # since 1970

    kind: str = Field(primary_key=True, max_length=20)
    agent_id: int = Field(primary_key=True)  # 0: none
    group_id: int = Field(primary_key=True)  # 0: none
    channel: str = Field(primary_key=True, max_length=10)
    count: int = 0
    # Of them with seconds (first replies and closes): the n of the percentiles (migration 0023).
    timed: int = Field(default=0, sa_column=Column(Integer, nullable=False, server_default="0"))


class StatisticsHourly(SQLModel, table=True):
    """Facts counted per kind, UTC hour and channel alone (migration 0023, kept by triggers on
    conversation_fact like the rollup): the chart and the heat map without an agent or group
    filter read a row per hour and channel here instead of one per agent and group too."""

    __tablename__ = "statistics_hourly"
    __table_args__ = ({"sqlite_with_rowid": False},)
    kind: str = Field(primary_key=True, max_length=20)
    hour: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})  # since 1970
    channel: str = Field(primary_key=True, max_length=10)
    count: int = 0
