"""Fan-out of changes to every other connected dashboard, without reloads or polling.

A handler that changed something calls `publish` after its service call. The event goes
over the bus to every worker; each pushes in its own task to the browsers whose sockets it
holds, so the push starts once the sender's handler has returned and released its state
lock; each recipient is updated concurrently under its own lock (Reflex's modify_state).
Every agent may see every conversation, so every connected agent is a recipient.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

import reflex as rx

from inbox_app.models.dto import MessageView
from inbox_app.realtime import refresh_budget
from inbox_app.realtime.transport import bus, sockets

log = logging.getLogger(__name__)
SETTLE_SECONDS = 0.01
ANY_CONVERSATION = -1  # a bulk change: whichever conversation a recipient has open may have changed
Refresh = Callable[..., Awaitable[None]]  # (state, conversation id, payload[, reads])
Prepare = Callable[[Any, int, Any], Awaitable[Any]]  # (snapshot, conversation id, payload)
_refreshers: dict[str, list[tuple[type, Refresh, Prepare | None]]] = {
    "change": [],
    "activity": [],
    "message": [],
    "visitors": [],
}


# Who may need an event at all, by kind (wired in the composition root); default: every tab.
_audiences: dict[str, Callable[[int], set[str]]] = {}


def audience(kind: str, tokens_for: Callable[[int], set[str]]) -> None:
    """Narrow a kind's fan-out to the tabs `tokens_for(conversation_id)` names."""
    _audiences[kind] = tokens_for


def on_change(
    state_class: type, refresh: Refresh, *, kind: str = "change", prepare: Prepare | None = None
) -> None:
    """Register how a state class brings itself up to date (state, conversation id, payload).

    kind "change": data changed (lists, threads, counts), the payload the set of conversation
    ids changed since the tab's last refresh (ANY_CONVERSATION among them: any may have);
    "activity": only who views or types;
    "message": a new message, carried in the payload, to append without touching the database;
    "visitors": who has the chat widget loaded (the Visitors online page).

    prepare: does the refresh's reads on a snapshot of the tab's state, without its lock, and
    `refresh` gets them as a fourth argument. A refresh that read under the lock held that
    tab's own clicks until its reads had waited their turn behind every other tab's.
    """
    _refreshers[kind].append((state_class, refresh, prepare))


def publish(
    *,
    sender_token: str,
    conversation_id: int = 0,
    kind: str = "change",
    payload: Any = None,
    then_change: bool = False,
    this_worker_only: bool = False,
) -> None:
    """then_change: after this fan-out has reached everyone, send the full "change" one.

    Ordering matters for the message fast path: a recipient's full reload holds its state lock
    for a while, so the appended message must reach every recipient before any reload starts.
    this_worker_only: for events every worker finds out by itself (the clock's ticks).
    """
    if sockets.event_namespace() is None:
        return
    steps = [(kind, payload)] + ([("change", None)] if then_change else [])
    event = (sender_token, conversation_id, steps)
    if this_worker_only:
        bus.spawn(_in_order(event))
    else:
        bus.send("hub", event)


async def _in_order(event: tuple[str, int, list[tuple[str, Any]]]) -> None:
    sender_token, conversation_id, steps = event
    if steps == [("activity", None)]:
        await _activity_fan_out()
        return
    for step, (kind, payload) in enumerate(steps):
        if step:  # the sockets write the pushes just queued before reloads compete for the GIL
            await asyncio.sleep(SETTLE_SECONDS)
        await _fan_out(sender_token, conversation_id, kind, payload)


_activity = {"running": False, "again": False}


async def _activity_fan_out() -> None:
    """Activity pushes only say "read the labels again", so a burst collapses into one more
    round: 200 tabs opening at once cost a few rounds, not 200 x 200 pushes."""
    if _activity["running"]:
        _activity["again"] = True
        return
    _activity["running"] = True
    try:
        while True:
            _activity["again"] = False
            await _fan_out("", 0, "activity", None)
            if not _activity["again"]:
                return
    finally:
        _activity["running"] = False


