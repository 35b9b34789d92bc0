"""Reads that stay the same through a batch: the email receiver stores a burst of mails in one
transaction (email/receive_batch.py), and every mail would read the active webhooks, the
languages told apart and the active agents again. Inside `remembering(session)` each such read
runs once; everywhere else (every request, every other service) it runs every time, as before.

Rows loaded in the batch also stay loaded until it ends. The session's identity map holds its
rows weakly: a conversation one service loaded and let go was selected again by the next
(`session.get`), four extra SELECTs of every API reply."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import event
from sqlmodel import Session

T = TypeVar("T")
_KEY = "batch_reads"


@contextmanager
def remembering(session: Session) -> Iterator[None]:
    """For a batch that changes none of what is read through `read_once`."""
    session.info[_KEY] = {}
    kept: list[object] = []

    def keep(_session: Session, instance: object) -> None:
        kept.append(instance)

    for kind in _KEPT:
        event.listen(session, kind, keep)
    try:
        yield
    finally:
        session.info.pop(_KEY, None)
        for kind in _KEPT:
            event.remove(session, kind, keep)


_KEPT = ("loaded_as_persistent", "pending_to_persistent")  # read, or written, in the batch


def read_once(session: Session, name: str, read: Callable[[], T]) -> T:
    memo: dict[str, Any] | None = session.info.get(_KEY)
    if memo is None:
        return read()
    if name not in memo:
        memo[name] = read()
    result: T = memo[name]
    return result
