"""Database reads for the dashboard, on two threads of their own, agents' own reads first.

A fan-out reloads lists and threads for every recipient. On the default executor six of those
ran at once, and the event loop, which writes every pushed message to its socket, then waited
for the interpreter lock behind them: a message already pushed reached the browser tens of
milliseconds late. Two readers keep the loop's share while still overlapping SQLite's I/O.

Reads of a live refresh (realtime/refresh_budget.py) queue behind the reads of an agent's own
click: under a stream of changes, 30 tabs' refreshes filled the queue and a page load waited
seconds behind them. Their CPU time is measured for the refresh's budget.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from functools import partial
from typing import Any, TypeVar

from inbox_app.realtime import refresh_budget

T = TypeVar("T")
OWN, REFRESH = 0, 1  # priorities: lower first
READERS = 2
_queue: queue.PriorityQueue[tuple[int, int, Callable[[], Any], Future]] = queue.PriorityQueue()
_order = itertools.count()  # first come, first served within a priority
_started = {"pid": 0}
_guard = threading.Lock()


async def read(load: Callable[..., T], /, **arguments) -> T:
    """`load(**arguments)` on a reader thread."""
    _start_readers()
    priority = REFRESH if refresh_budget.in_refresh() else OWN
    answer: Future = Future()
    _queue.put((priority, next(_order), partial(load, **arguments), answer))
    result, cpu_seconds = await asyncio.wrap_future(answer)
    refresh_budget.charge(cpu_seconds)
    return result


def _start_readers() -> None:
    """Made on first use in each process (a worker forks after import)."""
    with _guard:
        if _started["pid"] == os.getpid():
            return
        _started["pid"] = os.getpid()
        for number in range(READERS):
            name = f"live-read-{number}"
            threading.Thread(target=_read_forever, name=name, daemon=True).start()


def _read_forever() -> None:
    while True:
        _priority, _order_number, load, answer = _queue.get()
        if not answer.set_running_or_notify_cancel():
            continue
        started = time.thread_time()
        try:
            result = load()
        except BaseException as error:  # the caller gets it; the reader lives on
            answer.set_exception(error)
        else:
            answer.set_result((result, time.thread_time() - started))