def _rebuilt(body: list) -> tuple[str, int, list[tuple[str, Any]]]:
    """A hub event as it came through Redis (JSON): tuples again, a message's view again."""
    sender_token, conversation_id, steps = body
    return (
        sender_token,
        conversation_id,
        [
            (kind, MessageView.from_dict(payload) if kind == "message" else payload)
            for kind, payload in steps
        ],
    )


bus.on("hub", _in_order, decode=_rebuilt)


async def _fan_out(sender_token: str, conversation_id: int, kind: str, payload: Any) -> None:
    recipients = [token for token in sockets.connected_tokens() if token != sender_token]
    if kind in _audiences:
        wanted = _audiences[kind](conversation_id)
        recipients = [token for token in recipients if token in wanted]
    push = _push_change if kind == "change" else partial(_push, kind=kind, payload=payload)
    pushes = (push(token, conversation_id) for token in recipients)
    results = await asyncio.gather(*pushes, return_exceptions=True)
    for result in results:
        if isinstance(result, Exception):
            log.warning("a live update failed: %r", result)


# Tabs whose "change" refresh is under way, with what changed since it began: whatever arrives
# meanwhile is merged into one more refresh after it, and that one waits out the tab's pace
# (refresh_budget.py). Unmerged, 30 dashboards fell behind for good; merged but unpaced, their
# reloads for a steady stream of visitor messages took the whole core (PERFORMANCE.md, Soak).
_changed_meanwhile: dict[str, set[int]] = {}


async def _push_change(token: str, conversation_id: int) -> None:
    if token in _changed_meanwhile:
        _changed_meanwhile[token].add(conversation_id)
        return
    _changed_meanwhile[token] = {conversation_id}
    loop = asyncio.get_running_loop()
    try:
        while changed := _changed_meanwhile[token]:
            _changed_meanwhile[token] = set()
            started = loop.time()
            one = next(iter(changed)) if len(changed) == 1 else ANY_CONVERSATION
            try:
                with refresh_budget.refreshing():
                    await _push(token, one, kind="change", payload=frozenset(changed))
            except Exception as error:  # the next round (if any) still runs
                log.warning("a live update failed: %r", error)
            pace = refresh_budget.pace(len(sockets.connected_tokens()))
            await asyncio.sleep(max(0.0, started + pace - loop.time()))
    finally:
        del _changed_meanwhile[token]


async def _push(token: str, conversation_id: int, *, kind: str, payload: Any) -> None:
    for state_class, refresh, prepare in _refreshers[kind]:
        state_token = rx.BaseStateToken(ident=token, cls=state_class)
        reads = None
        if prepare is not None and (snapshot := await _snapshot(state_token)) is not None:
            reads = await prepare(snapshot, conversation_id, payload)
        async with sockets.app().modify_state(state_token) as root:
            if not root.router.session.client_token:
                # A state this tab never had: Redis lost it (see redis_outage.py), or the tab
                # is being hydrated. A refresh of its empty defaults would blank the page.
                return
            state = await root.get_state(state_class)
            if prepare is None:
                await refresh(state, conversation_id, payload)
            else:  # reads None: none could be made outside the lock; the refresh makes them
                await refresh(state, conversation_id, payload, reads)


async def _snapshot(state_token: rx.BaseStateToken) -> Any:
    """The tab's state as it is now, read without its lock (its refresh checks, under the lock,
    that it still shows what was read for). None when this worker keeps no copy of it: reading
    one in would race the lock's holder."""
    manager = sockets.app().state_manager
    kept = getattr(manager, "states", None)  # memory and disk keep them; Redis reads a copy
    if kept is not None and state_token.cache_key not in kept:
        return None
    root = await manager.get_state(state_token)
    if not root.router.session.client_token:
        return None
    return await root.get_state(state_token.cls)
