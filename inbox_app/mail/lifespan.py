"""The email channel's background work, registered by the composition root: the receiver on
INBOX_SMTP_PORT (off without it), IMAP polling (off without INBOX_IMAP_URL) and the outbox's
sender."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from inbox_app.db import session_scope
from inbox_app.mail.config import get_mail_settings
from inbox_app.mail.imap import fetch_once
from inbox_app.mail.overview import record_imap_round
from inbox_app.mail.receiver import MailHandler, serve
from inbox_app.mail.sender import BATCH, send_round
from inbox_app.models.mail import Received
from inbox_app.realtime import events
from inbox_app.realtime.transport import registry
from inbox_app.services.email import outbox_sending
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
    handler = MailHandler(
        sessions=session_scope,
        upload_dir=get_settings().upload_dir,
        own_address=mail.own_address,
        on_stored=_announce,
    )
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
        handler.close()


POLL_SECONDS = 2.0  # due retries, and mail other workers queued, are found within this
WAITING_NOTE = "Waiting: no outgoing mail server is set (INBOX_SMTP_RELAY_URL)."
_wakeup: dict[str, object] = {}


def wake() -> None:
    """Something was queued: send now rather than at the next poll. Safe from any thread."""
    loop, event = _wakeup.get("loop"), _wakeup.get("event")
    if isinstance(loop, asyncio.AbstractEventLoop) and isinstance(event, asyncio.Event):
        loop.call_soon_threadsafe(event.set)


async def outbox_sender() -> None:
    event = asyncio.Event()
    _wakeup.update(loop=asyncio.get_running_loop(), event=event)
    while True:
        try:
            await _send_round()
        except Exception:  # the next round tries again; one bad round must not stop the loop
            log.exception("sending the outbox failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), timeout=POLL_SECONDS)
        event.clear()


async def _send_round() -> None:
    mail = get_mail_settings()
    if mail.relay is None:
        if await asyncio.to_thread(_note_waiting):
            events.everything_changed()
        return
    while True:  # a full round may leave more due (a burst, a restart): go on at once
        done = await send_round(
            sessions=session_scope, mail=mail, upload_dir=get_settings().upload_dir
        )
        for conversation_id in done.changed:
            events.conversation_changed(conversation_id)
        if done.claimed < BATCH:
            return


def _note_waiting() -> int:
    with session_scope() as session:
        return outbox_sending.note_waiting(session, note=WAITING_NOTE)


IMAP_CLAIM_SECONDS = 300.0  # one worker polls at a time; a worker that died is replaced after


async def imap_poller() -> None:
    """Every INBOX_IMAP_POLL_SECONDS; off without INBOX_IMAP_URL."""
    mail = get_mail_settings()
    if mail.imap is None:
        return
    handler = MailHandler(
        sessions=session_scope, upload_dir=get_settings().upload_dir, own_address=mail.own_address
    )
    while True:
        try:
            if registry.claim("imap", seconds=IMAP_CLAIM_SECONDS):
                try:
                    for received in await asyncio.to_thread(fetch_once, mail.imap, handler):
                        _announce(received)
                finally:
                    registry.release("imap")
                record_imap_round(None)
        except Exception as error:  # the mailbox or the database is away: try again next round
            log.exception("fetching mail from the IMAP mailbox failed")
            with contextlib.suppress(Exception):  # Redis may be what is away
                record_imap_round(f"{type(error).__name__}: {error}")
        await asyncio.sleep(mail.imap.poll_seconds)
