"""The widget side's clock: typing that ran out, and visitors who left.

Once a second: a visitor's typing line that ran out leaves the dashboards, an agent's leaves
the widget (its long-poll is woken), and visitors without a heartbeat drop off Visitors online,
whose "time on site" is refreshed every half minute.
"""

from __future__ import annotations

import asyncio
import logging

from inbox_app.models.tables import utcnow
from inbox_app.realtime import events
from inbox_app.realtime.widget import online as visitors_online
from inbox_app.realtime.widget import typing_status as widget_typing
from inbox_app.realtime.widget import waits as visitor_waits

TICK_SECONDS = 1.0
TIME_ON_SITE_TICKS = 30
log = logging.getLogger(__name__)


def tick(round_number: int) -> None:
    visitor_changed, agent_changed = widget_typing.expire()
    if visitor_changed:
        events.activity_changed()
    for conversation_id in agent_changed:
        visitor_waits.wake(conversation_id)
    now = utcnow()
    left = visitors_online.prune(now=now)
    if left:  # only the worker whose clock removed them knows: tell every worker
        events.visitors_changed()
    elif round_number % TIME_ON_SITE_TICKS == 0 and visitors_online.online(now=now):
        events.visitors_changed(this_worker_only=True)


async def widget_clock_loop() -> None:
    round_number = 0
    while True:
        await asyncio.sleep(TICK_SECONDS)
        round_number += 1
        try:
            tick(round_number)
        except Exception:  # the clock must keep ticking through one bad round
            log.exception("the widget clock failed a tick")
