"""How a realtime event reaches every worker: directly with one, through Redis pub/sub with several.

Each worker subscribes once and hands every event to the handler registered for its topic;
that handler pushes to the browsers whose sockets this worker holds. The sender's own worker
hears its events back through the same channel, so one path serves every worker alike.
Bodies cross Redis as JSON, never pickle: whoever can publish on the channel must not be able
to run code in every worker. A topic whose body holds dataclasses gives a `decode` to rebuild them.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from inbox_app.realtime.transport import redis_link

CHANNEL = "inbox:realtime"
Handler = Callable[[Any], Awaitable[None]]
log = logging.getLogger(__name__)
_handlers: dict[str, Handler] = {}
_decoders: dict[str, Callable[[Any], Any]] = {}
_tasks: set[asyncio.Task] = set()
_app_loop: list[asyncio.AbstractEventLoop] = []  # the loop serving this worker, once listening
_after_outage: list[Callable[[], Awaitable[None]]] = []


def on(topic: str, handler: Handler, *, decode: Callable[[Any], Any] | None = None) -> None:
    """decode: rebuilds a body from its JSON form (lists for tuples, dicts for dataclasses)."""
    _handlers[topic] = handler
    if decode is not None:
        _decoders[topic] = decode


def encode(topic: str, body: Any) -> bytes:
    return json.dumps([topic, body], default=_plain).encode()


def decode(data: bytes) -> tuple[str, Any]:
    topic, body = json.loads(data)
    return topic, _decoders.get(topic, _same)(body)


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    raise TypeError(f"a realtime body cannot hold {type(value).__name__}")


def _same(body: Any) -> Any:
    return body


def send(topic: str, body: Any) -> None:
    """Deliver to every worker (this one included); returns at once, from any thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:  # a worker thread or a script: hand it to the app's loop, if any
        if redis_link.enabled():
            redis_link.sync_client().publish(CHANNEL, encode(topic, body))
        elif _app_loop and not _app_loop[0].is_closed():
            _app_loop[0].call_soon_threadsafe(lambda: spawn(_deliver(topic, body)))
        return
    if redis_link.enabled():
        spawn(_publish(topic, body))
    else:
        spawn(_deliver(topic, body))


async def _publish(topic: str, body: Any) -> None:
    try:
        await redis_link.async_client().publish(CHANNEL, encode(topic, body))
    except (RedisConnectionError, RedisTimeoutError) as error:  # not a traceback per event
        log.warning("a realtime %s event was lost: Redis is away (%s)", topic, error)


def spawn(work: Awaitable[Any]) -> None:
    task = asyncio.ensure_future(work)
    _tasks.add(task)  # keep a reference until done, or the task may be collected mid-way
    task.add_done_callback(_tasks.discard)


async def _deliver(topic: str, body: Any) -> None:
    try:
        await _handlers[topic](body)
    except Exception:  # one failed delivery must not stop the listener
        log.exception("a realtime %s event failed", topic)


async def _deliver_published(data: bytes) -> None:
    try:
        topic, body = decode(data)
    except (ValueError, TypeError, KeyError):  # not ours: someone else wrote on the channel
        log.warning("ignored a realtime message that is not an inbox event")
        return
    await _deliver(topic, body)


async def listen() -> None:
    """Lifespan task of every worker: hand each event from Redis to its handler.

    Events are taken in order and run concurrently, as in one process: a slow fan-out
    (full reloads) must not hold up the next event's fast path. When Redis goes away the
    worker subscribes again every second, and once it is back runs what `after_outage` asked."""
    _app_loop[:] = [asyncio.get_running_loop()]
    if not redis_link.enabled():
        return
    dropped = False
    while True:
        try:
            async with redis_link.async_client().pubsub() as pubsub:
                await pubsub.subscribe(CHANNEL)
                if dropped:
                    dropped = False
                    log.warning("Redis is back: the realtime subscription resumed")
                    for callback in _after_outage:
                        spawn(_run_after_outage(callback))
                async for message in pubsub.listen():
                    if message["type"] == "message":
                        spawn(_deliver_published(message["data"]))
        except asyncio.CancelledError:
            raise
        except (RedisConnectionError, RedisTimeoutError) as error:  # an outage: no traceback
            if not dropped:  # once per outage, not every second of it
                log.warning("Redis went away (%s); subscribing again every second", error)
            dropped = True
            await asyncio.sleep(1)
        except Exception:
            log.exception("the realtime subscription dropped; subscribing again")
            dropped = True
            await asyncio.sleep(1)


def after_outage(callback: Callable[[], Awaitable[None]]) -> None:
    """Run `callback` in every worker whenever its subscription resumes after Redis went away
    (Redis may have restarted empty: see realtime/redis_outage.py)."""
    _after_outage.append(callback)


async def _run_after_outage(callback: Callable[[], Awaitable[None]]) -> None:
    try:
        await callback()
    except Exception:
        log.exception("mending after a Redis outage failed")
