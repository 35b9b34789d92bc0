"""Only migrations change the schema, and they build exactly what the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import Session, SQLModel

import inbox_app.models  # noqa: F401
from alembic import command
from inbox_app.db import make_engine
from inbox_app.migrations import alembic_config, upgrade_to_head
from inbox_app.services.search.fulltext import search_hits


def _not_search_index(name, type_, _parent_names) -> bool:
    """Full-text tables (SQLite), word columns and their indexes (PostgreSQL) named search_*
    are made by raw SQL in migrations and have no model."""
    return not (type_ in ("table", "column", "index") and name and name.startswith("search_"))


def test_empty_database_migrated_to_head_matches_the_models(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": _not_search_index}
        )
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []


def test_migrations_downgrade_to_base_and_up_again(empty_database_url):
    url = empty_database_url
    upgrade_to_head(url)
    command.downgrade(alembic_config(url), "base")
    engine = make_engine(url)
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    upgrade_to_head(url)
    assert "conversation" in inspect(engine).get_table_names()
    engine.dispose()


def test_0009_keeps_every_row_and_search_and_makes_ids_never_reused(empty_database_url):
    """Conversations, messages and files are copied into AUTOINCREMENT tables on SQLite: rows,
    links between them and the message search (triggers included) must come through."""
    url = empty_database_url
    command.upgrade(alembic_config(url), "0008")
    engine = make_engine(url)
    with engine.begin() as connection:
        for statement in OLD_ROWS:
            connection.exec_driver_sql(statement)
    upgrade_to_head(url)
    with engine.begin() as connection:
        keys = connection.exec_driver_sql("SELECT visitor_key FROM conversation").scalars().all()
        assert len(keys) == 2 and all(len(key) == 32 for key in keys) and keys[0] != keys[1]
        counts = [
            connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar()
            for table in ("message", "attachment")
        ]
        assert counts == [3, 1]
        connection.exec_driver_sql(
            "INSERT INTO message (id, conversation_id, kind, body, created_at)"
            " VALUES (4, 2, 'incoming', 'zebra crossing', '2026-11-01 10:00:00')"
        )
    with Session(engine) as session:
        found = search_hits(session, text="zebra")
        assert {hit.conversation_id for hit in found} == {1, 2}
    engine.dispose()


OLD_ROWS = [
    "INSERT INTO agent (id, email, name, role, availability, password_hash, is_active, notify_prefs,"
    " created_at) VALUES (1, 'a@example.com', 'A', 'admin', 'online', 'x', TRUE, '{}',"
    " '2026-11-01 09:00:00')",
    *(
        "INSERT INTO contact (id, name, field_sources, blocked, first_seen_at, last_seen_at)"
        f" VALUES ({n}, 'C{n}', '{{}}', FALSE, '2026-11-01 09:00:00', '2026-11-01 09:00:00')"
        for n in (1, 2)
    ),
    *(
        "INSERT INTO conversation (id, contact_id, channel, state, is_unassigned, preview,"
        f" created_at, last_activity_at) VALUES ({n}, {n}, 'chat', 'open', TRUE, '',"
        " '2026-11-01 09:00:00', '2026-11-01 09:00:00')"
        for n in (1, 2)
    ),
    *(
        "INSERT INTO message (id, conversation_id, kind, body, created_at)"
        f" VALUES ({n}, 1, 'incoming', '{body}', '2026-11-01 09:0{n}:00')"
        for n, body in ((1, "zebra one"), (2, "plain two"), (3, "plain three"))
    ),
    "INSERT INTO attachment (id, conversation_id, message_id, filename, content_type, size,"
    " storage_key, created_at) VALUES (1, 1, 1, 'a.txt', 'text/plain', 1, 'k1',"
    " '2026-11-01 09:00:00')",
]
