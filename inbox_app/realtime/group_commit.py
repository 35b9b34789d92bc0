"""Messages sent at once are stored together: one writer thread per process takes every write
queued while it stored the last batch and commits them in one transaction (group commit). The
widget's visitors and the REST API's integrations share it: SQLite has one writer anyway, and
a commit (its fsync) costs more than most messages.

What each caller may rely on:
- its answer comes only after the commit that holds its write;
- a write that fails (a refusal, or what the database refused) takes nothing else with it:
  the batch's transaction is rolled back and the others are stored again, each in a
  savepoint of its own (failures are rare; a savepoint for every write cost a sixth of a
  message);
- writes run one after another, in the order sent: a retried Idempotency-Key in the same
  batch finds the first message;
- no request holds a pooled connection while it waits for the event loop (that deadlocked
  under load), and the event loop never waits for the database.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future, InvalidStateError
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlmodel import Session

from inbox_app.services import batch_reads
from inbox_app.services.conversations.locking import hold_write_lock
from inbox_app.services.errors import DomainError

T = TypeVar("T")
Sessions = Callable[[], AbstractContextManager[Session]]
MAX_BATCH = 100
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Write:
    sessions: Sessions  # opens a session (tests give their own)
    store: Callable[[Session], Any]  # one request's writes; does not commit
    answer: Future


class GroupCommitWriter:
    def __init__(self, name: str) -> None:
        self.name = name  # its thread's
        self._queue: queue.SimpleQueue[_Write] = queue.SimpleQueue()
        self._started = threading.Lock()
        self._thread: threading.Thread | None = None

    async def write(self, sessions: Sessions, store: Callable[[Session], T]) -> T:
        """store(session) in the writer thread; its result once the batch committed. A
        refusal (DomainError) raised by store comes back as it is."""
        self._start()
        answer: Future = Future()
        self._queue.put(_Write(sessions, store, answer))
        return await asyncio.wrap_future(answer)

    def _start(self) -> None:
        """Made on first use: in the worker, after any fork."""
        with self._started:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._forever, name=self.name, daemon=True)
                self._thread.start()

    def _forever(self) -> None:
        while True:
            batch = [self._queue.get()]  # waits for the first; takes whatever queued meanwhile
            while len(batch) < MAX_BATCH and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            for sessions in dict.fromkeys(write.sessions for write in batch):
                _commit_batch([write for write in batch if write.sessions is sessions])


def _commit_batch(batch: list[_Write]) -> None:
    """One transaction for the batch; every answer waits for its commit. Stored first without
    savepoints (each costs two statements and the ORM's bookkeeping, a sixth of a message);
    if any write fails, that transaction is rolled back and the writes not yet committed are
    stored again one savepoint each, so the failure takes nothing else with it."""
    stored: list[tuple[_Write, Any]] = []
    uncommitted = 0  # the first write whose transaction has not committed yet
    try:
        with batch[0].sessions() as session, batch_reads.remembering(session):
            for number, write in enumerate(batch):
                hold_write_lock(session)  # SQLite: once a transaction, begun by a write
                began = session.get_transaction() or session.begin()  # PostgreSQL: no write
                stored.append((write, write.store(session)))
                if session.get_transaction() is not began:  # it committed on its own
                    session.commit()  # its rest too: what came before is never stored again
                    _answer_all(stored)
                    stored, uncommitted = [], number + 1
            session.commit()
    except Exception:  # a write failed, or the commit: the rest is stored one by one
        if rest := batch[uncommitted:]:
            _commit_alone(rest)
        return
    _answer_all(stored)


def _commit_alone(batch: list[_Write]) -> None:
    """One transaction, one savepoint per write: a refusal or failure takes nothing else."""
    stored: list[tuple[_Write, Any]] = []
    try:
        with batch[0].sessions() as session, batch_reads.remembering(session):
            for write in batch:
                try:
                    stored.append((write, _alone(session, write.store)))
                except DomainError as error:  # refused: its savepoint undid what it wrote
                    _answer(write.answer, error=error)
                except Exception as error:  # this write only: the batch goes on
                    log.exception("a message could not be stored")
                    _answer(write.answer, error=error)
            session.commit()
    except Exception as error:  # nothing of this batch acknowledged: the senders retry
        log.exception("a batch of messages could not be committed")
        for write in batch:  # those refused already keep their answer
            _answer(write.answer, error=error)
        return
    _answer_all(stored)


def _alone(session: Session, store: Callable[[Session], T]) -> T:
    """In a savepoint of its own: a failed statement on PostgreSQL aborts the whole
    transaction, and a write that fails half way must leave none of its rows. On SQLite the
    transaction is begun by a write first (taking the write lock): a savepoint that began it
    would commit at its release (pysqlite begins only before a write)."""
    hold_write_lock(session)  # the batch's first, or after one that committed
    savepoint = session.begin_nested()
    try:
        result = store(session)
    except BaseException:
        if savepoint.is_active:
            savepoint.rollback()
        raise
    if savepoint.is_active:  # a rare path (a reopened chat, a routed one) commits by itself
        savepoint.commit()
    return result


def _answer_all(stored: list[tuple[_Write, Any]]) -> None:
    for write, result in stored:
        _answer(write.answer, result=result)


def _answer(answer: Future, *, result: Any = None, error: BaseException | None = None) -> None:
    """A request that went away (cancelled) gets no answer; the others get theirs once."""
    try:
        if error is not None:
            answer.set_exception(error)
        else:
            answer.set_result(result)
    except InvalidStateError:  # cancelled meanwhile
        pass


writer = GroupCommitWriter("message-writer")
