"""Proactive chats: an agent's invitation waits here until the visitor's widget collects it.

The widget of a visitor without a chat long-polls for an invitation; `offer` hands it the new
conversation at once. The offer is kept in the registry every worker shares and the wake-up
travels over the bus, so the widget may poll any worker.
"""

from __future__ import annotations

import asyncio

from inbox_app.realtime.transport import bus, registry
from inbox_app.realtime.widget.waiters import Waiters

NAME = "invitations"
_waiters: Waiters[str] = Waiters("invitation long-polls")
stop_waiting = _waiters.stop


def offer(*, visitor_id: str, conversation_id: int) -> None:
    """Call on the event loop."""
    registry.put(NAME, visitor_id, conversation_id)
    bus.send("invitation", visitor_id)


async def _wake_here(visitor_id: str) -> None:
    _waiters.wake(visitor_id)


async def _wake_all_here() -> None:
    """Redis was away: a wake-up published meanwhile reached no one. Every widget waiting here
    looks again for an offer."""
    _waiters.wake_all()


bus.on("invitation", _wake_here)
bus.after_outage(_wake_all_here)


def take(visitor_id: str) -> int | None:
    """The offered conversation, once."""
    return registry.take(NAME, visitor_id)


async def wait(visitor_id: str, *, timeout: float) -> int | None:
    """The offered conversation, waiting up to `timeout` seconds for one."""
    if (found := take(visitor_id)) is not None or _waiters.stopping:
        return found
    with _waiters.listening(visitor_id) as offered:
        try:
            await asyncio.wait_for(offered.wait(), timeout)
        except TimeoutError:
            return None
    return take(visitor_id)
