"""The snooze clock: snoozed conversations come back by themselves when their time is up.

Every worker runs it; `wake_due` lets exactly one of them wake each conversation, and that
worker tells every dashboard (not this_worker_only: the others woke nothing).
"""

from __future__ import annotations

import asyncio
import logging

from inbox_app.db import session_scope
from inbox_app.models.tables import utcnow
from inbox_app.realtime import events
from inbox_app.services.conversations.snooze import wake_due

TICK_SECONDS = 2.0
log = logging.getLogger(__name__)


def wake_now() -> list[int]:
    with session_scope() as session:
        return wake_due(session, now=utcnow())


def announce(woken: list[int]) -> None:
    if len(woken) > 1:
        events.everything_changed()
    elif woken:
        events.conversation_changed(woken[0])


async def snooze_loop() -> None:
    while True:
        await asyncio.sleep(TICK_SECONDS)
        try:
            announce(await asyncio.to_thread(wake_now))
        except Exception:  # the clock must keep ticking through one bad round
            log.exception("the snooze clock failed a tick")
