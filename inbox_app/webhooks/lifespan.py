"""The webhooks' sender loop, registered by the composition root next to the email outbox's."""

from __future__ import annotations

import asyncio
import logging

from inbox_app.db import session_scope
from inbox_app.models.tables import utcnow
from inbox_app.webhooks import allow_private
from inbox_app.webhooks.sender import Sender

POLL_SECONDS = 2.0  # due retries, and deliveries other workers queued, go out within this
log = logging.getLogger(__name__)


async def webhook_sender() -> None:
    sender = Sender(sessions=session_scope, allow_private=allow_private())
    while True:
        try:
            await sender.send_due(now=utcnow())
        except Exception:  # the next round tries again; one bad round must not stop the loop
            log.exception("sending webhooks failed")
        await asyncio.sleep(POLL_SECONDS)
