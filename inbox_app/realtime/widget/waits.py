"""Long-poll wake-ups for chat widgets: a reply wakes every widget waiting on its conversation.

The wake-up travels over the bus, so a widget waiting on another worker hears it too.
"""

from __future__ import annotations

import asyncio
from contextlib import AbstractContextManager

from inbox_app.realtime.transport import bus
from inbox_app.realtime.widget.waiters import Waiters

_waiters: Waiters[int] = Waiters("chat long-polls")
stop_waiting = _waiters.stop


def wake(conversation_id: int) -> None:
    bus.send("wake", conversation_id)


async def _wake_here(conversation_id: int) -> None:
    _waiters.wake(conversation_id)


async def _wake_all_here() -> None:
    """Redis was away: a wake-up published meanwhile reached no one. Every widget waiting here
    reads again (most find nothing new and wait anew)."""
    _waiters.wake_all()


bus.on("wake", _wake_here)
bus.after_outage(_wake_all_here)


def listening(conversation_id: int) -> AbstractContextManager[asyncio.Event]:
    """Enter before reading what is new, then wait on the event (woken): a reply stored while
    the read ran wakes it too. Listening only after the read lost that wake-up, and the widget
    saw the reply a long-poll (25 s) later."""
    return _waiters.listening(conversation_id)


async def woken(event: asyncio.Event, *, timeout: float) -> bool:
    """True when woken before the timeout; at once while the worker stops."""
    if _waiters.stopping:
        return True
    try:
        await asyncio.wait_for(event.wait(), timeout)
        return True
    except TimeoutError:
        return False
