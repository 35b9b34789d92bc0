"""The worker hears at once that it is stopping, so what waits on purpose stops waiting.

On SIGTERM granian stops accepting, then waits for every request in flight to end before the
app's lifespan shuts down; the app itself is told nothing until then. A widget's long-poll waits
up to 25 s for news, so a stop took up to 25 s plus the shutdown: the soak's "worker that
ignores SIGTERM" (its loop idle, its stacks waiting for granian's shutdown event) was granian
draining long-polls, and the 20 s kill timeout (worker_stop.py) then cut the shutdown short.

The stop callbacks (`on_stop`) run first, chained onto the handlers granian put on the
worker's loop for SIGTERM and SIGINT, and then granian's own handler does what it did.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Callable

log = logging.getLogger(__name__)
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
_callbacks: list[Callable[[], None]] = []


def on_stop(callback: Callable[[], None]) -> None:
    """Call `callback` (on the loop, once) when this worker is told to stop."""
    _callbacks.append(callback)


def _stop_then(original: asyncio.Handle) -> None:
    log.info("told to stop: %d stop callbacks run", len(_callbacks))  # the log shows it acted
    for callback in _callbacks:
        try:
            callback()
        except Exception:
            log.exception("a stop callback failed")  # granian's own handler still runs
    original._run()


def chain_onto_stop_signals(loop: asyncio.AbstractEventLoop) -> bool:
    """Put the stop callbacks before the loop's handlers for SIGTERM and SIGINT; False when
    there is none to chain onto. asyncio keeps a loop's handlers in `_signal_handlers` (no
    public getter); without it nothing changes and the kill timeout still bounds a stop."""
    handlers = getattr(loop, "_signal_handlers", None)
    if not isinstance(handlers, dict):
        return False
    originals = {sig: handlers[sig] for sig in STOP_SIGNALS if sig in handlers}
    for sig, original in originals.items():
        if getattr(original, "_callback", None) is _stop_then:
            continue  # chained already
        loop.add_signal_handler(sig, _stop_then, original)
    return bool(originals)


async def stop_notice() -> None:
    """A lifespan task: it runs on the worker's loop, after granian set its handlers."""
    if not chain_onto_stop_signals(asyncio.get_running_loop()):
        log.info("no stop signal handlers to chain onto: a stop waits for long-polls")
