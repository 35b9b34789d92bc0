"""The red part of the attention counts, kept by the services (PRODUCT.md sections 1 and 3).

An unanswered contact message waits with `conversation.due_at` set (indexed). The clock asks
that index once a second for the ones past the missed threshold and flags them `overdue`: from
then on their dot is red for everyone, so the counters' "red:" keys count them (O(1) per
conversation, once). A reply or a new contact message clears the flag (and moves the keys)
and, for a new contact message, starts the wait again. What is still waiting is at most the
conversations written to in the last threshold: `attention.py` reads those few by the index.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Update, false, or_, update
from sqlmodel import Session, col, select

from inbox_app.models.enums import MessageKind
from inbox_app.models.tables import Conversation, Message, table_of
from inbox_app.services import counters

BULK = 200  # more due at once (a restart, a new threshold): flag in one statement, recount


def _unanswered() -> ColumnElement[bool]:
    columns = table_of(Conversation).c
    return or_(columns.last_reply_at.is_(None), columns.last_reply_at < columns.last_incoming_at)


def flag_due(session: Session, *, now: datetime, threshold: timedelta) -> list[int]:
    """Flag the waiting conversations past the threshold and move their counters; commits.
    Returns the ones this call flagged (several workers' clocks may race: each row once)."""
    cutoff = now - threshold
    due = list(
        session.exec(
            select(Conversation.id).where(col(Conversation.due_at) <= cutoff).limit(BULK + 1)
        )
    )
    if len(due) > BULK:
        return _flag_in_bulk(session, cutoff=cutoff)
    flagged = [cid for cid in due if cid is not None and _flag_one(session, cid, cutoff=cutoff)]
    session.commit()
    return flagged


def _flagging(cutoff: datetime) -> Update:
    conversations = table_of(Conversation)
    return (
        update(conversations)
        .where(conversations.c.due_at.is_not(None), conversations.c.due_at <= cutoff)
        .values(due_at=None, overdue=True)
    )


def _flag_one(session: Session, conversation_id: int, *, cutoff: datetime) -> bool:
    statement = _flagging(cutoff).where(table_of(Conversation).c.id == conversation_id)
    if session.connection().execute(statement).rowcount != 1:
        return False  # another worker's clock, or a reply, came first
    conversation = session.get(Conversation, conversation_id, populate_existing=True)
    if conversation is not None:
        after = counters.keys_of(session, conversation)
        counters.move(session, before=_without_red(after), after=after)
    return True


def _flag_in_bulk(session: Session, *, cutoff: datetime) -> list[int]:
    ids = list(session.exec(select(Conversation.id).where(col(Conversation.due_at) <= cutoff)))
    session.connection().execute(_flagging(cutoff))
    counters.recount_all(session)  # commits
    return [cid for cid in ids if cid is not None]


def _without_red(keys: frozenset[str]) -> frozenset[str]:
    return frozenset(key for key in keys if not key.startswith(counters.RED))


def on_message(session: Session, *, conversation: Conversation, message: Message) -> None:
    """Before the message is applied: a reply ends the wait, a contact message starts it
    again; either un-flags an overdue conversation (its red keys move)."""
    if message.kind not in (MessageKind.reply, MessageKind.incoming):
        return
    unflag(session, conversation=conversation)
    incoming = message.kind is MessageKind.incoming
    conversation.due_at = message.created_at if incoming else None


def unflag(session: Session, *, conversation: Conversation) -> None:
    """Answered or written to again: no longer overdue (its red keys move); the caller commits."""
    if conversation.overdue:
        before = counters.keys_of(session, conversation)
        conversation.overdue = False
        session.add(conversation)
        counters.move(session, before=before, after=_without_red(before))


def restart_all(session: Session) -> None:
    """Every unanswered conversation waits again (a new threshold, bulk-loaded data); the
    clock flags the ones past the threshold at its next tick. A scan: rare admin actions only."""
    conversations = table_of(Conversation)
    connection = session.connection()
    connection.execute(update(conversations).values(due_at=None, overdue=false()))
    connection.execute(
        update(conversations)
        .where(conversations.c.last_incoming_at.is_not(None), _unanswered())
        .values(due_at=conversations.c.last_incoming_at)
    )
    counters.recount_all(session)  # commits
