"""The server-side clock: dots turn red by themselves, on every open dashboard, no polling.

Once a second it asks which conversations' contact messages just passed the missed threshold
(and flags them overdue: the rail's red counts, services/conversations/overdue.py),
and whether the set of agents with a live tab changed. A conversation turning red refreshes
what shows it (every list, the thread only where it is open); a change in who is online
(every dot may follow) refreshes everything.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

from inbox_app.db import session_scope
from inbox_app.models.tables import utcnow
from inbox_app.realtime import activity, events, live_tabs
from inbox_app.services import app_settings
from inbox_app.services.conversations import overdue
from inbox_app.services.statistics import missed
from inbox_app.services.team.availability import turned_overdue
from inbox_app.settings import get_settings

TICK_SECONDS = 1.0
log = logging.getLogger(__name__)


def crossed_threshold(after: datetime, until: datetime) -> list[int]:
    """The conversations that turned overdue in (after, until]."""
    with session_scope() as session:
        seconds = app_settings.missed_after_seconds(
            session, default=get_settings().missed_after_seconds
        )
        threshold = timedelta(seconds=seconds)
        crossed = turned_overdue(session, after=after, until=until, threshold=threshold)
        missed.record_crossed(session, conversation_ids=crossed, now=until, threshold=threshold)
        # the attention counts' red part: one worker flags each (the others find it done)
        flagged = overdue.flag_due(session, now=until, threshold=threshold)
        return sorted(set(crossed) | set(flagged))


def _announce(crossed: list[int], *, live_changed: bool) -> None:
    """Every worker's clock sees this for its own tabs (this_worker_only). Each conversation
    by its id: a tab reloads its open thread only when that one turned red."""
    if live_changed:
        events.everything_changed(this_worker_only=True)
        return
    for conversation_id in crossed:
        events.conversation_changed(conversation_id, this_worker_only=True)


async def clock_loop() -> None:
    last_tick, last_live = utcnow(), live_tabs.live_agent_ids()
    while True:
        await asyncio.sleep(TICK_SECONDS)
        try:
            now, live = utcnow(), live_tabs.live_agent_ids()
            crossed = await asyncio.to_thread(crossed_threshold, last_tick, now)
            _announce(crossed, live_changed=live != last_live)
            if activity.typing_ended() | activity.prune():
                events.activity_changed()
            last_tick, last_live = now, live
        except Exception:  # the clock must keep ticking through one bad round
            log.exception("the missed clock failed a tick")
