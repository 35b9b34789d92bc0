"""How a realtime event reaches every worker: directly with one, through Redis pub/sub with several.

Each worker subscribes once and hands every event to the handler registered for its topic;
that handler pushes to the browsers whose sockets this worker holds. The sender's own worker
hears its events back through the same channel, so one path serves every worker alike.
Bodies are pickled: Redis is trusted infrastructure here (Reflex keeps its pickled states there).
"""

from __future__ import annotations

import asyncio
import logging
import pickle
from collections.abc import Awaitable, Callable
from typing import Any

from inbox_app.realtime import redis_link

CHANNEL = "inbox:realtime"
Handler = Callable[[Any], Awaitable[None]]
log = logging.getLogger(__name__)
_handlers: dict[str, Handler] = {}
_tasks: set[asyncio.Task] = set()
_app_loop: list[asyncio.AbstractEventLoop] = []  # the loop serving this worker, once listening


def on(topic: str, handler: Handler) -> None:
    _handlers[topic] = handler


def send(topic: str, body: Any) -> None:
    """Deliver to every worker (this one included); returns at once, from any thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:  # a worker thread or a script: hand it to the app's loop, if any
        if redis_link.enabled():
            redis_link.sync_client().publish(CHANNEL, pickle.dumps((topic, body)))
        elif _app_loop and not _app_loop[0].is_closed():
            _app_loop[0].call_soon_threadsafe(lambda: spawn(_deliver(topic, body)))
        return
    if redis_link.enabled():
        spawn(redis_link.async_client().publish(CHANNEL, pickle.dumps((topic, body))))
    else:
        spawn(_deliver(topic, body))


def spawn(work: Awaitable[Any]) -> None:
    task = asyncio.ensure_future(work)
    _tasks.add(task)  # keep a reference until done, or the task may be collected mid-way
    task.add_done_callback(_tasks.discard)


async def _deliver(topic: str, body: Any) -> None:
    try:
        await _handlers[topic](body)
    except Exception:  # one failed delivery must not stop the listener
        log.exception("a realtime %s event failed", topic)


async def listen() -> None:
    """Lifespan task of every worker: hand each event from Redis to its handler.

    Events are taken in order and run concurrently, as in one process: a slow fan-out
    (full reloads) must not hold up the next event's fast path."""
    _app_loop[:] = [asyncio.get_running_loop()]
    if not redis_link.enabled():
        return
    while True:
        try:
            async with redis_link.async_client().pubsub() as pubsub:
                await pubsub.subscribe(CHANNEL)
                async for message in pubsub.listen():
                    if message["type"] == "message":
                        spawn(_deliver(*pickle.loads(message["data"])))
        except asyncio.CancelledError:
            raise
        except Exception:  # Redis went away: subscribe again once it is back
            log.exception("the realtime subscription dropped; subscribing again")
            await asyncio.sleep(1)
