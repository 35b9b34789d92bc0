"""Fan-out of changes to every other connected dashboard, without reloads or polling.

A handler that changed something calls `publish` after its service call. The push runs in
its own task, so it starts once the sender's handler has returned and released its state
lock; each recipient is updated concurrently under its own lock (Reflex's modify_state).
Every agent may see every conversation, so every connected agent is a recipient.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import reflex as rx

log = logging.getLogger(__name__)
ANY_CONVERSATION = -1  # a bulk change: whichever conversation a recipient has open may have changed
_app: Any = None
_tasks: set[asyncio.Task] = set()
Refresh = Callable[[Any, int, Any], Awaitable[None]]
_refreshers: dict[str, list[tuple[type, Refresh]]] = {
    "change": [],
    "activity": [],
    "message": [],
    "visitors": [],
}


def attach(app: Any) -> None:
    global _app
    _app = app


def on_change(state_class: type, refresh: Refresh, *, kind: str = "change") -> None:
    """Register how a state class brings itself up to date (state, conversation id, payload).

    kind "change": data changed (lists, threads, counts); "activity": only who views or types;
    "message": a new message, carried in the payload, to append without touching the database;
    "visitors": who has the chat widget loaded (the Visitors online page).
    """
    _refreshers[kind].append((state_class, refresh))


def publish(
    *,
    sender_token: str,
    conversation_id: int = 0,
    kind: str = "change",
    payload: Any = None,
    then_change: bool = False,
) -> None:
    """then_change: after this fan-out has reached everyone, send the full "change" one.

    Ordering matters for the message fast path: a recipient's full reload holds its state lock
    for a while, so the appended message must reach every recipient before any reload starts.
    """
    if _app is None or _app.event_namespace is None:
        return
    fan_out = _in_order(
        sender_token,
        conversation_id,
        [(kind, payload)] + ([("change", None)] if then_change else []),
    )
    task = asyncio.get_running_loop().create_task(fan_out)
    _tasks.add(task)  # keep a reference until done, or the task may be collected mid-way
    task.add_done_callback(_tasks.discard)


def connected_tokens() -> list[str]:
    return list(_app.event_namespace.token_to_sid) if _app is not None else []


async def _in_order(sender_token: str, conversation_id: int, steps: list[tuple[str, Any]]) -> None:
    for kind, payload in steps:
        await _fan_out(sender_token, conversation_id, kind, payload)


async def _fan_out(sender_token: str, conversation_id: int, kind: str, payload: Any) -> None:
    recipients = [token for token in connected_tokens() if token != sender_token]
    pushes = (_push(token, conversation_id, kind, payload) for token in recipients)
    results = await asyncio.gather(*pushes, return_exceptions=True)
    for result in results:
        if isinstance(result, Exception):
            log.warning("a live update failed: %r", result)


async def _push(token: str, conversation_id: int, kind: str, payload: Any) -> None:
    for state_class, refresh in _refreshers[kind]:
        async with _app.modify_state(rx.BaseStateToken(ident=token, cls=state_class)) as root:
            await refresh(await root.get_state(state_class), conversation_id, payload)
