"""Throwaway databases for the tests: SQLite files by default, PostgreSQL databases on the
server that INBOX_DATABASE_URL names when it is a postgresql URL (see scripts/postgres.sh)."""

from __future__ import annotations

import os
import secrets

from sqlalchemy import create_engine, make_url, text
from sqlalchemy.pool import NullPool


def postgres_server_url() -> str | None:
    """The PostgreSQL URL the suite runs against, or None when it runs on SQLite."""
    url = os.environ.get("INBOX_DATABASE_URL", "")
    return url if url.startswith("postgresql") else None


def unique_name(prefix: str) -> str:
    return f"{prefix}_{os.getpid()}_{secrets.token_hex(4)}"


def url_of(server_url: str, database: str) -> str:
    return make_url(server_url).set(database=database).render_as_string(hide_password=False)


def _run_outside_a_transaction(server_url: str, statement: str) -> None:
    """CREATE/DROP DATABASE cannot run in a transaction; they go through the server's own db."""
    engine = create_engine(server_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with engine.connect() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()


def create_database(server_url: str, name: str, *, template: str | None = None) -> str:
    """A new empty database (or a copy of `template`, which nobody may be connected to)."""
    copy = f' TEMPLATE "{template}"' if template else ""
    _run_outside_a_transaction(server_url, f'CREATE DATABASE "{name}"{copy}')
    return url_of(server_url, name)


def drop_database(server_url: str, name: str) -> None:
    _run_outside_a_transaction(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
