"""The visitor's widget is in use: their contact's last seen follows, with browser and system.

Every widget call with a chat passes here. The write happens at most once a minute per
conversation and worker (a dictionary look-up otherwise), so the hot path stays cheap; the
service checks the stored time too, so several workers still write about once a minute.
"""

from __future__ import annotations

import time

from fastapi.concurrency import run_in_threadpool

from inbox_app.models.tables import utcnow
from inbox_app.services.contacts.visits import SEEN_EVERY, record_visit

EVERY_SECONDS = SEEN_EVERY.total_seconds()
PRUNE_AT = 10_000  # conversations remembered before the long gone are forgotten
_touched: dict[int, float] = {}


async def widget_used(sessions, *, conversation_id: int, user_agent: str) -> None:
    moment = time.monotonic()
    if moment - _touched.get(conversation_id, -EVERY_SECONDS) < EVERY_SECONDS:
        return
    _touched[conversation_id] = moment
    if len(_touched) > PRUNE_AT:
        for key in [k for k, at in _touched.items() if moment - at > EVERY_SECONDS]:
            _touched.pop(key, None)
    await run_in_threadpool(_record, sessions, conversation_id, user_agent)


def _record(sessions, conversation_id: int, user_agent: str) -> None:
    with sessions() as session:
        record_visit(session, conversation_id=conversation_id, user_agent=user_agent, now=utcnow())
