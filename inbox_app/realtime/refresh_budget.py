"""How often a tab's live refresh may run, so refreshes keep to a share of the worker's time.

Every change reloads the list and counts of each open dashboard (hub.py). That costs 10-25 ms
of database reads and Python per tab, so 30 tabs reloading for each of a steady stream of
visitor messages took the whole core, and agents' own clicks waited seconds behind them
(docs/PERFORMANCE.md, Soak). Instead each tab reloads at most once per `pace()`: the measured
cost of a refresh times the open tabs, over the share of time refreshes may take. A small team
gets its lists within half a second; 30 busy tabs every second or two, while the thread's new
messages still arrive at once (the "message" fast path costs no reads).

The cost is the reader threads' CPU time (`time.thread_time`, which excludes waiting for the
interpreter lock or a queue), summed over the reads of one refresh: `charge` adds to it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

REFRESH_SHARE = 0.25  # of the worker's time, for live refreshes; the rest for requests and clicks
OVERHEAD = 2.0  # the event loop's part (state, delta, JSON) is about as much as the reads
MIN_PACE, MAX_PACE = 0.5, 5.0
_SMOOTHING = 0.1
_cost: ContextVar[list[float] | None] = ContextVar("refresh_cost", default=None)
_average = {"seconds": 0.01}
LOG_EVERY_SECONDS = 60.0  # the pace in the log once a minute at most: a soak's trend shows there
_logged = {"at": float("-inf")}
log = logging.getLogger(__name__)


@contextmanager
def refreshing() -> Iterator[None]:
    """Around one tab's live refresh: its reads wait behind agents' own, and are measured."""
    spent = [0.0]
    token = _cost.set(spent)
    try:
        yield
    finally:
        _cost.reset(token)
        _average["seconds"] += _SMOOTHING * (spent[0] * OVERHEAD - _average["seconds"])


def in_refresh() -> bool:
    """True inside a live refresh (its reads are background work)."""
    return _cost.get() is not None


def charge(seconds: float) -> None:
    """A read of the current refresh took this much CPU time."""
    spent = _cost.get()
    if spent is not None:
        spent[0] += seconds


def pace(tabs: int) -> float:
    """Seconds between one tab's refreshes with `tabs` open on this worker."""
    wanted = tabs * _average["seconds"] / REFRESH_SHARE
    chosen = min(max(wanted, MIN_PACE), MAX_PACE)
    if (now := time.monotonic()) - _logged["at"] >= LOG_EVERY_SECONDS:
        _logged["at"] = now
        log.info(
            "live refreshes: each of %d tabs every %.2f s (a refresh costs %.1f ms)",
            tabs,
            chosen,
            _average["seconds"] * 1000,
        )
    return chosen
