"""The HTTP requests this worker is serving, so that a stop lets them end before its loop does.

On SIGTERM granian drains the connections in flight, then the app's lifespan shuts down and the
worker's loop stops for good. A request whose client had hung up is not drained (its connection
is gone), so its handler may still be running then (a long-poll the stop notice just answered).
Stopped with the loop, it never ends, and an AnyIO worker thread that its reads started never
hears to stop (AnyIO stops them when the loop's root task ends); the process then waits for
that thread at exit until granian kills it, 20 s after SIGTERM (docs/PERFORMANCE.md, Soak).
The lifespan now waits, a few seconds at most, for every request still being served.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

log = logging.getLogger(__name__)
FINISH_SECONDS = 5.0  # inside granian's 20 s: a request still running then is cut short
_serving = {"requests": 0}


def entered() -> None:
    _serving["requests"] += 1


def left() -> None:
    _serving["requests"] -= 1


def serving() -> int:
    return _serving["requests"]


@asynccontextmanager
async def requests_end_before_the_loop() -> AsyncIterator[None]:
    """A lifespan context: on shutdown it waits until no request is being served."""
    yield
    loop = asyncio.get_running_loop()
    deadline = loop.time() + FINISH_SECONDS
    while serving() and loop.time() < deadline:
        await asyncio.sleep(0.02)
    if serving():
        log.warning("stopping with %d requests still being served", serving())
