"""The queries that run all the time lead with a selective index on SQLite. Without statistics
SQLite takes an equality's index (`state = 'open'`: most of the table) over a narrow range:
the clock's tick walked all 80,000 open conversations of the benchmark, 0.1 s every second."""

from datetime import timedelta

import pytest
from sqlalchemy import event, text
from sqlmodel import Session

from inbox_app.db import make_engine
from inbox_app.migrations import upgrade_to_head
from inbox_app.services.conversations import attention
from inbox_app.services.team.availability import turned_overdue
from tests.integration.conftest import NOW


@pytest.fixture(scope="module")
def sqlite_engine(tmp_path_factory):
    """SQLite's own, in every tier: the planner without statistics is SQLite's (PostgreSQL
    plans by its statistics)."""
    path = tmp_path_factory.mktemp("plans") / "inbox.db"
    upgrade_to_head(f"sqlite:///{path}")
    engine = make_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


@pytest.fixture()
def session(sqlite_engine):
    with Session(sqlite_engine) as session:
        yield session


@pytest.fixture()
def plans(sqlite_engine):
    """The query plan of each SELECT on conversation the code under test runs."""
    engine = sqlite_engine
    statements: list[tuple[str, tuple]] = []

    def seen(_connection, _cursor, statement, parameters, *_rest):
        if statement.startswith("SELECT") and "FROM conversation" in statement:
            statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", seen)

    def explained() -> list[str]:
        with engine.connect() as connection:
            return [
                " ".join(
                    row[-1] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {s}", p)
                )
                for s, p in statements
            ]

    yield explained
    event.remove(engine, "before_cursor_execute", seen)  # the engine serves the next test


def test_the_clock_finds_who_turned_overdue_by_the_time_of_their_message(session, plans):
    turned_overdue(session, after=NOW - timedelta(seconds=1), until=NOW, threshold=timedelta(0))
    [plan] = plans()
    assert "USING INDEX ix_conversation_last_incoming_at (last_incoming_at>? AND" in plan


def test_the_attention_counts_read_the_few_waiting_by_their_due_time(session, plans):
    attention._waiting(session)
    [plan] = plans()
    assert "USING INDEX ix_conversation_due_at" in plan


def test_a_bare_state_filter_would_be_planned_by_the_state_index(session, plans):
    """What the tests above rule out: a bare `state = ?` is planned by the state index."""
    session.exec(
        text("SELECT id FROM conversation WHERE state = 'open' AND last_incoming_at > '2026'")
    )
    [plan] = plans()
    assert "ix_conversation_state" in plan
