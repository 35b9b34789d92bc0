"""Reading a conversation to change it: fresh from the database, and locked until the commit.

The clock flags conversations overdue from another thread or worker at any moment. A service
that moved the rail's counters from a copy read before that would move the wrong keys: the
red ones would stay counted, or be taken away twice. So a change reads the row under the
write lock. PostgreSQL locks the row (FOR UPDATE). SQLite has one writer at a time and takes
its write lock only at a transaction's first write, so the transaction starts with a write
that matches nothing, then reads.
"""

from __future__ import annotations

from functools import cache

from sqlalchemy import Update, false, update
from sqlmodel import Session

from inbox_app.models.tables import Conversation, table_of


def hold_write_lock(session: Session) -> None:
    """From here to the commit, no other writer can change what this session reads (SQLite;
    PostgreSQL's row locks do this per row, with FOR UPDATE)."""
    if session.get_bind().dialect.name != "sqlite":
        return
    held = session.get_transaction()
    if held is not None and session.info.get(_HELD_BY) is held:
        return  # this transaction took it already (a batch of messages, each asking)
    session.execute(_no_change())
    session.info[_HELD_BY] = session.get_transaction()


_HELD_BY = "write lock held by"  # in session.info: the transaction that holds it


@cache
def _no_change() -> Update:
    """Built once: every message takes the lock, and building a statement costs more than
    running this one."""
    conversations = table_of(Conversation)
    return update(conversations).where(false()).values(id=conversations.c.id)


def for_change(session: Session, conversation_id: int) -> Conversation | None:
    """The conversation as the database holds it now, unchangeable by others until the commit."""
    hold_write_lock(session)
    return session.get(Conversation, conversation_id, with_for_update=True, populate_existing=True)
