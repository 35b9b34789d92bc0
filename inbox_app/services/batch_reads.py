"""Reads that stay the same through a batch: the email receiver stores a burst of mails in one
transaction (email/receive_batch.py), and every mail would read the active webhooks, the
languages told apart and the active agents again. Inside `remembering(session)` each such read
runs once; everywhere else (every request, every other service) it runs every time, as before."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlmodel import Session

T = TypeVar("T")
_KEY = "batch_reads"


@contextmanager
def remembering(session: Session) -> Iterator[None]:
    """For a batch that changes none of what is read through `read_once`."""
    session.info[_KEY] = {}
    try:
        yield
    finally:
        session.info.pop(_KEY, None)


def read_once(session: Session, name: str, read: Callable[[], T]) -> T:
    memo: dict[str, Any] | None = session.info.get(_KEY)
    if memo is None:
        return read()
    if name not in memo:
        memo[name] = read()
    result: T = memo[name]
    return result
