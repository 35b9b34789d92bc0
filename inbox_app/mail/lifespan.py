"""The email channel's background work, registered by the composition root: the receiver on
INBOX_SMTP_PORT (off without it)."""

from __future__ import annotations

import asyncio
import logging

from inbox_app.db import session_scope
from inbox_app.mail.config import get_mail_settings
from inbox_app.mail.receiver import MailHandler, serve
from inbox_app.models.mail import Received
from inbox_app.realtime import events
from inbox_app.settings import get_settings

log = logging.getLogger(__name__)
_state = {"smtp": "off"}  # "ok" while listening, "error" when it could not listen


def receiver_state() -> str:
    """For GET /api/health: "off" without INBOX_SMTP_PORT."""
    return _state["smtp"]


def _announce(received: Received) -> None:
    for conversation_id in received.conversation_ids:
        events.conversation_changed(conversation_id)


async def smtp_receiver() -> None:
    mail = get_mail_settings()
    if mail.smtp_port is None:
        return
    handler = MailHandler(sessions=session_scope, upload_dir=get_settings().upload_dir,
                          own_address=mail.own_address, on_stored=_announce)  # fmt: skip
    try:
        server = await serve(handler, host=mail.smtp_host, port=mail.smtp_port)
    except OSError:
        _state["smtp"] = "error"
        log.exception("the SMTP receiver cannot listen on port %s", mail.smtp_port)
        return
    _state["smtp"] = "ok"
    log.info("SMTP receiver listening on %s:%s", mail.smtp_host, mail.smtp_port)
    try:
        await asyncio.Event().wait()  # until the app stops and cancels this task
    finally:
        _state["smtp"] = "off"
        server.close()
