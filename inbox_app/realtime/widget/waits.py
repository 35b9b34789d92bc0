"""Long-poll wake-ups for chat widgets: a reply wakes every widget waiting on its conversation.

The wake-up travels over the bus, so a widget waiting on another worker hears it too.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict

from inbox_app.realtime.transport import bus

_waiting: dict[int, set[asyncio.Event]] = defaultdict(set)


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


bus.on("wake", _wake_here)
bus.after_outage(_wake_all_here)


async def wait(conversation_id: int, *, timeout: float) -> bool:
    """True when woken before the timeout."""
    event = asyncio.Event()
    _waiting[conversation_id].add(event)
    try:
        await asyncio.wait_for(event.wait(), timeout)
        return True
    except TimeoutError:
        return False
    finally:
        _waiting.get(conversation_id, set()).discard(event)
