"""Only migrations change the schema, and they build exactly what the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import inbox_app.models  # noqa: F401
from alembic import command
from inbox_app.db import make_engine
from inbox_app.migrations import alembic_config, upgrade_to_head


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
