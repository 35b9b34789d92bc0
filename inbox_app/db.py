"""Engine and sessions. SQLite gets WAL and foreign keys so readers never wait on writers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from inbox_app.settings import get_settings


def _tune_sqlite(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


# More connections than threads that may hold one at once (the event loop, the reader threads,
# the widget writer, FastAPI's thread pool of 40): with SQLAlchemy's default 5 + 10, the soak
# benchmark saw the loop wait for a connection only the loop could give back (docs/PERFORMANCE.md).
POOL = {"pool_size": 10, "max_overflow": 50, "pool_timeout": 10}


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False}, **POOL)
        event.listen(engine, "connect", _tune_sqlite)
        return engine
    return create_engine(url, pool_pre_ping=True, **POOL)


@lru_cache(maxsize=1)
def get_engine() -> Engine:
    return make_engine(get_settings().database_url)


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """A session for one use-case; the service commits, this closes."""
    with Session(engine or get_engine(), expire_on_commit=False) as session:
        yield session
