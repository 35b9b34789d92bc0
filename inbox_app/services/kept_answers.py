"""Answers read from the database, kept for a moment in this process: who is calling (an
agent's token, an API key) is asked on every event and every request, and a row read each
time was a fifth of the server's core under load.

A commit that writes a row of the watched table (a deactivation, a revoked key, a new
password) forgets every kept answer at once, through a mapper event and `after_commit`. An
answer read while such a commit happened is not kept: it may be from before it. Only one
process can know its own commits: `in_use` says whether to keep at all (with several workers,
no: each call reads).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from sqlalchemy import event
from sqlalchemy.orm import Session, object_session

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
MOST = 2_000  # kept at once; more and all are forgotten (a flood of tokens or keys)


class KeptAnswers(Generic[K, V]):
    def __init__(self, table: type, *, seconds: float, in_use: Callable[[], bool]) -> None:
        self.seconds = seconds
        self.in_use = in_use
        self.generation = 0  # bumped by every commit that wrote the table
        self._kept: dict[K, tuple[float, V]] = {}
        self._flag = f"wrote {table.__name__}"  # in session.info, from the flush to the commit
        for change in ("after_insert", "after_update", "after_delete"):
            event.listen(table, change, self._written)
        event.listen(Session, "after_commit", self._committed)
        event.listen(Session, "after_rollback", self._rolled_back)

    def get(self, key: K) -> tuple[bool, V | None]:
        """(True, the answer) while one is kept, else (False, None)."""
        kept = self._kept.get(key) if self.in_use() else None
        if kept is None or kept[0] <= time.monotonic():
            return False, None
        return True, kept[1]

    def keep(self, key: K, answer: V, *, generation: int) -> None:
        """generation: as it was before the answer was read."""
        if generation != self.generation or not self.in_use():
            return
        if len(self._kept) >= MOST:
            self._kept.clear()
        self._kept[key] = (time.monotonic() + self.seconds, answer)

    def forget_all(self) -> None:
        self.generation += 1
        self._kept.clear()

    def _written(self, _mapper: object, _connection: object, row: object) -> None:
        session = object_session(row)
        if session is not None:
            session.info[self._flag] = True

    def _committed(self, session: Session) -> None:
        if session.info.pop(self._flag, False):
            self.forget_all()

    def _rolled_back(self, session: Session) -> None:
        session.info.pop(self._flag, None)
