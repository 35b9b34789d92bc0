"""A visitor's message reaches the agents' screens on the fast path, like an agent's send.

The message itself goes to every open copy of the thread first (no database work per agent);
the full refresh (lists, counts, dots) follows once it has reached everyone (`events.message_added`).
Storing runs in the group-commit writer (realtime/group_commit.py): concurrent sends share one
transaction, and each request is answered only after the commit that holds its message.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from sqlmodel import Session

from inbox_app.models.dto import MessageView
from inbox_app.models.tables import utcnow
from inbox_app.realtime import events
from inbox_app.realtime.group_commit import writer
from inbox_app.realtime.widget import typing_status as widget_typing
from inbox_app.services.conversations.detail import message_view
from inbox_app.services.widget import ingest as widget_ingest


async def send_incoming(
    sessions: Callable,
    *,
    conversation_id: int,
    visitor_key: str,
    body: str,
    idempotency_key: str | None,
) -> tuple[int, MessageView]:
    """Store (or find the retried) message: its id, and the view agents append. Answers only
    after the transaction that holds it committed: concurrent sends share one (group commit)."""
    store = partial(
        _store,
        conversation_id=conversation_id,
        visitor_key=visitor_key,
        body=body,
        key=idempotency_key,
    )
    return await writer.write(sessions, store)


def _store(session: Session, **message) -> tuple[int, MessageView]:
    done = widget_ingest.store_widget_message(session, **message, now=utcnow(), commit=False)
    view = message_view(done.message, "", done.contact_name, now=utcnow())
    return done.message.id or 0, view


def announce_incoming(*, conversation_id: int, view: MessageView | None) -> None:
    """Call on the event loop. The message ends the visitor's "is typing…" line (after it)."""
    if view is None:
        events.conversation_changed(conversation_id)
    else:
        events.message_added(conversation_id, view)
    if widget_typing.visitor_stopped(conversation_id=conversation_id):
        events.activity_changed()
