"""A visitor's message reaches the agents' screens on the fast path, like an agent's send.

The message itself goes to every open copy of the thread first (no database work per agent);
the full refresh (lists, counts, dots) follows once it has reached everyone (`hub.publish`).
Storing runs in a worker thread and ends its transaction, so no request holds a pooled
connection while it waits for the event loop (that deadlocked under load).
"""

from __future__ import annotations

import threading
from contextlib import nullcontext

from sqlmodel import Session

from inbox_app.models.dto import MessageView
from inbox_app.models.tables import utcnow
from inbox_app.realtime import hub, widget_typing
from inbox_app.services import widget_ingest
from inbox_app.services.conversation_detail import message_view

_SQLITE_WRITES = threading.Lock()


def store_incoming(
    session: Session, *, conversation_id: int, body: str, idempotency_key: str | None
) -> tuple[int, MessageView | None]:
    """Store (or find the retried) message: its id, and the view agents append. In a thread."""
    with _writer(session):
        stored = _store(
            session, conversation_id=conversation_id, body=body, idempotency_key=idempotency_key
        )
    view = message_view(stored.message, "", stored.contact_name, now=utcnow())  # lock released
    return stored.message.id or 0, view


def _writer(session: Session):
    """SQLite takes one writer at a time, and a thread that finds it busy sleeps in steps of up
    to 100 ms: concurrent sends queue on a lock here instead, and each goes the moment it may."""
    bind = session.get_bind()
    return _SQLITE_WRITES if bind.dialect.name == "sqlite" else nullcontext()


def _store(
    session: Session, *, conversation_id: int, body: str, idempotency_key: str | None
) -> widget_ingest.StoredIncoming:
    try:
        return widget_ingest.store_widget_message(session, conversation_id=conversation_id,
                                                  body=body, now=utcnow(), key=idempotency_key)  # fmt: skip
    finally:
        session.rollback()  # end the transaction: its connection goes back to the pool now


def announce_incoming(*, conversation_id: int, view: MessageView | None) -> None:
    """Call on the event loop. The message ends the visitor's "is typing…" line (after it)."""
    if view is None:
        hub.publish(sender_token="", conversation_id=conversation_id)
    else:
        hub.publish(sender_token="", conversation_id=conversation_id, kind="message",
                    payload=view, then_change=True)  # fmt: skip
    if widget_typing.visitor_stopped(conversation_id=conversation_id):
        hub.publish(sender_token="", kind="activity")
