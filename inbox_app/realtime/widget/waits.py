"""Long-poll wake-ups for chat widgets: a reply wakes every widget waiting on its conversation.

The wake-up travels over the bus, so a widget waiting on another worker hears it too.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

from inbox_app.realtime.transport import bus

_waiting: dict[int, set[asyncio.Event]] = defaultdict(set)
_stopping = False  # this worker is stopping: no long-poll waits any more


def wake(conversation_id: int) -> None:
    bus.send("wake", conversation_id)


async def _wake_here(conversation_id: int) -> None:
    for event in _waiting.pop(conversation_id, set()):
        event.set()


async def _wake_all_here() -> None:
    """Redis was away: a wake-up published meanwhile reached no one. Every widget waiting here
    reads again (most find nothing new and wait anew)."""
    for conversation_id in list(_waiting):
        await _wake_here(conversation_id)


def stop_waiting() -> None:
    """The worker is stopping (operations/stop_notice.py): every widget waiting here gets its
    answer now, and no later long-poll waits, so the stop is not held up to 25 s by them."""
    global _stopping
    _stopping = True
    for events in _waiting.values():
        for event in events:
            event.set()


bus.on("wake", _wake_here)
bus.after_outage(_wake_all_here)


@contextmanager
def listening(conversation_id: int) -> Iterator[asyncio.Event]:
    """Enter before reading what is new, then wait on the event (woken): a reply stored while
    the read ran wakes it too. Listening only after the read lost that wake-up, and the widget
    saw the reply a long-poll (25 s) later."""
    event = asyncio.Event()
    _waiting[conversation_id].add(event)
    try:
        yield event
    finally:
        _waiting.get(conversation_id, set()).discard(event)


async def woken(event: asyncio.Event, *, timeout: float) -> bool:
    """True when woken before the timeout; at once while the worker stops."""
    if _stopping:
        return True
    try:
        await asyncio.wait_for(event.wait(), timeout)
        return True
    except TimeoutError:
        return False
