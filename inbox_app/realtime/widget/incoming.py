"""A visitor's message reaches the agents' screens on the fast path, like an agent's send.

The message itself goes to every open copy of the thread first (no database work per agent);
the full refresh (lists, counts, dots) follows once it has reached everyone (`events.message_added`).
Storing runs in one writer thread, so no request holds a pooled connection while it waits
for the event loop (that deadlocked under load). The writer takes every send queued while it
wrote the last batch and stores them in one transaction (group commit: SQLite has one writer
anyway); each request is answered only after the commit that holds its message.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future, InvalidStateError
from dataclasses import dataclass

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from inbox_app.models.dto import MessageView
from inbox_app.models.tables import utcnow
from inbox_app.realtime import events
from inbox_app.realtime.widget import typing_status as widget_typing
from inbox_app.services.conversations import messages
from inbox_app.services.conversations.detail import message_view
from inbox_app.services.widget import ingest as widget_ingest
from inbox_app.services.widget import visitors

MAX_BATCH = 100
log = logging.getLogger(__name__)
_queue: queue.SimpleQueue[_Send] = queue.SimpleQueue()
_started = threading.Lock()
_writers: list[threading.Thread] = []


@dataclass(frozen=True)
class _Send:
    sessions: Callable  # opens a session (tests give their own)
    message: dict  # conversation_id, visitor_key, body, key
    answer: Future


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
    _start_writer()
    answer: Future = Future()
    message = {
        "conversation_id": conversation_id,
        "visitor_key": visitor_key,
        "body": body,
        "key": idempotency_key,
    }
    _queue.put(_Send(sessions, message, answer))
    return await asyncio.wrap_future(answer)


def _start_writer() -> None:
    """One writer thread per process, made on first use (in the worker, after any fork)."""
    with _started:
        if not _writers or not _writers[0].is_alive():
            _writers[:] = [
                threading.Thread(target=_write_forever, name="widget-ingest", daemon=True)
            ]
            _writers[0].start()


def _write_forever() -> None:
    while True:
        batch = [_queue.get()]  # waits for the first; takes whatever queued meanwhile
        while len(batch) < MAX_BATCH and not _queue.empty():
            batch.append(_queue.get_nowait())
        for sessions in dict.fromkeys(send.sessions for send in batch):
            _write([send for send in batch if send.sessions is sessions])


def _write(batch: list[_Send]) -> None:
    """One transaction for the batch; every answer waits for its commit."""
    stored: list[tuple[_Send, widget_ingest.StoredIncoming]] = []
    try:
        with batch[0].sessions() as session:  # the only writer thread: no lock needed
            for send in batch:
                try:
                    stored.append((send, _store_alone(session, send.message)))
                except (visitors.VisitorError, messages.MessageError) as error:
                    _answer(send.answer, error=error)  # refused before it wrote anything
                except SQLAlchemyError as error:  # this send only: the batch goes on
                    log.exception("a widget message could not be stored")
                    _answer(send.answer, error=error)
            session.commit()
    except Exception as error:  # nothing of this batch acknowledged: the visitors retry
        for send in batch:
            _answer(send.answer, error=error)
        return
    for send, done in stored:
        try:
            view = message_view(done.message, "", done.contact_name, now=utcnow())
            _answer(send.answer, result=(done.message.id or 0, view))
        except Exception as error:  # the writer must live on for the next batch
            _answer(send.answer, error=error)


def _answer(answer: Future, *, result=None, error: BaseException | None = None) -> None:
    """A request that went away (cancelled) gets no answer; the others get theirs once."""
    try:
        if error is not None:
            answer.set_exception(error)
        else:
            answer.set_result(result)
    except InvalidStateError:  # cancelled meanwhile
        pass


def _store_alone(session: Session, message: dict) -> widget_ingest.StoredIncoming:
    """On PostgreSQL in a savepoint of its own: a failed statement there aborts the whole
    transaction, and with it every other send of the batch. SQLite undoes just the failed
    statement (and pysqlite's savepoints would commit the batch early)."""
    if session.get_bind().dialect.name != "postgresql":
        return _store(session, **message)
    savepoint = session.begin_nested()
    try:
        done = _store(session, **message)
    except BaseException:
        if savepoint.is_active:
            savepoint.rollback()
        raise
    if savepoint.is_active:  # the rare reopening path commits by itself
        savepoint.commit()
    return done


def _store(session: Session, **message) -> widget_ingest.StoredIncoming:
    return widget_ingest.store_widget_message(session, **message, now=utcnow(), commit=False)


def announce_incoming(*, conversation_id: int, view: MessageView | None) -> None:
    """Call on the event loop. The message ends the visitor's "is typing…" line (after it)."""
    if view is None:
        events.conversation_changed(conversation_id)
    else:
        events.message_added(conversation_id, view)
    if widget_typing.visitor_stopped(conversation_id=conversation_id):
        events.activity_changed()
