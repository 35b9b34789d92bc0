"""Proactive chats: an agent's invitation waits here until the visitor's widget collects it.

The widget of a visitor without a chat long-polls for an invitation; `offer` hands it the new
conversation at once. The offer is kept in the registry every worker shares and the wake-up
travels over the bus, so the widget may poll any worker.
"""

from __future__ import annotations

import asyncio

from inbox_app.realtime.transport import bus, registry

NAME = "invitations"
_waiting: dict[str, set[asyncio.Event]] = {}
_stopping = False  # this worker is stopping: no long-poll waits any more


def offer(*, visitor_id: str, conversation_id: int) -> None:
    """Call on the event loop."""
    registry.put(NAME, visitor_id, conversation_id)
    bus.send("invitation", visitor_id)


async def _wake_here(visitor_id: str) -> None:
    for event in _waiting.pop(visitor_id, set()):
        event.set()


async def _wake_all_here() -> None:
    """Redis was away: a wake-up published meanwhile reached no one. Every widget waiting here
    looks again for an offer."""
    for visitor_id in list(_waiting):
        await _wake_here(visitor_id)


def stop_waiting() -> None:
    """The worker is stopping (operations/stop_notice.py): the widgets waiting here are
    answered now, and no later long-poll waits."""
    global _stopping
    _stopping = True
    for events in _waiting.values():
        for event in events:
            event.set()


bus.on("invitation", _wake_here)
bus.after_outage(_wake_all_here)


def take(visitor_id: str) -> int | None:
    """The offered conversation, once."""
    return registry.take(NAME, visitor_id)


async def wait(visitor_id: str, *, timeout: float) -> int | None:
    """The offered conversation, waiting up to `timeout` seconds for one."""
    if (found := take(visitor_id)) is not None or _stopping:
        return found
    event = asyncio.Event()
    _waiting.setdefault(visitor_id, set()).add(event)
    try:
        await asyncio.wait_for(event.wait(), timeout)
    except TimeoutError:
        return None
    finally:
        _waiting.get(visitor_id, set()).discard(event)
    return take(visitor_id)
