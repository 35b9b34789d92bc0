"""One mail writer at a time across the workers of one SQLite database, handed over at once.

SQLite takes one writer at a time; a second one waits in its busy handler, which sleeps 1, 2, 5,
10, ... 100 ms between tries. A batch holds the write lock for tens of milliseconds, so the other
worker's writer, by then sleeping 25 ms a try, missed most of the moments it was free, and two
workers stored fewer mails a second than one (bench/email_ingest.py). A file lock next to the
database blocks in the kernel and wakes the waiter the moment it is released. PostgreSQL locks
rows, not the database: nothing to do there.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.engine import Connection, Engine

_opened: dict[str, tuple[int, threading.Lock]] = {}
_guard = threading.Lock()


@contextmanager
def one_writer(bind: Engine | Connection) -> Iterator[None]:
    """Around a mail writer's transaction. Only speed depends on it: SQLite itself keeps the
    writers apart either way."""
    opened = _opened_for(bind.engine)
    if opened is None:
        yield
        return
    descriptor, in_process = opened
    with in_process:  # threads of one process share the open file, and with it the lock
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)


def _opened_for(engine: Engine) -> tuple[int, threading.Lock] | None:
    """One open file per database and process (a file lock belongs to the open file)."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        return None
    with _guard:
        if database not in _opened:
            path = f"{database}-mail-writer.lock"
            _opened[database] = (os.open(path, os.O_RDWR | os.O_CREAT, 0o600), threading.Lock())
        return _opened[database]
