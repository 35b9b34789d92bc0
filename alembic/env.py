"""Alembic environment: the database comes from the app's settings (or the caller's connection)."""

from logging.config import fileConfig

from sqlmodel import SQLModel

import inbox_app.models  # noqa: F401  registers the tables
from alembic import context
from inbox_app.db import make_engine
from inbox_app.settings import get_settings

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or get_settings().database_url)
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            # Batch migrations copy a table and drop the old one: with foreign keys on, that
            # drop would cascade-delete every row referring to it. Checked again afterwards.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        with connection.begin():
            _run(connection)
            _check_foreign_keys(connection)
    engine.dispose()


def _check_foreign_keys(connection) -> None:
    if connection.dialect.name != "sqlite":
        return
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(f"a migration left rows whose foreign keys point nowhere: {broken[:5]}")


def _not_search_index(name, type_, _parent_names) -> bool:
    """Full-text tables (SQLite), word columns and their indexes (PostgreSQL) named search_*
    are made by raw SQL in migrations and have no model."""
    return not (type_ in ("table", "column", "index") and name and name.startswith("search_"))


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_name=_not_search_index,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
