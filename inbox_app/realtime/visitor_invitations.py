"""Proactive chats: an agent's invitation waits here until the visitor's widget collects it.

The widget of a visitor without a chat long-polls for an invitation; `offer` hands it the new
conversation at once. In memory, one worker (Redis with several, like `visitor_waits`).
"""

from __future__ import annotations

import asyncio

_offered: dict[str, int] = {}  # visitor id -> conversation id
_waiting: dict[str, set[asyncio.Event]] = {}


def offer(*, visitor_id: str, conversation_id: int) -> None:
    _offered[visitor_id] = conversation_id
    for event in _waiting.pop(visitor_id, set()):
        event.set()


def take(visitor_id: str) -> int | None:
    """The offered conversation, once."""
    return _offered.pop(visitor_id, None)


async def wait(visitor_id: str, *, timeout: float) -> int | None:
    """The offered conversation, waiting up to `timeout` seconds for one."""
    if (found := take(visitor_id)) is not None:
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
