"""Migration 0014 fills the facts that existing rows tell."""

from datetime import UTC, datetime

from sqlmodel import Session, select

from alembic import command
from inbox_app.db import make_engine
from inbox_app.migrations import alembic_config, upgrade_to_head
from inbox_app.models.statistics_tables import ConversationFact

ROWS = [
    "INSERT INTO agent (id, email, name, role, availability, password_hash, is_active,"
    " notify_prefs, token_version, created_at) VALUES (1, 'a@example.com', 'A', 'admin',"
    " 'online', 'x', TRUE, '{}', 0, '2026-11-01 09:00:00')",
    "INSERT INTO contact (id, name, field_sources, blocked, first_seen_at, last_seen_at)"
    " VALUES (1, 'C', '{}', FALSE, '2026-11-01 09:00:00', '2026-11-01 09:00:00')",
    "INSERT INTO conversation (id, visitor_key, contact_id, channel, state, is_unassigned,"
    " preview, created_at, last_activity_at, closed_at) VALUES (1, 'k', 1, 'email', 'closed',"
    " FALSE, '', '2026-11-01 09:00:00', '2026-11-01 10:00:00', '2026-11-01 10:00:00')",
    "INSERT INTO conversation_assignee (conversation_id, agent_id) VALUES (1, 1)",
    *(
        "INSERT INTO message (id, conversation_id, kind, author_agent_id, body, created_at)"
        f" VALUES ({n}, 1, '{kind}', {author}, 'x', '2026-11-01 09:0{n}:00')"
        for n, kind, author in ((1, "reply", 1), (2, "incoming", "NULL"), (3, "reply", 1))
    ),
]


def test_existing_conversations_get_their_facts(empty_database_url):
    url = empty_database_url
    command.upgrade(alembic_config(url), "0012")
    engine = make_engine(url)
    with engine.begin() as connection:
        for statement in ROWS:
            connection.exec_driver_sql(statement)
    upgrade_to_head(url)
    with Session(engine) as session:
        rows = session.exec(select(ConversationFact).order_by(ConversationFact.id)).all()
        found = sorted((f.kind, f.at, f.agent_id, f.seconds, f.channel) for f in rows)
    engine.dispose()

    def at(hour: int, minute: int) -> datetime:
        return datetime(2026, 11, 1, hour, minute, tzinfo=UTC)

    assert found == [
        ("assigned", at(9, 0), 1, None, "email"),
        ("closed", at(10, 0), 1, 3600, "email"),
        ("created", at(9, 0), None, None, "email"),
        # The outgoing first mail is a reply, not a response: the first response is the
        # first reply after the contact's message, a minute later.
        ("first_reply", at(9, 3), 1, 60, "email"),
        ("reply", at(9, 1), 1, None, "email"),
        ("reply", at(9, 3), 1, None, "email"),
    ]
