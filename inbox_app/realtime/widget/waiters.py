"""The long-polls waiting on this worker, by what they wait for (a conversation, a visitor).

Shared by the widget's two long-polls (waits.py: news in a chat; invitations.py: an offered
chat), which differ only in what wakes them.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

log = logging.getLogger(__name__)

Key = TypeVar("Key", bound=Hashable)


class Waiters(Generic[Key]):
    def __init__(self, name: str = "long-polls") -> None:
        self.name = name  # what waits, for the log
        self._events: dict[Key, set[asyncio.Event]] = defaultdict(set)
        self.stopping = False  # this worker is stopping: no long-poll waits any more

    @contextmanager
    def listening(self, key: Key) -> Iterator[asyncio.Event]:
        """The event a wake-up for `key` sets, while inside."""
        event = asyncio.Event()
        self._events[key].add(event)
        try:
            yield event
        finally:
            self._events.get(key, set()).discard(event)

    def wake(self, key: Key) -> None:
        for event in self._events.pop(key, set()):
            event.set()

    def wake_all(self) -> None:
        for key in list(self._events):
            self.wake(key)

    def stop(self) -> None:
        """The worker is stopping (operations/stop_notice.py): every long-poll waiting here is
        answered now, and no later one waits, so none holds the stop for up to 25 s."""
        self.stopping = True
        waiting = sum(len(events) for events in self._events.values())
        self.wake_all()
        log.info("stopping: %d waiting %s answered", waiting, self.name)
