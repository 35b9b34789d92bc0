"""Work the server does on its own: purging deleted conversations once their undo window ends."""

from __future__ import annotations

import asyncio
import logging

from inbox_app.db import session_scope
from inbox_app.models.tables import utcnow
from inbox_app.services.conversation_actions import purge_deleted

PURGE_EVERY_SECONDS = 2.0
log = logging.getLogger(__name__)


def purge_once() -> int:
    with session_scope() as session:
        return len(purge_deleted(session, now=utcnow()))


async def purge_loop() -> None:
    while True:
        try:
            await asyncio.to_thread(purge_once)
        except Exception:  # keep purging later; one bad round must not stop the loop
            log.exception("purging deleted conversations failed")
        await asyncio.sleep(PURGE_EVERY_SECONDS)
