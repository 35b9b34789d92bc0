"""The built-in SMTP receiver (aiosmtpd) on INBOX_SMTP_PORT, run on the app's own event loop.

Every accepted mail is stored before the `250` answer; when it cannot be stored the answer is
`451` and the sending server tries again later (never dropped silently). A mail over 25 MB is
refused during the dialogue with `552` (aiosmtpd's size limit), and nothing is stored.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from pathlib import Path

from aiosmtpd.smtp import SMTP, Envelope
from sqlmodel import Session

from inbox_app.models.mail import Received
from inbox_app.models.tables import utcnow
from inbox_app.services.email.parsing import parse_mail
from inbox_app.services.email.receive import receive_mail

MAX_MAIL_BYTES = 25 * 1024 * 1024
log = logging.getLogger(__name__)
Sessions = Callable[[], AbstractContextManager[Session]]


class MailHandler:
    """aiosmtpd's handler: DATA → a stored message, then `on_stored` (the live events)."""

    def __init__(
        self,
        *,
        sessions: Sessions,
        upload_dir: Path,
        own_address: str,
        on_stored: Callable[[Received], None] = lambda _: None,
    ) -> None:
        self.sessions, self.upload_dir, self.own_address = sessions, upload_dir, own_address
        self.on_stored = on_stored
        # One storing thread: the database takes one writer at a time anyway, and several
        # busy threads only keep the interpreter lock from the event loop that speaks SMTP
        # (bench/email_ingest.py: somewhat more mails a second, as much CPU a mail).
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mail-store")

    def store(self, raw: bytes) -> Received:
        mail = parse_mail(raw)
        with self.sessions() as session:
            return receive_mail(
                session,
                mail=mail,
                own_address=self.own_address,
                upload_dir=self.upload_dir,
                now=utcnow(),
            )

    async def handle_DATA(self, server: SMTP, session, envelope: Envelope) -> str:  # noqa: N802
        # aiosmtpd sets the mail's bytes on every DATA; `content` is the same bytes, or their
        # decoding with decode_data (not set here), so it adds nothing when these are empty.
        raw = envelope.original_content or b""
        try:
            loop = asyncio.get_running_loop()
            received = await loop.run_in_executor(self._writer, self.store, raw)
        except Exception:
            log.exception("an incoming mail could not be stored; the sender will retry")
            return "451 4.3.0 The mail could not be stored; please try again later"
        self.on_stored(received)
        return "250 2.0.0 OK"


async def serve(handler: MailHandler, *, host: str, port: int) -> asyncio.Server:
    """Listening on the running loop. reuse_port: every worker of the server listens and the
    kernel shares the connections among them."""
    loop = asyncio.get_running_loop()

    def protocol() -> SMTP:
        return SMTP(
            handler,
            data_size_limit=MAX_MAIL_BYTES,
            enable_SMTPUTF8=True,
            hostname="inbox",
            ident="Inbox",
            loop=loop,
        )

    return await loop.create_server(protocol, host=host, port=port, reuse_port=True)
