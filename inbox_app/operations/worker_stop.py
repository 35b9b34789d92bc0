"""A worker that does not stop is killed: the server is gone within STOP_SECONDS of SIGTERM.

granian's master waits for its workers for ever unless `workers_kill_timeout` is set, and
Reflex builds granian's server without it (reflex/utils/exec.py). In the 10-minute soak a
worker now and then never acted on SIGTERM: its stacks (SIGUSR1) showed its loop idle, still
waiting for granian's shutdown event, and the master waiting for it, until the soak's SIGKILL
30 s later. systemd would have waited out its TimeoutStopSec (30 s, docs/deploy). granian's
maintainer: set workers_kill_timeout in production (emmett-framework/granian#875).

Why the worker waited was found later: granian drains the requests in flight before the app
hears of the stop, and widgets' long-polls wait up to 25 s (stop_notice.py now answers them at
once). The timeout stays, for any request that still hangs.

Killing such a worker loses nothing acknowledged: a message is answered only after the commit
that holds it (the crash tests kill workers mid-send). GRANIAN_WORKERS_KILL_TIMEOUT, granian's
own name for it, sets another number of seconds.
"""

from __future__ import annotations

import functools
import os
from typing import Any

STOP_SECONDS = 20  # under systemd's 30: the master still logs and exits by itself


def kill_workers_that_do_not_stop() -> None:
    """Every granian server made after this (Reflex makes it after importing the app) kills a
    worker that has not stopped STOP_SECONDS after SIGTERM. Idempotent."""
    from granian.server.common import AbstractServer

    made = AbstractServer.__init__
    if getattr(made, "kills_stuck_workers", False):
        return
    seconds = int(os.environ.get("GRANIAN_WORKERS_KILL_TIMEOUT") or STOP_SECONDS)

    @functools.wraps(made)
    def with_kill_timeout(self: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("workers_kill_timeout", seconds)
        made(self, *args, **kwargs)

    with_kill_timeout.kills_stuck_workers = True  # type: ignore[attr-defined]
    AbstractServer.__init__ = with_kill_timeout  # type: ignore[method-assign]
