"""Database reads for live updates, on two threads of their own.

A fan-out reloads lists and threads for every recipient. On the default executor six of those
ran at once, and the event loop, which writes every pushed message to its socket, then waited
for the interpreter lock behind them: a message already pushed reached the browser tens of
milliseconds late. Two readers keep the loop's share while still overlapping SQLite's I/O.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import TypeVar

T = TypeVar("T")
_READERS = ThreadPoolExecutor(max_workers=2, thread_name_prefix="live-read")


async def read(load: Callable[..., T], /, **arguments) -> T:
    """`load(**arguments)` on a reader thread."""
    return await asyncio.get_running_loop().run_in_executor(_READERS, partial(load, **arguments))
