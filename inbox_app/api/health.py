"""`GET /api/health`: 200 with the state of the database, Redis, the SMTP receiver and the
background loops while the database answers, 503 when it does not. No sign-in: monitors call
it; it says nothing secret and names no versions."""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from typing import cast

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from inbox_app.api.deps import SessionFactory
from inbox_app.mail.config import get_mail_settings
from inbox_app.mail.lifespan import imap_poller, outbox_sender, receiver_state
from inbox_app.maintenance import purge_loop
from inbox_app.operations import health
from inbox_app.realtime.clock import clock_loop
from inbox_app.realtime.group_commit import writer as message_writer
from inbox_app.realtime.transport import bus, redis_link
from inbox_app.realtime.widget.clock import widget_clock_loop

router = APIRouter()
log = logging.getLogger(__name__)


def _loops() -> dict[str, str]:
    """The lifespan tasks the composition root registers; the bus listens only with Redis."""
    states = health.loop_states(
        {
            "purge": purge_loop,
            "clock": clock_loop,
            "widget_clock": widget_clock_loop,
            "redis_listener": bus.listen if redis_link.enabled() else None,
            "mail_outbox": outbox_sender,
            "imap": imap_poller if get_mail_settings().imap else None,
        }
    )
    # the group-commit writer of widget and API messages, started on first use
    states["widget_writer"] = health.thread_state(message_writer.name)
    return states


@router.get("/api/health")
async def get_health(sessions: SessionFactory) -> JSONResponse:
    report = health.Health(
        database=await health.database_state(sessions=sessions),
        redis=await health.redis_state(
            enabled=redis_link.enabled(),
            # redis-py types every command as sync-or-async; the asyncio client's awaits.
            ping=lambda: cast(Awaitable[bool], redis_link.async_client().ping()),
        ),
        smtp=receiver_state(),  # "off" without INBOX_SMTP_PORT
        loops=_loops(),
    )
    if report.database != "ok":
        log.warning("health check: the database does not answer")
    elif report.status != "ok":
        log.warning("health check: %s", report.as_json())
    headers = {"Cache-Control": "no-store"}
    code = 503 if report.database != "ok" else 200
    return JSONResponse(report.as_json(), status_code=code, headers=headers)
